/**
 * jobs: `backoffLimitPerIndex` and `maxFailedIndexes` of Indexed Jobs (k/k:
 * pkg/controller/job/indexed_job_utils.go and backoff_utils.go, JobBackoffLimitPerIndex beta and
 * on by default in v1.31). Each pod carries how often its index failed before it in the
 * `batch.kubernetes.io/job-index-failure-count` annotation; an index whose pod fails with that
 * count at the limit (or by a FailIndex rule) is failed for good and listed in
 * `status.failedIndexes`; its retries wait 10 s doubling per failure of that index alone.
 */
import type { Job, JobCondition, Pod } from '../api/types';
import { completionIndexOf, parseIndexes } from './jobIndexed';
import { matchPodFailurePolicy } from './jobPodFailurePolicy';
import {
  DEFAULT_POD_FAILURE_BACKOFF_MS,
  finishedTime,
  hasTrackingFinalizer,
  isPodFailed,
  MAX_POD_FAILURE_BACKOFF_MS,
  newJobCondition,
} from './jobUtil';

export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION =
  'batch.kubernetes.io/job-index-ignored-failure-count';

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec?.backoffLimitPerIndex !== null;
}

/** k/k: parseInt32 — a missing, unparsable or negative annotation counts 0. */
function annotationCount(pod: Pod, key: string): number {
  const v = pod.metadata?.annotations?.[key];
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  const n = Number(v);
  return n > 2147483647 ? 0 : n;
}

export const indexFailureCount = (pod: Pod) =>
  annotationCount(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION);
const absoluteFailureCount = (pod: Pod) =>
  indexFailureCount(pod) + annotationCount(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);

/**
 * k/k: isIndexFailed — the pod failed and either a FailIndex rule matched it or its failure
 * counts and its index had already failed `backoffLimitPerIndex` times before it.
 */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy) {
    const m = matchPodFailurePolicy(job, pod);
    if (m.action === 'FailIndex') return true;
    counted = m.count;
  }
  return counted && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/**
 * k/k: calculateFailedIndexes — `status.failedIndexes` plus the indexes of failed pods not yet
 * counted (still carrying the tracking finalizer).
 */
export function calculateFailedIndexes(job: Job, pods: Pod[]): number[] {
  const completions = job.spec?.completions ?? 0;
  const out = new Set(parseIndexes(job.status?.failedIndexes ?? '', completions));
  for (const p of pods) {
    const ix = completionIndexOf(p, completions);
    if (ix !== undefined && hasTrackingFinalizer(p) && isIndexFailed(job, p)) out.add(ix);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The interim condition once too many indexes failed (MaxFailedIndexesExceeded), or once every
 * index has either succeeded or failed with at least one failed (FailedIndexes).
 */
export function perIndexFailure(
  job: Job,
  failed: number[],
  succeeded: number[],
  ts: string,
): JobCondition | undefined {
  const max = job.spec?.maxFailedIndexes;
  if (max !== undefined && max !== null && failed.length > max)
    return newJobCondition(
      'FailureTarget',
      'MaxFailedIndexesExceeded',
      'Job has exceeded the specified maximal number of failed indexes',
      ts,
    );
  if (failed.length > 0 && failed.length + succeeded.length >= (job.spec?.completions ?? 0))
    return newJobCondition('FailureTarget', 'FailedIndexes', 'Job has failed indexes', ts);
  return undefined;
}

/**
 * k/k: getPodsWithDelayedDeletionPerIndex — per index still to run, its last failed pod: its
 * finalizer stays until the replacement exists, which takes its failure count from it.
 */
export function podsWithDelayedDeletionPerIndex(
  job: Job,
  pods: Pod[],
  active: Pod[],
  succeeded: number[],
  failed: number[],
): Map<number, Pod> {
  const completions = job.spec?.completions ?? 0;
  const done = new Set([...succeeded, ...failed]);
  for (const p of active) {
    const ix = completionIndexOf(p, completions);
    if (ix !== undefined) done.add(ix);
  }
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!hasTrackingFinalizer(p) || !isPodFailed(p, job)) continue;
    const ix = completionIndexOf(p, completions);
    if (ix === undefined || done.has(ix)) continue;
    const last = out.get(ix);
    if (
      !last ||
      (absoluteFailureCount(last) <= absoluteFailureCount(p) &&
        finishedTime(p) >= finishedTime(last))
    )
      out.set(ix, p);
  }
  return out;
}

/**
 * k/k: addIndexFailureCountAnnotation — the new pod's failure counts: the replaced pod's, plus its
 * own failure (ignored if an Ignore rule matched it); 0 for an index's first pod.
 */
export function indexFailureAnnotations(
  job: Job,
  replaced: Pod | undefined,
): Record<string, string> {
  if (!replaced) return { [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: '0' };
  let count = indexFailureCount(replaced);
  let ignored = annotationCount(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
  if (!job.spec?.podFailurePolicy || matchPodFailurePolicy(job, replaced).count) count++;
  else ignored++;
  const out: Record<string, string> = { [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: String(count) };
  if (ignored > 0) out[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
  return out;
}

/** The pod's failure counts as annotations of the new pod of its index. */
export function addIndexFailureCount(pod: Pod, job: Job, delayed: Map<number, Pod>): void {
  const meta = (pod.metadata = pod.metadata ?? {});
  const ix = completionIndexOf(pod, job.spec?.completions ?? 0);
  const replaced = ix === undefined ? undefined : delayed.get(ix);
  meta.annotations = { ...meta.annotations, ...indexFailureAnnotations(job, replaced) };
}

/** Whether the pod is its index's last failure, kept until the replacement exists. */
export function isDelayed(delayed: Map<number, Pod> | undefined, job: Job, pod: Pod): boolean {
  const ix = completionIndexOf(pod, job.spec?.completions ?? 0);
  return ix !== undefined && delayed?.get(ix)?.metadata?.uid === pod.metadata?.uid;
}

/** k/k: getRemainingTimePerIndex — 10 s doubling per failure of the index, from its last one. */
export function remainingTimePerIndex(lastFailed: Pod | undefined, now: number): number {
  if (!lastFailed) return 0;
  const failures = absoluteFailureCount(lastFailed) + 1;
  let d = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures && d < MAX_POD_FAILURE_BACKOFF_MS; i++)
    d = Math.min(d * 2, MAX_POD_FAILURE_BACKOFF_MS);
  const elapsed = now - finishedTime(lastFailed);
  return d < elapsed ? 0 : d - elapsed;
}

/**
 * k/k: getPodCreationInfoForIndependentIndexes — the indexes whose back-off is over; if none,
 * the shortest wait.
 */
export function indexesReadyToCreate(
  indexes: number[] | undefined,
  delayed: Map<number, Pod> | undefined,
  now: number,
): { indexes: number[] | undefined; waitMs: number } {
  if (!indexes || !delayed) return { indexes, waitMs: 0 };
  const ready: number[] = [];
  let wait: number | undefined;
  for (const ix of indexes) {
    const w = remainingTimePerIndex(delayed.get(ix), now);
    if (w === 0) ready.push(ix);
    else if (wait === undefined || w < wait) wait = w;
  }
  return ready.length ? { indexes: ready, waitMs: 0 } : { indexes: [], waitMs: wait ?? 0 };
}
