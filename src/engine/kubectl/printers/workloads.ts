/**
 * Table handlers for Deployment, ReplicaSet and Job.
 * k8s: pkg/printers/internalversion/printers.go printDeployment, printReplicaSet, printJob (v1.31)
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../api/types';
import { humanDuration, parseTime, translateTimestampSince } from '../age';
import { formatLabelSelector, labelSelectorString, layoutContainerCells } from '../format';
import type { Column, KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const WIDE_TEMPLATE: Column[] = [
  { name: 'Containers', priority: 1 },
  { name: 'Images', priority: 1 },
  { name: 'Selector', priority: 1 },
];
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

export const deploymentPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    AGE,
    ...WIDE_TEMPLATE,
  ],
  row(obj, now) {
    const d = obj as Deployment;
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    return [
      d.metadata?.name ?? '',
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      String(d.status?.updatedReplicas ?? 0),
      String(d.status?.availableReplicas ?? 0),
      age(obj, now),
      names,
      images,
      labelSelectorString(d.spec?.selector),
    ];
  },
};

export const replicaSetPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    AGE,
    ...WIDE_TEMPLATE,
  ],
  row(obj, now) {
    const rs = obj as ReplicaSet;
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata?.name ?? '',
      String(rs.spec?.replicas ?? 0),
      String(rs.status?.replicas ?? 0),
      String(rs.status?.readyReplicas ?? 0),
      age(obj, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

function hasJobCondition(conditions: JobCondition[] | undefined, type: string): boolean {
  for (const c of conditions ?? []) {
    if (c.type === type) return c.status === 'True';
  }
  return false;
}

/** The STATUS column of `kubectl get jobs`: Complete, Failed, Terminating, Suspended, FailureTarget, Running. */
export function jobStatusColumn(job: Job): string {
  const conds = job.status?.conditions;
  if (hasJobCondition(conds, 'Complete')) return 'Complete';
  if (hasJobCondition(conds, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conds, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Completions' },
    { name: 'Duration' },
    AGE,
    ...WIDE_TEMPLATE,
  ],
  row(obj, now) {
    const job = obj as Job;
    const succeeded = job.status?.succeeded ?? 0;
    let completions: string;
    if (job.spec?.completions !== undefined && job.spec.completions !== null) {
      completions = `${succeeded}/${job.spec.completions}`;
    } else {
      const parallelism = job.spec?.parallelism ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = parseTime(job.status?.startTime);
    const end = parseTime(job.status?.completionTime);
    let duration = '';
    if (start !== undefined) duration = humanDuration((end ?? now) - start);
    const [names, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return [
      job.metadata?.name ?? '',
      jobStatusColumn(job),
      completions,
      duration,
      age(obj, now),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};
