/**
 * Opens the HTML report in headless Chromium (Debian's `chromium` package, no browser download) and checks
 * the screenshot: a valid PNG of the window's size, not blank, with the failure's red bar and the critical
 * path's highlight on it.
 *
 * Chromium is looked for at `$CHROMIUM`, else `/usr/bin/chromium`; `npm test` installs Debian's package
 * first when it is missing (scripts/ensure-chromium.sh). Without it the test fails with that hint.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findCriticalPath } from '../../report/critical-path.ts';
import { formatHtml } from '../../report/format-html.ts';
import { buildTimeline } from '../../report/timeline.ts';
import { failedRun, RUN_ID } from './fixtures.ts';
import { brightnessVariance, countColour, decodePng } from './png.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const WIDTH = 1200;
const HEIGHT = 800;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Renders `html` and returns the screenshot's bytes. */
async function screenshot(html: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'report-shot-'));
  dirs.push(dir);
  const page = join(dir, 'report.html');
  const png = join(dir, 'shot.png');
  await writeFile(page, html);
  await promisify(execFile)(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--screenshot=${png}`,
      `--window-size=${WIDTH},${HEIGHT}`,
      pathToFileURL(page).href,
    ],
    { timeout: 60_000 },
  );
  if (process.env.REPORT_SCREENSHOT_COPY) await writeFile(process.env.REPORT_SCREENSHOT_COPY, await readFile(png));
  return readFile(png);
}

describe('the HTML report in a browser', () => {
  it('renders the timeline, the failure in red and the critical path', async () => {
    // npm test's pretest step installs Debian's chromium (scripts/ensure-chromium.sh); no browser download.
    if (!found) expect.fail(`Chromium is not at ${CHROMIUM}; run scripts/ensure-chromium.sh (apt-get install -y chromium) or set CHROMIUM to its path`);
    const timeline = buildTimeline(failedRun);
    const html = formatHtml(timeline, findCriticalPath(timeline), { runId: RUN_ID, logPaths: new Map([['datahub', '/state/logs/datahub.log']]) });
    const png = decodePng(await screenshot(html));

    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    // A blank page has no variance; text, bars and boxes give plenty.
    expect(brightnessVariance(png)).toBeGreaterThan(200);
    // datahub's failed bar (#dc2626) spans most of the timeline: hundreds of pixels wide, 14 high.
    expect(countColour(png, [0xdc, 0x26, 0x26])).toBeGreaterThan(5_000);
    // The critical path's rows and the summary box (#fef3c7).
    expect(countColour(png, [0xfe, 0xf3, 0xc7], 4)).toBeGreaterThan(20_000);
    // The failure's box (#fef2f2) is on the first screen too.
    expect(countColour(png, [0xfe, 0xf2, 0xf2], 3)).toBeGreaterThan(20_000);
  });
});
