/**
 * The benchmark's table (Markdown, so the console and RESULTS.md show the same thing), the machine it ran
 * on, and RESULTS.md itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { Row } from './scenarios.ts';

/** `pass`, `FAIL`, or `-` when the issue sets no target. */
export function verdict(row: Row): string {
  if (row.target === undefined) return '-';
  return row.ratio <= row.target && row.alsoOk !== false ? 'pass' : 'FAIL';
}

/** One Markdown table: scenario, measured, lower bound / denominator, ratio, target, pass/fail. */
export function formatTable(rows: readonly Row[]): string {
  const cells = [
    ['scenario', 'measured', 'lower bound / denominator', 'ratio', 'target', 'result'],
    ...rows.map((r) => [r.scenario, r.measured, r.bound, r.ratio.toFixed(2), r.target === undefined ? '-' : `≤ ${r.target.toFixed(2)}`, verdict(r)]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** The machine, as RESULTS.md states it: CPUs, memory, load, node version, CPU model. */
export function describeMachine(): string[] {
  const model = /^model name\s*:\s*(.*)$/m.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = safeRun('nproc') || String(cpus().length);
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return [
    `CPU: ${model}, nproc ${nproc}`,
    `memory: ${gib(totalmem())} total, ${gib(freemem())} free at the end`,
    `load average at the end (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
    `node ${process.version}, ${process.platform} ${process.arch}`,
  ];
}

/** Writes RESULTS.md: date, machine, settings, the table, and each row's notes. */
export async function writeResults(file: string, rows: readonly Row[], settings: readonly string[]): Promise<void> {
  const text = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/bench.ts). Every ratio divides two figures measured in the same run;',
    'see "What is measured" below. Up to that heading the file is rewritten on each run; from it on it is',
    'written by hand and kept.',
    '',
    `Date: ${new Date().toISOString()}`,
    '',
    '## Machine',
    '',
    ...describeMachine().map((l) => `- ${l}`),
    '',
    '## Settings',
    '',
    ...settings.map((l) => `- ${l}`),
    '',
    '## Results',
    '',
    formatTable(rows),
    '',
    '## Notes per scenario',
    '',
    ...rows.filter((r) => r.notes.length > 0).flatMap((r) => [`**${r.scenario}** (${verdict(r)})`, '', ...r.notes.map((n) => `- ${n}`), '']),
    ...readAnalysis(file),
  ].join('\n');
  await writeFile(file, text);
}

/** The hand-written part of RESULTS.md (from "## What is measured" on), kept across runs. */
function readAnalysis(file: string): string[] {
  const text = safeRead(file);
  const at = text.indexOf('## What is measured');
  return at === -1 ? [] : [text.slice(at).trimEnd(), ''];
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function safeRun(command: string): string {
  try {
    return execFileSync(command, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
