/**
 * jobs: a Job's `successPolicy` (k/k: pkg/controller/job/success_policy.go, JobSuccessPolicy
 * beta and on by default in v1.31): an Indexed Job succeeds once a rule matches its succeeded
 * indexes — `succeededIndexes` all succeeded, or `succeededCount` of them, or `succeededCount`
 * indexes of any — and its remaining pods are then terminated.
 */
import type { Job, JobCondition } from '../api/types';
import { parseIndexes } from './jobIndexed';
import { newJobCondition } from './jobUtil';

/** k/k: matchSuccessPolicy — "Matched rules at index N" for the first rule met, else undefined. */
export function matchSuccessPolicy(job: Job, succeeded: number[]): string | undefined {
  const rules = job.spec?.successPolicy?.rules;
  if (!rules || succeeded.length === 0) return undefined;
  const completions = job.spec?.completions ?? 0;
  const done = new Set(succeeded);
  for (const [index, rule] of rules.entries()) {
    const count = rule.succeededCount ?? undefined;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      // A rule whose indexes cannot be parsed is skipped.
      if (required.length === 0) continue;
      const contains = required.filter((ix) => done.has(ix)).length;
      if (count !== undefined ? contains >= count : contains === required.length)
        return `Matched rules at index ${index}`;
    } else if (count !== undefined && succeeded.length >= count) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

/** The interim SuccessCriteriaMet condition with reason SuccessPolicy, when a rule is met. */
export function successPolicyCondition(
  job: Job,
  succeeded: number[],
  ts: string,
): JobCondition | undefined {
  const msg = matchSuccessPolicy(job, succeeded);
  return msg === undefined
    ? undefined
    : newJobCondition('SuccessCriteriaMet', 'SuccessPolicy', msg, ts);
}
