/**
 * The DataSpoke dev environment as a project the CLI drives: config from config/ (the files in env/), nodes from tasks/.
 */
import { stateLayout } from '../state/layout.ts';
import { join } from 'node:path';
import type { Project, ProjectContext } from '../cli/project.ts';
import type { DevEnvConfig } from '../config/config.ts';
import { loadConfig, loadConfigForGraph, secretValues } from '../config/load.ts';
import { PROJECT_ROOT } from '../config/project-root.ts';
import { createHelm } from '../kube/helm.ts';
import { createKubectl } from '../kube/kubectl.ts';
import { DEV_ENV_GROUPS, buildDevEnvGraph } from './graph.ts';
import { namespaceObjects } from '../tasks/namespace-objects.ts';
import { namespaceReleases } from '../tasks/namespace-releases.ts';
import { downQuestions } from './down-questions.ts';
import { sharedReads } from '../kube/read-cache.ts';
import { probeProblems } from '../tasks/preflight.ts';
import { summaryLines } from './summary.ts';
import { verifyContext } from './verify-context.ts';

/** How often the system-update Job is polled while helm installs DataHub. */
const PROGRESS_POLL_MS = 10_000;
/** How often its progress is reported: every third poll (a report between two polls would say nothing new). */
const PROGRESS_REPORT_MS = 3 * PROGRESS_POLL_MS;

/** Options for tests, the demo and benchmarks. */
export interface DevEnvProjectOptions {
  /** How often to poll and report the system-update Job. `undefined` means 10 s and 30 s. */
  readonly progress?: { readonly pollMs: number; readonly reportMs: number };
  /**
   * The charts folder, which the tasks only read (helm writes into a working copy in the state folder).
   * `undefined` means the project's own `charts/`; tests pass a copy they can edit.
   */
  readonly chartsDir?: string;
}

export function devEnvProject(options: DevEnvProjectOptions = {}): Project {
  /** The nodes and everything else the CLI needs, from a valid configuration. */
  function contextOf(
    config: DevEnvConfig,
    env: NodeJS.ProcessEnv,
    stateDir: string,
    warnings: { every: readonly string[]; up: readonly string[] },
  ): ProjectContext {
    const reads = sharedReads();
    const target = { context: config.kubeContext, env, reads };
    const kubectl = createKubectl(target);
    const helm = createHelm(target);
    const nodes = buildDevEnvGraph({
      config,
      kubectl,
      helm,
      reads,
      objects: namespaceObjects(kubectl, reads),
      releases: namespaceReleases(helm, reads),
      paths: {
        root: PROJECT_ROOT,
        charts: options.chartsDir ?? join(PROJECT_ROOT, 'charts'),
        manifests: join(PROJECT_ROOT, 'manifests'),
        state: stateLayout(stateDir),
      },
      progress: options.progress ?? { pollMs: PROGRESS_POLL_MS, reportMs: PROGRESS_REPORT_MS },
    });
    return {
      nodes,
      declaredGroups: DEV_ENV_GROUPS,
      secrets: secretValues(config),
      warnings: warnings.every,
      upWarnings: warnings.up,
      downQuestions: downQuestions(config),
      summary: async (groups) => summaryLines(config, groups),
      probe: () => probeProblems({ config, kubectl, helm }),
      verify: () => verifyContext(kubectl, config.kubeContext),
    };
  }

  return {
    description: 'the DataSpoke local development environment (DataHub, DataSpoke infrastructure, example sources)',
    async load({ envFile, env, cwd, stateDir, purpose }) {
      const file = envFile ? { envFile } : {};
      if (purpose === 'graph') {
        // The graph's shape needs neither secrets nor a complete env file (stand-ins and the example's values).
        const { config, note } = loadConfigForGraph({ env, cwd, ...file });
        return { ok: true, context: { ...contextOf(config, env, stateDir, { every: note ? [note] : [], up: [] }), secrets: [] } };
      }
      const loaded = loadConfig({ env, cwd, ...file });
      if (!loaded.ok) return loaded;
      return { ok: true, context: contextOf(loaded.config, env, stateDir, { every: loaded.warnings, up: loaded.llmWarnings }) };
    },
  };
}
