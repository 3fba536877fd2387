/**
 * Prints an engine case's figures beside their targets and the previous run's (and, for a run in
 * the browser, beside the same case's last Node figures), then records them in bench/results.json.
 */
import { cpus, loadavg } from 'node:os';
import { fmt } from './engineCase';
import type { Figure } from './engineCase';
import { readResults, saveResult } from './results';

export interface Report {
  /** The case's title and shape, printed first. */
  title: string;
  /** Its key in results.json. */
  key: string;
  /** Another key whose figures are printed beside these (the Node run of a browser case). */
  beside?: { key: string; label: string };
  notes: string[];
  figures: Figure[];
}

/** `label: value unit   target ≤ 60 s: met   previous 71.2 s`. */
export function printFigures(r: Report): void {
  const results = readResults();
  const previous = results[r.key];
  const other = r.beside && results[r.beside.key];
  const lines = [`kubeglass engine benchmark — ${r.title}`];
  for (const f of r.figures) {
    let line = `  ${(f.label + ':').padEnd(34)}${fmt(f.value, f.digits)}${f.unit ? ' ' + f.unit : ''}`;
    if (f.target) {
      const met = f.target.op === '<=' ? f.value <= f.target.limit : f.value >= f.target.limit;
      line =
        line.padEnd(60) +
        `  target ${f.target.op === '<=' ? '≤' : '≥'} ${fmt(f.target.limit)}: ${met ? 'met' : 'MISSED'}`;
    }
    const before = previous?.figures[f.label];
    if (!f.transient)
      line = line.padEnd(92) + `  previous ${before === undefined ? '—' : fmt(before, f.digits)}`;
    const beside = other?.figures[f.label];
    if (r.beside && !f.transient)
      line =
        line.padEnd(112) +
        `  ${r.beside.label} ${beside === undefined ? '—' : fmt(beside, f.digits)}`;
    lines.push(line);
  }
  lines.push(...r.notes.map((n) => `  ${n}`));
  const load = loadavg()[0];
  lines.push(
    `  machine: ${cpus().length} cores, load average ${load.toFixed(1)}` +
      (previous
        ? ` (previous run: ${previous.date}, load average ${previous.loadAverage ?? 'not recorded'})`
        : ''),
  );
  if (r.beside)
    lines.push(
      `  ${r.beside.label}: the last run of ${r.beside.key} in Node, ` +
        (other
          ? `${other.date}, load average ${other.loadAverage ?? 'not recorded'}`
          : 'none recorded'),
    );
  console.log(lines.join('\n'));
  if (process.env.BENCH_NO_SAVE) return;
  saveResult(
    r.key,
    Object.fromEntries(
      r.figures
        .filter((f) => !f.transient)
        .map((f) => [f.label, Number(f.value.toFixed(f.digits ?? 0))]),
    ),
  );
}
