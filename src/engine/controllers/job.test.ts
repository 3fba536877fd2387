import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../api/types';
import type { Cluster } from '../cluster';
import { EPOCH_MS } from '../sim/clock';
import { parseTime } from './controllerUtils';
import { backoffRemaining, nextBackoffRecord } from './jobUtil';
import {
  activePods,
  advanceUntil,
  createObject,
  eventsFrom,
  objectsOf,
  startCluster,
} from '../testing/testCluster';

const job = (script: string, spec = '', restartPolicy = 'Never') => `apiVersion: batch/v1
kind: Job
metadata: {name: hello}
spec:${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers: [{name: c, image: busybox:1.36, command: [sh, -c, '${script}']}]
`;

const getJob = (c: Cluster) => objectsOf<Job>(c, 'Job')[0];
const finished = (c: Cluster) =>
  getJob(c).status?.conditions?.some(
    (x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True',
  ) ?? false;
const conditions = (c: Cluster) =>
  getJob(c).status?.conditions?.map((x) => [x.type, x.reason, x.message]);

const failedPod = (finishedAtMs: number): Pod => ({
  metadata: { name: 'p', uid: String(finishedAtMs) },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'c',
        state: {
          terminated: { exitCode: 1, finishedAt: new Date(EPOCH_MS + finishedAtMs).toISOString() },
        },
      } as never,
    ],
  },
});

describe('job back-off', () => {
  it('waits 10 s after the first failure, doubling, capped at 10 minutes', () => {
    let rec = nextBackoffRecord(undefined, [], [failedPod(0)]);
    expect(backoffRemaining(rec, 4_000)).toBe(6_000);
    rec = nextBackoffRecord(rec, [], [failedPod(20_000)]);
    expect(backoffRemaining(rec, 20_000)).toBe(20_000);
    rec = { failuresAfterLastSuccess: 12, lastFailureTime: 0 };
    expect(backoffRemaining(rec, 0)).toBe(600_000);
    expect(
      nextBackoffRecord(rec, [{ ...failedPod(5), status: { phase: 'Succeeded' } }], [])
        .failuresAfterLastSuccess,
    ).toBe(0);
  });
});

describe('JobController', () => {
  it('runs `echo hi` to completion: SuccessCriteriaMet, then Complete', () => {
    const c = startCluster();
    expect(createObject(c, job('echo hi')).code).toBe(201);
    expect(advanceUntil(c, () => finished(c), 60_000)).toBe(true);
    const j = getJob(c);
    const uid = j.metadata!.uid!;
    expect(conditions(c)).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(j.status).toMatchObject({
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(j.status?.active).toBeUndefined();
    expect(j.status?.completionTime).toBeDefined();
    expect(parseTime(j.status!.completionTime)!).toBeGreaterThanOrEqual(
      parseTime(j.status!.startTime)!,
    );
    const [pod] = objectsOf<Pod>(c, 'Pod');
    expect(pod.metadata!.name).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.metadata!.finalizers ?? []).toEqual([]);
    expect(pod.metadata!.labels).toMatchObject({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'hello',
      'controller-uid': uid,
      'job-name': 'hello',
    });
    expect(pod.metadata!.ownerReferences?.[0]).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: 'hello',
      uid,
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(eventsFrom(c, 'job-controller')).toEqual([
      `SuccessfulCreate: Created pod: ${pod.metadata!.name}`,
      'Completed: Job completed',
    ]);
  });

  it('adds the job-tracking finalizer to pods while they run', () => {
    const c = startCluster();
    createObject(c, job('sleep 30'));
    expect(advanceUntil(c, () => activePods(c).length === 1, 10_000)).toBe(true);
    expect(activePods(c)[0].metadata!.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(advanceUntil(c, () => getJob(c).status?.ready === 1, 20_000)).toBe(true);
    expect(getJob(c).status).toMatchObject({ active: 1, ready: 1 });
  });

  it('runs completions 3 with parallelism 2 never more than 2 at a time', () => {
    const c = startCluster();
    createObject(c, job('echo hi; sleep 2', '\n  completions: 3\n  parallelism: 2'));
    let maxActive = 0;
    expect(
      advanceUntil(
        c,
        () => {
          maxActive = Math.max(maxActive, activePods(c).length);
          return finished(c);
        },
        60_000,
      ),
    ).toBe(true);
    expect(maxActive).toBe(2);
    expect(getJob(c).status?.succeeded).toBe(3);
    expect(objectsOf<Pod>(c, 'Pod').filter((p) => p.status?.phase === 'Succeeded')).toHaveLength(3);
  });

  it('fails with BackoffLimitExceeded after backoffLimit+1 failed pods, backing off 10 s then 20 s', () => {
    const c = startCluster();
    createObject(c, job('exit 1', '\n  backoffLimit: 2'));
    expect(advanceUntil(c, () => finished(c), 120_000)).toBe(true);
    expect(conditions(c)).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(getJob(c).status).toMatchObject({ failed: 3, uncountedTerminatedPods: {} });
    const pods = objectsOf<Pod>(c, 'Pod').sort(
      (a, b) =>
        parseTime(a.metadata!.creationTimestamp)! - parseTime(b.metadata!.creationTimestamp)!,
    );
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === 'Failed' && !p.metadata!.finalizers)).toBe(true);
    const created = pods.map((p) => parseTime(p.metadata!.creationTimestamp)!);
    const finishedAt = pods.map((p) =>
      parseTime(p.status!.containerStatuses![0].state!.terminated!.finishedAt)!,
    );
    expect(created[1] - finishedAt[0]).toBeGreaterThanOrEqual(10_000);
    expect(created[2] - finishedAt[1]).toBeGreaterThanOrEqual(20_000);
    const events = eventsFrom(c, 'job-controller');
    expect(
      events.filter((e) => e.startsWith('SuccessfulCreate: Created pod: hello-')),
    ).toHaveLength(3);
    expect(events.at(-1)).toBe('BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('counts container restarts toward the limit with restartPolicy OnFailure, and deletes the active pod', () => {
    const c = startCluster();
    createObject(c, job('exit 1', '\n  backoffLimit: 2', 'OnFailure'));
    expect(advanceUntil(c, () => finished(c), 120_000)).toBe(true);
    expect(conditions(c)?.at(-1)).toEqual([
      'Failed',
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
    ]);
    expect(advanceUntil(c, () => objectsOf(c, 'Pod').length === 0, 60_000)).toBe(true);
    const events = eventsFrom(c, 'job-controller');
    expect(events.some((e) => e.startsWith('SuccessfulDelete: Deleted pod: hello-'))).toBe(true);
  });
});
