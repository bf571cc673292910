/**
 * Every temporary folder the tests make (simulated clusters, state folders, env files) lives under one
 * per-run folder, removed when the run ends: os.tmpdir() follows TMPDIR, and the test workers inherit it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(previous ?? tmpdir(), 'dataspoke-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
