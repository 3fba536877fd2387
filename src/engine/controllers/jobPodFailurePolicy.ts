/**
 * corpus-apps: a Job's pod failure policy (k/k: pkg/controller/job/pod_failure_policy.go, GA in
 * v1.31): the first rule that matches a failed pod decides — FailJob fails the Job at once,
 * Ignore keeps the failure out of the backoffLimit count, Count counts it as usual.
 */
import type { Job, Pod } from '../api/types';

type Action = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

/** k/k: matchPodFailurePolicy — the FailJob message, whether to count the failure, the action. */
export function matchPodFailurePolicy(
  job: Job,
  pod: Pod,
): { message?: string; count: boolean; action?: Action } {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const where = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (const [index, rule] of rules.entries()) {
    const action = rule.action as Action;
    let message: string | undefined;
    if (rule.onExitCodes) {
      const req = rule.onExitCodes;
      const statuses = [
        ...(pod.status?.containerStatuses ?? []),
        ...(pod.status?.initContainerStatuses ?? []),
      ];
      const hit = statuses.find((c) => {
        const code = c.state?.terminated?.exitCode;
        if (code === undefined || code === 0) return false;
        if (req.containerName && req.containerName !== c.name) return false;
        const listed = req.values.includes(code);
        return req.operator === 'In' ? listed : !listed;
      });
      if (!hit) continue;
      message = `Container ${hit.name} for pod ${where} failed with exit code ${hit.state!.terminated!.exitCode} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((c) =>
        rule.onPodConditions!.some((r) => r.type === c.type && (r.status ?? 'True') === c.status),
      );
      if (!cond) continue;
      message = `Pod ${where} has condition ${cond.type} matching ${action} rule at index ${index}`;
    } else continue;
    if (action === 'Ignore') return { count: false, action };
    if (action === 'FailJob') return { message, count: true, action };
    return { count: true, action };
  }
  return { count: true };
}

/** k/k: getFailJobMessage — the message of the first failed pod a FailJob rule matches. */
export function failJobMessage(job: Job, failed: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const pod of failed) {
    const m = matchPodFailurePolicy(job, pod);
    if (m.action === 'FailJob') return m.message;
  }
  return undefined;
}
