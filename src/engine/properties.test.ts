/**
 * Property tests (issue 4 item 6, issue 15 item 2): random sequences of apply, scale, delete,
 * cordon, kubelet stop/start and advancing time (see ./testing/clusterFuzz), checked against the
 * invariants real Kubernetes keeps. `npm run fuzz` runs the same property over 10,000 sequences.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { convergenceProblems, fuzzSteps, heal, runSteps, type Step } from './testing/clusterFuzz';

/**
 * A few hundred sequences (two batches of 100, each well inside the test timeout on a busy
 * machine): enough to meet the kubelet races of issue 15.
 */
const BATCHES = [4242, 4343];
const RUNS = 100;

describe('control-plane and kubelet properties (fast-check, fixed seed)', () => {
  for (const seed of BATCHES) {
    it(`no pod is bound twice, no node is over its allocatable, revisions strictly increase, and the cluster converges once faults are healed (seed ${seed})`, () => {
      let capacityChecked = 0;
      fc.assert(
        fc.property(fuzzSteps, fc.integer({ min: 1, max: 1000 }), (steps, clusterSeed) => {
          const run = runSteps(clusterSeed, steps);
          heal(run.cluster);
          const { problems, capacityAllows } = convergenceProblems(run);
          if (capacityAllows) capacityChecked++;
          expect(run.violations).toEqual([]);
          expect(problems).toEqual([]);
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
      // The capacity precondition held often enough for the replica check to mean something.
      expect(capacityChecked).toBeGreaterThanOrEqual(RUNS / 4);
    }, 120_000);
  }

  // Sequences the nightly fuzzer found, kept so they never come back.
  const FOUND: { why: string; clusterSeed: number; steps: Step[] }[] = [
    {
      why: "a pod scaled away 100 ms before kube-apiserver stopped: the kubelet's final status and DELETE were refused and never sent again",
      clusterSeed: 4709,
      steps: [
        { command: { op: 'apply', name: 'db', replicas: 1, cpu: '0', memory: '0' }, waitMs: 95 },
        { command: { op: 'apply', name: 'db', replicas: 0, cpu: '0', memory: '0' }, waitMs: 50 },
        { command: { op: 'stop', worker: 1 }, waitMs: 50 },
        { command: { op: 'stopControlPlane', component: 'kube-apiserver' }, waitMs: 50 },
        { command: { op: 'stop', worker: 1 }, waitMs: 1000 },
      ],
    },
  ];
  for (const f of FOUND)
    it(`converges after ${f.why}`, () => {
      const run = runSteps(f.clusterSeed, f.steps);
      heal(run.cluster);
      expect(run.violations).toEqual([]);
      expect(convergenceProblems(run).problems).toEqual([]);
    });

  it('the same seed and commands give the same trace', () => {
    fc.assert(
      fc.property(fuzzSteps, fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const a = runSteps(seed, steps);
        const b = runSteps(seed, steps);
        expect(a.hash).toBe(b.hash);
      }),
      { seed: 4444, numRuns: 4, endOnFailure: true },
    );
  });
});
