import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../engine/index.ts';

async function tempPath() {
  return join(await mkdtemp(join(tmpdir(), 'journal-')), 'state', 'journal.json');
}
const entry = { outcome: 'done' as const, fingerprint: 'abc', durationMs: 12, finishedAt: '2026-11-22T00:00:00.000Z' };

describe('journal', () => {
  it('writes atomically with mode 0600 and reads back', async () => {
    const path = await tempPath();
    const journal = await openJournal(path);
    journal.set('ns', entry);
    await journal.flush();
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('600');
    const again = await openJournal(path);
    expect(again.get('ns')).toEqual(entry);
    again.delete('ns');
    await again.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, nodes: {} });
  });

  it.each([
    ['', 'empty'],
    ['{"version":1,"nodes":{"a":', 'not valid JSON (truncated or corrupt)'],
    ['\u0000\u0001garbage', 'not valid JSON (truncated or corrupt)'],
    ['{"version":7}', 'not a journal this version understands'],
  ])('a broken journal (%j) is a warning and an empty start', async (content, why) => {
    const path = await tempPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    const warnings: string[] = [];
    const journal = await openJournal(path, { onWarning: (m) => warnings.push(m) });
    expect(journal.get('a')).toBeUndefined();
    expect(warnings).toEqual([`journal ${path} is ${why}; ignoring it and going by the checks alone`]);
  });

  it('a missing journal is silently empty', async () => {
    const warnings: string[] = [];
    const journal = await openJournal(await tempPath(), { onWarning: (m) => warnings.push(m) });
    expect(journal.get('x')).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('drops malformed entries but keeps good ones', async () => {
    const path = await tempPath();
    const journal = await openJournal(path);
    journal.set('good', entry);
    await journal.flush();
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.nodes.bad = { outcome: 'maybe' };
    await writeFile(path, JSON.stringify(file));
    const again = await openJournal(path);
    expect(again.get('good')).toEqual(entry);
    expect(again.get('bad')).toBeUndefined();
  });
});
