/**
 * Small builders for the objects charts render: labelled Deployments, StatefulSets, Services, Jobs.
 * They produce ordinary manifests, so the cluster treats chart objects and kubectl-applied objects alike.
 */
import { isMap } from '../core/values.ts';
import { parseBytes } from '../core/quantity.ts';
import type { DependencyRef, KubeObject } from '../core/state.ts';
import type { Blueprint, HookBlueprint, RenderContext } from './types.ts';

/** Bitnami's common.names.fullname: the override, else the release name if it contains the chart name, else "release-chart". */
export function fullname(ctx: RenderContext, chart: string, override?: unknown): string {
  if (typeof override === 'string' && override !== '') return override;
  return ctx.release.includes(chart) ? ctx.release : `${ctx.release}-${chart}`;
}

/** The labels helm charts put on everything they render. */
export function chartLabels(ctx: RenderContext, name: string, chart: string, version: string, appVersion: string, component?: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': ctx.release,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/version': appVersion,
    'helm.sh/chart': `${chart}-${version}`,
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

function releaseAnnotations(ctx: RenderContext): Record<string, string> {
  return { 'meta.helm.sh/release-name': ctx.release, 'meta.helm.sh/release-namespace': ctx.namespace };
}

/** An env var read from a Secret key (the pod cannot start until it exists). */
export interface SecretEnv {
  name: string;
  secret: string;
  key: string;
}

/** A container of a chart workload. */
export interface ContainerSpec {
  name: string;
  image: string;
  ports?: { name: string; containerPort: number }[];
  /** The chart's resources value, passed through as given. */
  resources?: unknown;
  secretEnv?: SecretEnv[];
}

/** A Deployment or StatefulSet of a chart. */
export interface WorkloadSpec {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  /** Selector labels; pods carry them. */
  selector: Record<string, string>;
  labels: Record<string, string>;
  replicas?: number;
  container: ContainerSpec;
  /** Virtual ms from start to ready. */
  readyAfterMs: number;
  /** Service hosts ("name:port" or "name.ns.svc...") the pods wait for. */
  dependsOnHosts?: string[];
  /** Jobs (same namespace) that must have completed first. */
  dependsOnJobs?: string[];
  /** Memory limits below this are OOM-killed while starting (e.g. "2304Mi"). */
  minMemoryLimit?: string;
  /** StatefulSets: the governing (headless) Service. */
  serviceName?: string;
  /** StatefulSets: claims created per replica. */
  claims?: { name: string; size: string }[];
}

function containerManifest(c: ContainerSpec): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    ...(c.ports ? { ports: c.ports.map((p) => ({ ...p, protocol: 'TCP' })) } : {}),
    ...(c.secretEnv && c.secretEnv.length > 0
      ? { env: c.secretEnv.map((e) => ({ name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key } } })) }
      : {}),
    resources: isMap(c.resources) ? c.resources : {},
  };
}

function dependencies(ctx: RenderContext, hosts: string[] = [], jobs: string[] = []): DependencyRef[] | undefined {
  const refs: DependencyRef[] = [
    ...hosts.filter((h) => h !== '').map((h) => ({ service: h.split(':')[0]!, namespace: ctx.namespace })),
    ...jobs.map((j) => ({ job: j, namespace: ctx.namespace })),
  ];
  return refs.length > 0 ? refs : undefined;
}

/** Builds a Deployment or StatefulSet blueprint. */
export function workload(ctx: RenderContext, spec: WorkloadSpec, source: string): Blueprint {
  const podLabels = { ...spec.labels, ...spec.selector };
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: spec.kind,
    metadata: { name: spec.name, namespace: ctx.namespace, labels: spec.labels, annotations: releaseAnnotations(ctx) },
    spec: {
      replicas: spec.replicas ?? 1,
      selector: { matchLabels: spec.selector },
      ...(spec.kind === 'StatefulSet' ? { serviceName: spec.serviceName ?? `${spec.name}-headless` } : {}),
      template: { metadata: { labels: podLabels }, spec: { containers: [containerManifest(spec.container)] } },
      ...(spec.claims && spec.claims.length > 0
        ? { volumeClaimTemplates: spec.claims.map((c) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: c.name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: c.size } } } })) }
        : {}),
    },
  };
  const dependsOn = dependencies(ctx, spec.dependsOnHosts, spec.dependsOnJobs);
  return {
    object,
    source,
    sim: {
      readyAfterMs: spec.readyAfterMs,
      ...(dependsOn ? { dependsOn } : {}),
      ...(spec.minMemoryLimit ? { minMemoryLimit: parseBytes(spec.minMemoryLimit) } : {}),
    },
  };
}

/** A Service port. */
export interface ServicePort {
  name: string;
  port: number;
  targetPort?: number | string;
}

/** Builds a Service blueprint. */
export function service(ctx: RenderContext, name: string, selector: Record<string, string>, ports: ServicePort[], labels: Record<string, string>, options: { type?: string; headless?: boolean } = {}, source = ''): Blueprint {
  return {
    source,
    sim: {},
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ctx.namespace, labels, annotations: releaseAnnotations(ctx) },
      spec: {
        type: options.type ?? 'ClusterIP',
        ...(options.headless ? { clusterIP: 'None', publishNotReadyAddresses: true } : {}),
        ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: 'TCP' })),
        selector,
      },
    },
  };
}

/** A Job of a chart, as a hook or as a plain release object. */
export interface JobSpec {
  name: string;
  labels: Record<string, string>;
  container: ContainerSpec;
  /** Virtual ms the Job runs once it can. */
  durationMs: number;
  dependsOnHosts?: string[];
  backoffLimit?: number;
}

function jobObject(ctx: RenderContext, spec: JobSpec, annotations: Record<string, string>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: spec.name, namespace: ctx.namespace, labels: spec.labels, annotations },
    spec: {
      backoffLimit: spec.backoffLimit ?? 6,
      template: {
        metadata: { labels: spec.labels },
        spec: { restartPolicy: 'Never', containers: [containerManifest(spec.container)] },
      },
    },
  };
}

/** Builds a hook Job blueprint. */
export function hookJob(ctx: RenderContext, spec: JobSpec, hook: { events: string[]; weight: number; deletePolicies?: string[] }, source: string): HookBlueprint {
  const deletePolicies = hook.deletePolicies ?? ['before-hook-creation'];
  const annotations: Record<string, string> = {
    'helm.sh/hook': hook.events.join(','),
    ...(hook.weight !== 0 ? { 'helm.sh/hook-weight': String(hook.weight) } : {}),
    'helm.sh/hook-delete-policy': deletePolicies.join(','),
  };
  const dependsOn = dependencies(ctx, spec.dependsOnHosts);
  return {
    object: jobObject(ctx, spec, annotations),
    source,
    sim: { readyAfterMs: spec.durationMs, hook: true, ...(dependsOn ? { dependsOn } : {}) },
    events: hook.events,
    weight: hook.weight,
    deletePolicies,
  };
}

/** Builds a Job that is part of the release manifest (not a hook). */
export function plainJob(ctx: RenderContext, spec: JobSpec, source: string): Blueprint {
  const dependsOn = dependencies(ctx, spec.dependsOnHosts);
  return { object: jobObject(ctx, spec, releaseAnnotations(ctx)), source, sim: { readyAfterMs: spec.durationMs, ...(dependsOn ? { dependsOn } : {}) } };
}

/** Builds a Secret or ConfigMap blueprint. */
export function dataObject(ctx: RenderContext, kind: 'Secret' | 'ConfigMap', name: string, data: Record<string, string>, labels: Record<string, string>, source: string, extraAnnotations: Record<string, string> = {}): Blueprint {
  const encoded = kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) : data;
  return {
    source,
    sim: {},
    object: {
      apiVersion: 'v1',
      kind,
      metadata: { name, namespace: ctx.namespace, labels, annotations: { ...releaseAnnotations(ctx), ...extraAnnotations } },
      data: encoded,
      ...(kind === 'Secret' ? { type: 'Opaque' } : {}),
    },
  };
}
