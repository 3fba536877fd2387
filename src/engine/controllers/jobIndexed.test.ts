import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../api/types';
import type { Cluster } from '../cluster';
import {
  addCompletionIndex,
  firstPendingIndexes,
  formatIndexes,
  JOB_COMPLETION_INDEX_ANNOTATION,
  parseIndexes,
  podGenerateNameWithIndex,
  succeededIndexes,
} from './jobIndexed';
import { kubectlSync } from '../scenario/actions';
import {
  activePods,
  advanceUntil,
  createObject,
  objectsOf,
  startCluster,
} from '../testing/testCluster';

const indexedJob: Job = { metadata: { name: 'j' }, spec: { completions: 6 } as never };
const podAt = (ix: number): Pod => ({
  metadata: { annotations: { [JOB_COMPLETION_INDEX_ANNOTATION]: String(ix) } },
});

describe('indexed job helpers', () => {
  it('formats completed indexes as ranges and parses them back', () => {
    expect(formatIndexes([4, 0, 1, 2])).toBe('0-2,4');
    expect(formatIndexes([])).toBe('');
    expect(formatIndexes([3, 3, 5])).toBe('3,5');
    expect(parseIndexes('0-2,4', 6)).toEqual([0, 1, 2, 4]);
    // Indexes at or past `completions` are dropped (k/k: parseIndexesFromString).
    expect(parseIndexes('1,4-9', 6)).toEqual([1, 4, 5]);
  });

  it('adds succeeded pods to status.completedIndexes, and picks the first free indexes', () => {
    const job = { ...indexedJob, status: { completedIndexes: '0,2' } };
    expect(succeededIndexes(job, [podAt(3), podAt(2), podAt(9)])).toEqual([0, 2, 3]);
    expect(firstPendingIndexes(job, [0, 2, 3], [podAt(1)], 5)).toEqual([4, 5]);
  });

  it('marks a pod with its index: name, annotation, label, hostname, env', () => {
    const pod: Pod = {
      metadata: { generateName: 'j-' },
      spec: {
        initContainers: [{ name: 'i' }],
        containers: [{ name: 'c', env: [{ name: 'A', value: 'x' }] }],
      },
    };
    addCompletionIndex(pod, 'j', 3);
    expect(pod.metadata).toEqual({
      generateName: 'j-3-',
      annotations: { [JOB_COMPLETION_INDEX_ANNOTATION]: '3' },
      labels: { [JOB_COMPLETION_INDEX_ANNOTATION]: '3' },
    });
    expect(pod.spec?.hostname).toBe('j-3');
    expect(podGenerateNameWithIndex('x'.repeat(60), 12)).toBe(`${'x'.repeat(54)}-12-`);
    const fieldRef = { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` };
    expect(pod.spec?.initContainers?.[0].env).toEqual([
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef } },
    ]);
    expect(pod.spec?.containers[0].env?.map((e) => e.name)).toEqual(['A', 'JOB_COMPLETION_INDEX']);
  });
});

const getJob = (c: Cluster) => objectsOf<Job>(c, 'Job')[0];

describe('JobController, completionMode Indexed', () => {
  it('runs each index once, at most parallelism at a time, and lists completedIndexes', () => {
    const c = startCluster();
    const yaml = `apiVersion: batch/v1
kind: Job
metadata: {name: idx}
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: [sh, -c, 'sleep 2; echo $JOB_COMPLETION_INDEX']}]
`;
    expect(createObject(c, yaml).code).toBe(201);
    let maxActive = 0;
    const done = advanceUntil(
      c,
      () => {
        maxActive = Math.max(maxActive, activePods(c).length);
        return !!getJob(c).status?.conditions?.some((x) => x.type === 'Complete');
      },
      120_000,
    );
    expect(done).toBe(true);
    expect(maxActive).toBe(3);
    expect(getJob(c).status).toMatchObject({ succeeded: 5, completedIndexes: '0-4' });
    const pods = objectsOf<Pod>(c, 'Pod');
    expect(pods).toHaveLength(5);
    const byIndex = pods
      .map((p) => [p.metadata!.annotations![JOB_COMPLETION_INDEX_ANNOTATION], p] as const)
      .sort((a, b) => a[0].localeCompare(b[0]));
    expect(byIndex.map(([ix]) => ix)).toEqual(['0', '1', '2', '3', '4']);
    for (const [ix, p] of byIndex) {
      expect(p.metadata!.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      expect(p.metadata!.labels?.[JOB_COMPLETION_INDEX_ANNOTATION]).toBe(ix);
      expect(p.spec?.hostname).toBe(`idx-${ix}`);
      expect(p.status?.phase).toBe('Succeeded');
    }
    const described = kubectlSync(c, 'describe job idx').stdout;
    expect(described).toMatch(/^Completion Mode: +Indexed$/m);
    expect(described).toMatch(/^Completed Indexes: +0-4$/m);
  });
});
