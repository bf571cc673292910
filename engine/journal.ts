/**
 * The journal: what earlier runs finished, with each node's fingerprint and duration.
 *
 * Deals with: reading it defensively (a lost, empty or garbage file is a warning, never a wrong run),
 * and writing it atomically (mode 0600) after every node, one write at a time.
 * Does not deal with: deciding what to skip (decide.ts does, with the checks as the source of truth).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** One node's last recorded outcome. */
export interface JournalEntry {
  readonly outcome: 'done' | 'failed' | 'interrupted';
  /** Fingerprint of the node's inputs when it finished. */
  readonly fingerprint: string;
  /** How long its work took; used to weight scheduling priorities. */
  readonly durationMs: number;
  /** ISO time it finished. */
  readonly finishedAt: string;
}

interface JournalFile {
  version: 1;
  nodes: Record<string, JournalEntry>;
}

/** Read and write access to the journal. */
export interface Journal {
  get(id: string): JournalEntry | undefined;
  /** Records an entry and schedules an atomic write. */
  set(id: string, entry: JournalEntry): void;
  /** Forgets a node (after `down`) and schedules a write. */
  delete(id: string): void;
  /** Resolves when every scheduled write is on disk. */
  flush(): Promise<void>;
}

/** Options for {@link openJournal}. */
export interface OpenJournalOptions {
  /** Called with a sentence when the file exists but cannot be used. */
  readonly onWarning?: (message: string) => void;
}

/** Opens the journal at `path`; a missing file is an empty journal. */
export async function openJournal(path: string, options: OpenJournalOptions = {}): Promise<Journal> {
  const nodes = await readEntries(path, options.onWarning ?? (() => {}));
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  let writeError: unknown;

  const schedule = () => {
    if (dirty) return;
    dirty = true;
    writing = writing.then(async () => {
      dirty = false;
      const body: JournalFile = { version: 1, nodes: Object.fromEntries(nodes) };
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
      } catch (error) {
        writeError = error;
      }
    });
  };

  return {
    get: (id) => nodes.get(id),
    set(id, entry) {
      nodes.set(id, entry);
      schedule();
    },
    delete(id) {
      if (nodes.delete(id)) schedule();
    },
    async flush() {
      await writing;
      if (writeError) {
        const error = writeError;
        writeError = undefined;
        throw new Error(`could not write the journal ${path}: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

async function readEntries(path: string, warn: (message: string) => void): Promise<Map<string, JournalEntry>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(`journal ${path} could not be read (${(error as Error).message}); going by the checks alone`);
    }
    return new Map();
  }
  const unusable = (why: string) => {
    warn(`journal ${path} is ${why}; ignoring it and going by the checks alone`);
    return new Map<string, JournalEntry>();
  };
  if (text.trim() === '') return unusable('empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unusable('not valid JSON (truncated or corrupt)');
  }
  const file = parsed as Partial<JournalFile> | null;
  if (!file || typeof file !== 'object' || file.version !== 1 || !file.nodes || typeof file.nodes !== 'object') {
    return unusable('not a journal this version understands');
  }
  const entries = new Map<string, JournalEntry>();
  for (const [id, entry] of Object.entries(file.nodes)) {
    if (isEntry(entry)) entries.set(id, entry);
  }
  return entries;
}

function isEntry(value: unknown): value is JournalEntry {
  const e = value as Partial<JournalEntry> | null;
  return (
    !!e &&
    (e.outcome === 'done' || e.outcome === 'failed' || e.outcome === 'interrupted') &&
    typeof e.fingerprint === 'string' &&
    typeof e.durationMs === 'number' &&
    typeof e.finishedAt === 'string'
  );
}

/** A journal that remembers nothing and writes nothing (plan, tests, benchmarks). */
export function memoryJournal(initial: Record<string, JournalEntry> = {}): Journal & { entries(): Map<string, JournalEntry> } {
  const nodes = new Map(Object.entries(initial));
  return {
    get: (id) => nodes.get(id),
    set: (id, entry) => void nodes.set(id, entry),
    delete: (id) => void nodes.delete(id),
    flush: async () => {},
    entries: () => new Map(nodes),
  };
}
