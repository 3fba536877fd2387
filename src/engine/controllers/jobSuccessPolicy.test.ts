import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../api/types';
import type { Cluster } from '../cluster';
import {
  advanceUntil,
  createObject,
  eventsFrom,
  objectsOf,
  startCluster,
} from '../testing/testCluster';
import { matchSuccessPolicy } from './jobSuccessPolicy';

const withRules = (rules: { succeededIndexes?: string; succeededCount?: number }[]): Job => ({
  spec: {
    completions: 10,
    completionMode: 'Indexed',
    successPolicy: { rules },
    template: { spec: { containers: [] } },
  },
});

describe('successPolicy (k/k success_policy.go)', () => {
  it('succeededIndexes alone: every listed index must succeed', () => {
    const job = withRules([{ succeededIndexes: '0,2-3' }]);
    expect(matchSuccessPolicy(job, [0, 2])).toBeUndefined();
    expect(matchSuccessPolicy(job, [0, 2, 3, 7])).toBe('Matched rules at index 0');
  });

  it('succeededIndexes with succeededCount: that many of the listed indexes', () => {
    const job = withRules([{ succeededIndexes: '0,2-3', succeededCount: 1 }]);
    expect(matchSuccessPolicy(job, [1, 4])).toBeUndefined();
    expect(matchSuccessPolicy(job, [2])).toBe('Matched rules at index 0');
  });

  it('succeededCount alone counts any index; the first rule met is named', () => {
    const job = withRules([{ succeededIndexes: '9' }, { succeededCount: 2 }]);
    expect(matchSuccessPolicy(job, [4])).toBeUndefined();
    expect(matchSuccessPolicy(job, [4, 5])).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy(withRules([]), [1])).toBeUndefined();
  });
});

const getJob = (c: Cluster) => objectsOf<Job>(c, 'Job')[0];

describe('JobController with a success policy', () => {
  it('SuccessCriteriaMet then Complete once index 2 succeeds; the lingering pods are terminated', () => {
    const c = startCluster();
    const yaml = `apiVersion: batch/v1
kind: Job
metadata: {name: sp}
spec:
  completions: 5
  parallelism: 5
  completionMode: Indexed
  successPolicy:
    rules: [{succeededIndexes: '0,2-3', succeededCount: 1}]
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 5
      containers: [{name: c, image: busybox:1.36, command: [sh, -c, 'if [ $JOB_COMPLETION_INDEX = 2 ]; then sleep 1; else sleep 600; fi']}]
`;
    expect(createObject(c, yaml).code).toBe(201);
    const done = advanceUntil(
      c,
      () => !!getJob(c).status?.conditions?.some((x) => x.type === 'Complete'),
      180_000,
    );
    expect(done).toBe(true);
    const status = getJob(c).status!;
    expect(status.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    expect(status).toMatchObject({ completedIndexes: '2', succeeded: 1, failed: 4 });
    expect(status.completionTime).toBeDefined();
    // The four other pods were deleted, not left running.
    const running = objectsOf<Pod>(c, 'Pod').filter(
      (p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp,
    );
    expect(running).toEqual([]);
    expect(
      eventsFrom(c, 'job-controller').filter((e) => e.includes('SuccessfulDelete')),
    ).toHaveLength(4);
    expect(eventsFrom(c, 'job-controller').at(-1)).toContain('Completed');
  });
});
