/**
 * The live view in a real terminal: `npm run demo -- --concurrency 1` (the real CLI, `up` against a fresh
 * simulated cluster) runs in a tmux pane, and the pane is read each time it changes (tmux copies its output to a watched file). `npm test` installs tmux first when it is missing (scripts/ensure-chromium.sh).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dirChanges, until, type Trigger } from '../until.ts';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const SPINNER = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /;
const FOOTER = /^\d{2}:\d{2} · (\d+)\/(\d+) done(?: · (\d+) running)?(?: · (\d+) checking)?(?: · (\d+) waiting)?/;
const session = `live-view-${randomBytes(4).toString('hex')}`;
let paneChanges: Trigger | undefined;

function capture(): string[] {
  try {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).split('\n');
  } catch {
    return [];
  }
}

/**
 * The pane's output, copied by tmux into a file of its own (`pipe-pane`): each write to it is the event that
 * the pane changed. Set up right after the session starts; what it missed is in the first capture anyway.
 */
function watchPane(): Trigger {
  const dir = mkdtempSync(join(tmpdir(), 'live-tmux-'));
  execFileSync('tmux', ['pipe-pane', '-O', '-t', session, `cat >> ${join(dir, 'pane.out')}`]);
  return dirChanges(dir);
}

/** Captures the pane each time it changes until `test` accepts a capture; returns it. */
async function waitForPane(what: string, test: (lines: string[]) => boolean): Promise<string[]> {
  let last: string[] = [];
  try {
    await until(() => test((last = capture())), { what: `the pane to show ${what}`, on: [paneChanges!], limitMs: 240_000 });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last capture:\n${last.join('\n')}`);
  }
  return last;
}

/** The task rows of a frame: lines with a state mark in the first column, above the footer. */
function taskRows(lines: readonly string[]): string[] {
  return lines.filter((line) => /^[✔✖↓◌⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏❯] /.test(line));
}

function footerOf(lines: readonly string[]) {
  const match = lines.map((line) => FOOTER.exec(line)).find((m) => m !== null);
  if (!match) return undefined;
  const n = (i: number) => Number(match[i] ?? 0);
  return { finished: n(1), total: n(2), running: n(3), checking: n(4), waiting: n(5) };
}

describe('the live view in a terminal (tmux)', () => {
  it('has tmux (npm test installs it first)', () => expect(hasTmux).toBe(true));

  afterAll(() => {
    try {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  });

  it('spins only running and checking tasks, marks waiting ones with what they wait for, and counts n/total in a footer', { timeout: 600_000 }, async () => {
    const env = `SIM_BUNDLE_DIR=${process.env['SIM_BUNDLE_DIR'] ?? ''}`;
    execFileSync('tmux', [
      'new-session', '-d', '-s', session, '-x', '200', '-y', '50',
      // Without CI: the tests run with CI=true (as on CI), which would make the CLI print plain lines instead.
      `cd ${process.cwd()} && env -u CI ${env} npm run demo -- --concurrency 1; echo DEMO-EXITED $?; sleep 600`,
    ]);
    paneChanges = watchPane();

    // The DataHub release runs (its work, not its check: it shows output); what needs it waits for it, by id,
    // without a spinner, and others wait for the only slot.
    const frame = await waitForPane('the DataHub release running while the GMS wait waits for it', (lines) => {
      const at = lines.findIndex((line) => SPINNER.test(line) && line.startsWith('DataHub release (with the system-update hook)', 2));
      return (
        at >= 0 &&
        (lines[at + 1] ?? '').startsWith('  › ') &&
        lines.some((line) => line.includes('Wait for deployment/datahub-datahub-gms — waiting for release:datahub')) &&
        lines.some((line) => line.includes('waiting for a free slot (concurrency 1)'))
      );
    });
    const rows = taskRows(frame);
    const footer = footerOf(frame);
    expect(footer, frame.join('\n')).toBeDefined();
    expect(footer!.total).toBe(rows.length);
    expect(footer!.finished, frame.join('\n')).toBe(rows.filter((row) => /^[✔✖↓] /.test(row)).length);
    const spinning = rows.filter((row) => SPINNER.test(row));
    // --concurrency 1: the one running task spins (and any check still going); nothing that waits.
    expect(spinning.length).toBe(footer!.running + footer!.checking);
    expect(footer!.running, frame.join('\n')).toBe(1);
    for (const row of spinning) expect(row, frame.join('\n')).not.toContain('waiting for');
    for (const row of rows.filter((line) => line.includes(' — waiting for '))) expect(row).toMatch(/^◌ /);
    expect(rows.filter((row) => row.startsWith('◌ ')).length, frame.join('\n')).toBe(footer!.waiting);
    expect(frame.join('\n')).toContain('waiting for a free slot (concurrency 1)');

    // The system-update hook's progress shows in place under the release: one line, replaced.
    const progress = await waitForPane('the system-update progress line', (lines) =>
      lines.some((line) => /^ {2}› datahub-system-update: /.test(line)),
    );
    expect(progress.filter((line) => line.includes('› datahub-system-update: ')).length).toBe(1);

    // At the end: every task finished, the footer says so.
    const end = await waitForPane('the demo exiting', (lines) => lines.some((line) => line.startsWith('DEMO-EXITED')));
    expect(end.find((line) => line.startsWith('DEMO-EXITED'))).toBe('DEMO-EXITED 0');
    const last = footerOf(end);
    expect(last).toBeDefined();
    expect(last!.finished).toBe(last!.total);
  });
});
