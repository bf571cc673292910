/**
 * The scheduler of the single node: places pods in creation order where their CPU and memory requests
 * fit the node's allocatable resources, or leaves them Pending ("Insufficient memory").
 *
 * Pods of Jobs free their requests when the Job's pod would finish; other pods hold them forever.
 * Decisions are recomputed from the stored objects on every read (nothing is persisted), so deleting an
 * object frees its requests for every later computation.
 */

/** A pod waiting to be placed. */
export interface PodSlot {
  id: string;
  /** Real ms from which the pod may be scheduled. */
  earliestMs: number;
  cpuMillis: number;
  memoryBytes: number;
  /** Real ms the pod runs once scheduled; Infinity for long-running pods. */
  runMs: number;
}

/** Where and when a slot was placed. */
export interface Placement {
  /** Real ms of scheduling; Infinity when it never fits (as of the current objects). */
  scheduledMs: number;
  /** "Insufficient memory", "Insufficient cpu" or both, when it did not fit at `earliestMs`. */
  insufficient: string[];
}

interface Interval {
  start: number;
  end: number;
  cpu: number;
  mem: number;
}

/** Places `slots` (already in creation order) on a node with `cpuMillis` and `memoryBytes` allocatable. */
export function schedule(slots: readonly PodSlot[], cpuMillis: number, memoryBytes: number): Map<string, Placement> {
  const placed: Interval[] = [];
  const result = new Map<string, Placement>();
  const usageWithin = (start: number, end: number): { cpu: number; mem: number } => {
    // Peak usage over [start, end): check at start and at every interval start inside the window.
    const points = [start, ...placed.map((p) => p.start).filter((s) => s > start && s < end)];
    let cpu = 0;
    let mem = 0;
    for (const t of points) {
      let c = 0;
      let m = 0;
      for (const p of placed) if (p.start <= t && t < p.end) { c += p.cpu; m += p.mem; }
      cpu = Math.max(cpu, c);
      mem = Math.max(mem, m);
    }
    return { cpu, mem };
  };
  for (const slot of slots) {
    const candidates = [slot.earliestMs, ...placed.map((p) => p.end).filter((e) => e > slot.earliestMs && Number.isFinite(e))]
      .sort((a, b) => a - b);
    let chosen = Infinity;
    let insufficient: string[] = [];
    candidates.forEach((t, index) => {
      if (chosen !== Infinity) return;
      const used = usageWithin(t, t + slot.runMs);
      const cpuOk = used.cpu + slot.cpuMillis <= cpuMillis;
      const memOk = used.mem + slot.memoryBytes <= memoryBytes;
      if (cpuOk && memOk) chosen = t;
      else if (index === 0) insufficient = [...(cpuOk ? [] : ['cpu']), ...(memOk ? [] : ['memory'])];
    });
    if (chosen !== Infinity) placed.push({ start: chosen, end: chosen + slot.runMs, cpu: slot.cpuMillis, mem: slot.memoryBytes });
    result.set(slot.id, { scheduledMs: chosen, insufficient: chosen === slot.earliestMs ? [] : insufficient });
  }
  return result;
}
