/**
 * A helm release revision in the shape `helm status -o json` prints (helm.sh/helm/v3/pkg/release).
 */

/** A values tree. */
export type Values = Record<string, unknown>;

/** Release statuses, as helm spells them. */
export type ReleaseStatus =
  | 'unknown' | 'deployed' | 'uninstalled' | 'superseded' | 'failed' | 'uninstalling'
  | 'pending-install' | 'pending-upgrade' | 'pending-rollback';

/** Chart.yaml fields, as in the release's chart.metadata. */
export interface ChartMetadata {
  name: string;
  version: string;
  description?: string;
  apiVersion: string;
  appVersion?: string;
  type?: string;
  home?: string;
  keywords?: string[];
  sources?: string[];
  dependencies?: Record<string, unknown>[];
  [field: string]: unknown;
}

/** A hook as recorded on the release. */
export interface HookRecord {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: string[];
  last_run: { started_at: string; completed_at: string; phase: string };
  weight?: number;
  delete_policies?: string[];
}

/** The simulator's bookkeeping for a revision; stripped before printing. */
export interface ReleaseSim {
  /** Keys of the objects this revision's manifest created or updated. */
  objectKeys: string[];
  /** What was installed: "repo/chart" or an absolute chart path. */
  chartRef: string;
}

/** One revision of a release. */
export interface ReleaseRecord {
  name: string;
  namespace: string;
  version: number;
  info: {
    first_deployed: string;
    last_deployed: string;
    deleted: string;
    description: string;
    status: ReleaseStatus;
    notes?: string;
  };
  chart: {
    metadata: ChartMetadata;
    lock: unknown;
    templates: { name: string; data: string }[];
    values: Values;
    schema: unknown;
    files: { name: string; data: string }[];
  };
  /** User-supplied values (-f files merged, then --set); absent when none, as helm omits an empty map. */
  config?: Values;
  manifest: string;
  hooks?: HookRecord[];
  sim: ReleaseSim;
}

/** A release as helm encodes it: pkg/release.Release, every field `omitempty`. */
export type PublicRelease = Omit<ReleaseRecord, 'sim' | 'chart' | 'manifest'> & { chart?: ReleaseRecord['chart']; manifest?: string };

/**
 * The release as helm prints it, without the simulator's bookkeeping, in the order of pkg/release.Release's
 * fields (name, info, chart, config, manifest, hooks, version, namespace) and without the empty ones.
 * `chart: false` is `helm status`: it sets `rel.Chart = nil` before printing, so its JSON/YAML has no `chart`.
 */
export function publicRelease(record: ReleaseRecord, options: { chart?: boolean } = {}): PublicRelease {
  return {
    name: record.name,
    info: record.info,
    ...(options.chart === false ? {} : { chart: record.chart }),
    ...(record.config && Object.keys(record.config).length > 0 ? { config: record.config } : {}),
    ...(record.manifest ? { manifest: record.manifest } : {}),
    ...(record.hooks && record.hooks.length > 0 ? { hooks: record.hooks } : {}),
    version: record.version,
    namespace: record.namespace,
  };
}
