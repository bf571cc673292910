/**
 * The audit log: one JSON line per invocation in audit.jsonl. It records what was asked, never what was
 * sent on stdin (that is where secrets travel).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One invocation of the simulated kubectl or helm. */
export interface AuditEntry {
  tool: 'kubectl' | 'helm';
  /** Arguments after the tool name, exactly as received. */
  argv: string[];
  /** Working directory of the call. */
  cwd: string;
  pid: number;
  /** True when the command read stdin (`-f -`, `--values -`); the content is never recorded. */
  stdin: boolean;
  /** Real epoch ms when the process started handling the call. */
  startMs: number;
  /** Real epoch ms when it finished (or was killed by a signal it could catch). */
  endMs: number;
  /** Process exit code; 128 + signal number when it ended by a signal. */
  exitCode: number;
  /** The signal that ended it ("SIGTERM", "SIGKILL" for the `killed` fault); `undefined` for a normal exit. */
  signal?: string;
  /** True when the call asks the cluster to change (apply, create, delete, helm upgrade/rollback/uninstall). */
  mutating: boolean;
  /** True when the call writes local files (helm repo add/update, helm dependency build/update). */
  writesLocal: boolean;
  /** Ids of the faults that fired during the call. */
  faults: string[];
}

/** Path of the audit log in a state folder. */
export function auditPath(dir: string): string {
  return join(dir, 'audit.jsonl');
}

/**
 * Appends one entry. Synchronous on purpose: it runs in exit and signal paths, and a single O_APPEND
 * write keeps concurrent lines whole.
 */
export function appendAudit(dir: string, entry: AuditEntry): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(auditPath(dir), `${JSON.stringify(entry)}\n`);
}

/** All entries so far, in the order they were written. */
export async function readAudit(dir: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(auditPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as AuditEntry);
}
