/**
 * The benchmarks' last figures, kept in bench/results.json (committed with the change they
 * measure), so each run prints the previous run's figure beside its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** bench/results.json; BENCH_RESULTS names it for a case run from a bundle elsewhere. */
export const RESULTS_FILE =
  process.env.BENCH_RESULTS ?? fileURLToPath(new URL('./results.json', import.meta.url));
const RESULTS = RESULTS_FILE;

/** Each case's last figures, with the machine's load then (wall times are only as good as it). */
export type Results = Record<
  string,
  { date: string; cores?: number; loadAverage?: number; figures: Record<string, number> }
>;

export function readResults(): Results {
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
  } catch {
    return {};
  }
}

/** Records a case's figures (keys sorted, so the file's diff shows what moved). */
export function saveResult(key: string, figures: Record<string, number>): void {
  const all = readResults();
  all[key] = {
    date: new Date().toISOString().slice(0, 10),
    cores: cpus().length,
    loadAverage: Number(loadavg()[0].toFixed(1)),
    figures,
  };
  const ordered = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((k) => [k, all[k]]),
  );
  writeFileSync(RESULTS, JSON.stringify(ordered, null, 2) + '\n');
}
