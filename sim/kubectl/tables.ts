/**
 * kubectl's default (table) output for the kinds the simulator serves.
 */
import { isMap } from '../core/values.ts';
import { humanAge } from '../core/timefmt.ts';
import type { KubeObject } from '../core/state.ts';

type Row = string[];

function age(obj: KubeObject, now: number): string {
  const created = Date.parse(String(obj.metadata.creationTimestamp ?? ''));
  return Number.isNaN(created) ? '<unknown>' : humanAge(now - created);
}

function m(value: unknown): Record<string, unknown> {
  return isMap(value) ? value : {};
}

function podStatus(pod: KubeObject): { ready: string; status: string; restarts: string } {
  const status = m(pod.status);
  const containers = Array.isArray(status.containerStatuses) ? (status.containerStatuses as Record<string, unknown>[]) : [];
  const total = Array.isArray(m(pod.spec).containers) ? (m(pod.spec).containers as unknown[]).length : containers.length;
  const ready = containers.filter((c) => c.ready === true).length;
  let reason = String(status.phase ?? 'Unknown');
  for (const c of containers) {
    const state = m(c.state);
    if (isMap(state.waiting) && state.waiting.reason) reason = String(state.waiting.reason);
    else if (isMap(state.terminated) && state.terminated.reason) reason = String(state.terminated.reason);
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  const restarts = containers.reduce((sum, c) => sum + Number(c.restartCount ?? 0), 0);
  return { ready: `${ready}/${total}`, status: reason, restarts: String(restarts) };
}

function servicePorts(spec: Record<string, unknown>): string {
  const ports = Array.isArray(spec.ports) ? (spec.ports as Record<string, unknown>[]) : [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`).join(',');
}

/** A kind's header and one object's row. */
interface Columns {
  header: string[];
  row: Row;
}

type ColumnsOf = (obj: KubeObject, now: number, spec: Record<string, unknown>, status: Record<string, unknown>) => Columns;

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** The columns of each kind kubectl has a table for; other kinds show NAME and AGE. */
const COLUMNS: Record<string, ColumnsOf> = {
  Namespace: (obj, now, _spec, status) => ({ header: ['NAME', 'STATUS', 'AGE'], row: [obj.metadata.name, String(status.phase ?? 'Active'), age(obj, now)] }),
  Pod: (obj, now) => {
    const p = podStatus(obj);
    return { header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], row: [obj.metadata.name, p.ready, p.status, p.restarts, age(obj, now)] };
  },
  Deployment: (obj, now, spec, status) => {
    const replicas = Number(spec.replicas ?? 1);
    return {
      header: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      row: [obj.metadata.name, `${Number(status.readyReplicas ?? 0)}/${replicas}`, String(status.updatedReplicas ?? 0), String(status.availableReplicas ?? 0), age(obj, now)],
    };
  },
  StatefulSet: (obj, now, spec, status) => ({ header: ['NAME', 'READY', 'AGE'], row: [obj.metadata.name, `${Number(status.readyReplicas ?? 0)}/${Number(spec.replicas ?? 1)}`, age(obj, now)] }),
  Job: jobColumns,
  Service: serviceColumns,
  Secret: (obj, now) => ({ header: ['NAME', 'TYPE', 'DATA', 'AGE'], row: [obj.metadata.name, String(obj.type ?? 'Opaque'), String(Object.keys(m(obj.data)).length), age(obj, now)] }),
  ConfigMap: (obj, now) => ({ header: ['NAME', 'DATA', 'AGE'], row: [obj.metadata.name, String(Object.keys(m(obj.data)).length + Object.keys(m(obj.binaryData)).length), age(obj, now)] }),
  PersistentVolumeClaim: (obj, now, spec, status) => ({
    header: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    row: [obj.metadata.name, String(status.phase ?? 'Pending'), String(spec.volumeName ?? ''), String(m(status.capacity).storage ?? ''),
      (Array.isArray(status.accessModes) ? status.accessModes : []).map((a) => ACCESS_MODES[String(a)] ?? String(a)).join(','),
      String(spec.storageClassName ?? ''), '<unset>', age(obj, now)],
  }),
  Event: eventColumns,
  Node: (obj, now, _spec, status) => ({
    header: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    row: [obj.metadata.name, 'Ready', 'control-plane', age(obj, now), String(m(m(status).nodeInfo).kubeletVersion ?? '')],
  }),
};

function columns(kind: string, obj: KubeObject, now: number): Columns {
  const of = Object.hasOwn(COLUMNS, kind) ? COLUMNS[kind] : undefined;
  if (!of) return { header: ['NAME', 'AGE'], row: [obj.metadata.name, age(obj, now)] };
  return of(obj, now, m(obj.spec), m(obj.status));
}

/** A Job: Complete, Failed or Running, completions, and how long it ran (so far). */
function jobColumns(obj: KubeObject, now: number, spec: Record<string, unknown>, status: Record<string, unknown>): Columns {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  const state = conditions.some((c) => c.type === 'Complete') ? 'Complete' : conditions.some((c) => c.type === 'Failed') ? 'Failed' : 'Running';
  const start = Date.parse(String(status.startTime ?? ''));
  const end = status.completionTime ? Date.parse(String(status.completionTime)) : now;
  return {
    header: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    row: [obj.metadata.name, state, `${Number(status.succeeded ?? 0)}/${Number(spec.completions ?? 1)}`, Number.isNaN(start) ? '' : humanAge(end - start), age(obj, now)],
  };
}

/** A Service: its type, ClusterIP, the LoadBalancer's ingress (or <pending>), its ports. */
function serviceColumns(obj: KubeObject, now: number, spec: Record<string, unknown>, status: Record<string, unknown>): Columns {
  const ingress = Array.isArray(m(status.loadBalancer).ingress) ? (m(status.loadBalancer).ingress as Record<string, unknown>[]) : [];
  const external = spec.type === 'LoadBalancer' ? (ingress.length > 0 ? ingress.map((i) => String(i.ip)).join(',') : '<pending>') : '<none>';
  return {
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: [obj.metadata.name, String(spec.type ?? 'ClusterIP'), String(spec.clusterIP ?? '<none>'), external, servicePorts(spec), age(obj, now)],
  };
}

/** An Event: when last seen, its type and reason, the object it is about, its message. */
function eventColumns(obj: KubeObject, now: number): Columns {
  const involved = m(obj.involvedObject);
  const last = Date.parse(String(obj.lastTimestamp ?? ''));
  return {
    header: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    row: [Number.isNaN(last) ? '<unknown>' : humanAge(now - last), String(obj.type), String(obj.reason), `${String(involved.kind).toLowerCase()}/${String(involved.name)}`, String(obj.message)],
  };
}

/** Formats rows like Go's tabwriter with kubectl's padding of three spaces. */
export function formatTable(rows: Row[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('')).join('\n') + '\n';
}

/** The table for `objects` (all of one kind); `withNamespace` adds kubectl's NAMESPACE column (-A). */
export function renderTable(kind: string, objects: KubeObject[], now: number, withNamespace: boolean, noHeaders = false): string {
  const rows: Row[] = [];
  let header: string[] = [];
  for (const obj of objects) {
    const c = columns(kind, obj, now);
    header = c.header;
    rows.push(withNamespace ? [String(obj.metadata.namespace ?? ''), ...c.row] : c.row);
  }
  if (!noHeaders) rows.unshift(withNamespace ? ['NAMESPACE', ...header] : header);
  return formatTable(rows);
}
