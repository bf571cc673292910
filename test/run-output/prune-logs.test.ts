import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { pruneRunLogs } from '../../run-output/prune-logs.ts';

it('keeps the newest runs and the one LATEST names, and removes the rest', async () => {
  const state = await mkdtemp(join(tmpdir(), 'prune-'));
  const ids = Array.from({ length: 6 }, (_, i) => `2026-11-22T18-0${i}-00-000Z`);
  for (const id of ids) await mkdir(join(state, 'logs', id), { recursive: true });
  await writeFile(join(state, 'logs', 'LATEST'), `${ids[0]}\n`);

  expect(await pruneRunLogs(state, 3)).toEqual([ids[1], ids[2]]);
  expect((await readdir(join(state, 'logs'))).sort()).toEqual(['LATEST', ids[0], ids[3], ids[4], ids[5]].sort());
  expect(await pruneRunLogs(join(state, 'missing'), 3)).toEqual([]);
});
