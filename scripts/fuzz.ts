/**
 * The nightly fuzzer (issue 15): `npm run fuzz -- [--runs N] [--seed S]` runs N random operation
 * sequences (default 10,000) against a fresh cluster each and checks the invariants of
 * `src/engine/testing/clusterFuzz.ts`: no double binding, no overcommit, strictly increasing
 * revisions, and convergence once faults clear. Prints each failing sequence (shrunk) and a
 * summary; exits 1 if any failed. Not part of `npm test` (which runs a few hundred).
 */
import '../src/engine/onDemandNow';
import fc from 'fast-check';
import { convergenceProblems, fuzzSteps, heal, runSteps } from '../src/engine/testing/clusterFuzz';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) {
    console.error(`error: --${name} takes a non-negative integer`);
    process.exit(2);
  }
  return v;
}

const runs = arg('runs', 10_000);
const seed = arg('seed', 20_261_202);
const started = performance.now();
let done = 0;
let converging = 0;
const result = fc.check(
  fc.property(fuzzSteps, fc.integer({ min: 1, max: 1_000_000 }), (steps, clusterSeed) => {
    const run = runSteps(clusterSeed, steps);
    heal(run.cluster);
    const { problems, capacityAllows } = convergenceProblems(run);
    done++;
    if (capacityAllows) converging++;
    if (done % 500 === 0)
      console.log(`${done} sequences, ${Math.round((performance.now() - started) / 1000)} s`);
    if (run.violations.length || problems.length)
      throw new Error([...run.violations, ...problems].join('\n'));
  }),
  { seed, numRuns: runs, endOnFailure: false },
);
const secs = Math.round((performance.now() - started) / 1000);
if (result.failed) {
  console.log(fc.defaultReportMessage(result));
  console.log(`What went wrong:\n${String(result.errorInstance)}`);
  console.log(`FAILED after ${result.numRuns} sequences (seed ${seed}, ${secs} s)`);
  process.exit(1);
}
console.log(
  `${result.numRuns} sequences, no violation (seed ${seed}, ${secs} s; replicas checked in ${converging})`,
);
