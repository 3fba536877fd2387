import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../api/types';
import type { Cluster } from '../cluster';
import { kubectlSync } from '../scenario/actions';
import { EPOCH_MS } from '../sim/clock';
import { advanceUntil, createObject, objectsOf, startCluster } from '../testing/testCluster';
import {
  calculateFailedIndexes,
  indexFailureAnnotations,
  isIndexFailed,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  perIndexFailure,
  remainingTimePerIndex,
} from './jobBackoffPerIndex';
import { formatIndexes, JOB_COMPLETION_INDEX_ANNOTATION } from './jobIndexed';
import { JOB_TRACKING_FINALIZER } from './jobUtil';

const perIndexJob = (extra = ''): Job => ({
  spec: {
    completions: 4,
    completionMode: 'Indexed',
    backoffLimitPerIndex: 1,
    template: { spec: { containers: [] } },
    ...(extra
      ? {
          podFailurePolicy: {
            rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }],
          },
        }
      : {}),
  },
});

const failed = (ix: number, count: number, exitCode = 1, finishedAtMs = 0): Pod => ({
  metadata: {
    name: `p${ix}-${count}`,
    uid: `u${ix}-${count}`,
    finalizers: [JOB_TRACKING_FINALIZER],
    annotations: {
      [JOB_COMPLETION_INDEX_ANNOTATION]: String(ix),
      [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: String(count),
    },
  },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'main',
        state: {
          terminated: { exitCode, finishedAt: new Date(EPOCH_MS + finishedAtMs).toISOString() },
        },
      } as never,
    ],
  },
});

describe('backoffLimitPerIndex (k/k indexed_job_utils.go)', () => {
  it('fails an index once a pod fails with the failure count at the limit', () => {
    const job = perIndexJob();
    expect(isIndexFailed(job, failed(0, 0))).toBe(false);
    expect(isIndexFailed(job, failed(0, 1))).toBe(true);
    expect(calculateFailedIndexes(job, [failed(0, 0), failed(1, 1), failed(3, 1)])).toEqual([1, 3]);
  });

  it('a FailIndex rule fails the index at its first failure', () => {
    const job = perIndexJob('failIndex');
    expect(isIndexFailed(job, failed(1, 0, 42))).toBe(true);
    expect(isIndexFailed(job, failed(1, 0, 1))).toBe(false);
  });

  it("the replacement pod's failure count is its predecessor's plus one", () => {
    const job = perIndexJob();
    expect(indexFailureAnnotations(job, undefined)).toEqual({
      [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: '0',
    });
    expect(indexFailureAnnotations(job, failed(2, 0))).toEqual({
      [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: '1',
    });
  });

  it('backs an index off 10 s doubling per failure of that index, from its last failure', () => {
    expect(remainingTimePerIndex(undefined, 0)).toBe(0);
    expect(remainingTimePerIndex(failed(0, 0, 1, 1_000), 5_000)).toBe(6_000);
    expect(remainingTimePerIndex(failed(0, 2, 1, 0), 0)).toBe(40_000);
  });

  it('MaxFailedIndexesExceeded over maxFailedIndexes; FailedIndexes once every index is done', () => {
    const job = perIndexJob();
    job.spec!.maxFailedIndexes = 1;
    expect(perIndexFailure(job, [0, 1], [], 't')).toMatchObject({
      type: 'FailureTarget',
      reason: 'MaxFailedIndexesExceeded',
      message: 'Job has exceeded the specified maximal number of failed indexes',
    });
    expect(perIndexFailure(job, [0], [1, 2], 't')).toBeUndefined();
    expect(perIndexFailure(job, [0], [1, 2, 3], 't')).toMatchObject({
      reason: 'FailedIndexes',
      message: 'Job has failed indexes',
    });
  });

  it('lists two neighbouring indexes as k/k does: "0,1", three as "0-2"', () => {
    expect(formatIndexes([0, 1])).toBe('0,1');
    expect(formatIndexes([0, 1, 2, 5, 6])).toBe('0-2,5,6');
  });
});

const getJob = (c: Cluster) => objectsOf<Job>(c, 'Job')[0];

describe('JobController with backoffLimitPerIndex', () => {
  it('retries each failing index once, then stops at maxFailedIndexes with the failed indexes listed', () => {
    const c = startCluster();
    const yaml = `apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 4
  parallelism: 2
  completionMode: Indexed
  backoffLimitPerIndex: 1
  maxFailedIndexes: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: [sh, -c, 'sleep 1; [ $JOB_COMPLETION_INDEX -ge 2 ]']}]
`;
    expect(createObject(c, yaml).code).toBe(201);
    const done = advanceUntil(
      c,
      () => !!getJob(c).status?.conditions?.some((x) => x.type === 'Failed'),
      180_000,
    );
    expect(done).toBe(true);
    const status = getJob(c).status!;
    expect(status.failedIndexes).toBe('0,1');
    expect(status.failed).toBe(4);
    expect(status.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      [
        'FailureTarget',
        'MaxFailedIndexesExceeded',
        'Job has exceeded the specified maximal number of failed indexes',
      ],
      [
        'Failed',
        'MaxFailedIndexesExceeded',
        'Job has exceeded the specified maximal number of failed indexes',
      ],
    ]);
    // Indexes 2 and 3 never ran: the two slots went to the retries of 0 and 1.
    const pods = objectsOf<Pod>(c, 'Pod');
    const counts = pods
      .map(
        (p) =>
          `${p.metadata!.annotations![JOB_COMPLETION_INDEX_ANNOTATION]}:${p.metadata!.annotations![JOB_INDEX_FAILURE_COUNT_ANNOTATION]}`,
      )
      .sort();
    expect(counts).toEqual(['0:0', '0:1', '1:0', '1:1']);
    // The retry waited the index's 10 s back-off after its first failure.
    const ofIndex0 = pods
      .filter((p) => p.metadata!.annotations![JOB_COMPLETION_INDEX_ANNOTATION] === '0')
      .sort((a, b) =>
        a.metadata!.annotations![JOB_INDEX_FAILURE_COUNT_ANNOTATION].localeCompare(
          b.metadata!.annotations![JOB_INDEX_FAILURE_COUNT_ANNOTATION],
        ),
      );
    const firstFinished = Date.parse(
      ofIndex0[0].status!.containerStatuses![0].state!.terminated!.finishedAt!,
    );
    const retryCreated = Date.parse(ofIndex0[1].metadata!.creationTimestamp!);
    expect(retryCreated - firstFinished).toBeGreaterThanOrEqual(9_000);
    expect(kubectlSync(c, 'get job pi -o yaml').stdout).toContain('failedIndexes: 0,1');
  });
});
