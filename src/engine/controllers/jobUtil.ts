/**
 * Job helpers, after k/k: pkg/controller/job/{job_controller,backoff_utils}.go (v1.31, with
 * JobPodReplacementPolicy and JobSuccessPolicy on, as they are by default).
 */
import type { Job, JobCondition, Pod } from '../api/types';
import { parseTime } from './controllerUtils';

/** The finalizer that keeps a Job's pod until the Job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** k/k: DefaultJobPodFailureBackOff. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/**
 * k/k: MaxJobPodFailureBackOff = 10 * time.Minute (job_controller.go). The Job concept page
 * says "capped at six minutes"; the code, which a learner observes, caps at ten.
 */
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** Pod events are batched into one Job sync per second (k/k: syncJobBatchPeriod). */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;

export type JobStatus = NonNullable<Job['status']>;

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/**
 * k/k: isPodFailed — a Failed pod, or (podReplacementPolicy TerminatingOrFailed, the default)
 * a pod being deleted before it succeeded.
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') return true;
  if (job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy) return false;
  return !!pod.metadata?.deletionTimestamp && phase !== 'Succeeded';
}

/** A True condition of this type. */
export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

/** k/k: IsJobFinished — Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return !!(findCondition(job, 'Complete') ?? findCondition(job, 'Failed'));
}

export function newJobCondition(
  type: string,
  reason: string,
  message: string,
  ts: string,
): JobCondition {
  return { type, status: 'True', lastProbeTime: ts, lastTransitionTime: ts, reason, message };
}

/** k/k: pastBackoffLimitOnFailure — container restarts of running pods count toward the limit. */
export function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [
      ...(p.status?.initContainerStatuses ?? []),
      ...(p.status?.containerStatuses ?? []),
    ])
      restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** When a pod finished: its containers' last finishedAt, else deletion or creation time. */
export function finishedTime(pod: Pod): number {
  let t: number | undefined;
  for (const s of pod.status?.containerStatuses ?? []) {
    const f = parseTime(s.state?.terminated?.finishedAt);
    if (f !== undefined && (t === undefined || f > t)) t = f;
  }
  return (
    t ??
    parseTime(pod.metadata?.deletionTimestamp) ??
    parseTime(pod.metadata?.creationTimestamp) ??
    0
  );
}

/** k/k: backoffRecord — failures since the last success, and when the last one happened. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** k/k: backoffStore.newBackoffRecord. */
export function nextBackoffRecord(
  prev: BackoffRecord | undefined,
  succeeded: Pod[],
  failed: Pod[],
): BackoffRecord {
  const rec: BackoffRecord = { ...(prev ?? { failuresAfterLastSuccess: 0 }) };
  const failedTimes = failed.map(finishedTime).sort((a, b) => a - b);
  if (succeeded.length === 0) {
    if (failed.length === 0) return rec;
    rec.failuresAfterLastSuccess += failed.length;
    rec.lastFailureTime = failedTimes[failedTimes.length - 1];
    return rec;
  }
  const lastSuccess = Math.max(...succeeded.map(finishedTime));
  const out: BackoffRecord = { failuresAfterLastSuccess: 0 };
  for (let i = failedTimes.length - 1; i >= 0; i--) {
    if (failedTimes[i] <= lastSuccess) break;
    out.lastFailureTime ??= failedTimes[i];
    out.failuresAfterLastSuccess++;
  }
  return out;
}

/** k/k: getRemainingTime — 10 s doubling per failure, capped, counted from the last failure. */
export function backoffRemaining(rec: BackoffRecord, nowMs: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let d = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= MAX_POD_FAILURE_BACKOFF_MS) {
      d = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = nowMs - rec.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/** Go's omitempty on JobStatus: zero counts left out; ready, terminating and uncounted kept. */
export function serializeJobStatus(s: JobStatus): JobStatus {
  const out: JobStatus = {};
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.startTime) out.startTime = s.startTime;
  if (s.completionTime) out.completionTime = s.completionTime;
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  if (s.terminating !== undefined) out.terminating = s.terminating;
  // indexed: k/k's field order (completedIndexes after terminating, omitempty).
  if (s.completedIndexes) out.completedIndexes = s.completedIndexes;
  // jobs: a pointer in k/k — kept when empty once backoffLimitPerIndex set it.
  if (s.failedIndexes !== undefined && s.failedIndexes !== null)
    out.failedIndexes = s.failedIndexes;
  const u = s.uncountedTerminatedPods ?? {};
  out.uncountedTerminatedPods = {};
  if (u.succeeded?.length) out.uncountedTerminatedPods.succeeded = u.succeeded;
  if (u.failed?.length) out.uncountedTerminatedPods.failed = u.failed;
  if (s.ready !== undefined) out.ready = s.ready;
  return out;
}

/** Whether the Job ran longer than `activeDeadlineSeconds` (k/k: pastActiveDeadline). */
export function pastActiveDeadline(job: Job, now: number): boolean {
  const deadline = job.spec?.activeDeadlineSeconds;
  const start = parseTime(job.status?.startTime);
  if (!deadline || start === undefined) return false;
  return now - start >= deadline * 1000;
}
