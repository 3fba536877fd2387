/**
 * jobs: whether a sync finds the Job finished, in k/k's order (pkg/controller/job/
 * job_controller.go syncJob, v1.31): a SuccessCriteriaMet or FailureTarget condition already
 * recorded; a FailJob rule; the backoff limit; the active deadline; for Indexed Jobs the failed
 * indexes (backoffLimitPerIndex) and then the success policy. `Complete` by completions is
 * decided after manageJob, in ./job.
 */
import type { Job, JobCondition, Pod } from '../api/types';
import {
  calculateFailedIndexes,
  hasBackoffLimitPerIndex,
  perIndexFailure,
  podsWithDelayedDeletionPerIndex,
} from './jobBackoffPerIndex';
import { failJobMessage } from './jobPodFailurePolicy';
import { successPolicyCondition } from './jobSuccessPolicy';
import {
  findCondition,
  isPodFailed,
  newJobCondition,
  pastActiveDeadline,
  pastBackoffLimitOnFailure,
} from './jobUtil';

export interface FinishedDecision {
  /** The interim condition (SuccessCriteriaMet / FailureTarget), if the Job is finished. */
  finished?: JobCondition;
  /** backoffLimitPerIndex: the failed indexes, and per index the pod whose removal waits. */
  failedIndexes?: number[];
  delayed?: Map<number, Pod>;
}

export function decideFinished(
  job: Job,
  pods: Pod[],
  active: Pod[],
  failed: number,
  succeededIndexes: number[] | undefined,
  now: number,
  ts: string,
): FinishedDecision {
  let finished = findCondition(job, 'SuccessCriteriaMet') ?? findCondition(job, 'FailureTarget');
  if (!finished) {
    const failJob = failJobMessage(
      job,
      pods.filter((p) => isPodFailed(p, job)),
    );
    if (failJob) finished = newJobCondition('FailureTarget', 'PodFailurePolicy', failJob, ts);
  }
  if (!finished) {
    if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods))
      finished = newJobCondition(
        'FailureTarget',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        ts,
      );
    else if (pastActiveDeadline(job, now))
      finished = newJobCondition(
        'FailureTarget',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
        ts,
      );
  }
  const out: FinishedDecision = {};
  if (succeededIndexes) {
    if (hasBackoffLimitPerIndex(job)) {
      const failedIndexes = calculateFailedIndexes(job, pods);
      finished ??= perIndexFailure(job, failedIndexes, succeededIndexes, ts);
      out.failedIndexes = failedIndexes;
      out.delayed = podsWithDelayedDeletionPerIndex(
        job,
        pods,
        active,
        succeededIndexes,
        failedIndexes,
      );
    }
    finished ??= successPolicyCondition(job, succeededIndexes, ts);
  }
  out.finished = finished;
  return out;
}
