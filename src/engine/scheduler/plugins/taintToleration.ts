import type { Pod, Taint, Toleration } from '../../api/types';
import { defaultNormalize, type FilterPlugin, type ScorePlugin } from '../framework';

/** Does the toleration tolerate the taint (k/k: core/v1 helper ToleratesTaint)? */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** `{node-role.kubernetes.io/control-plane: }`, as FailedScheduling prints a taint. */
export function taintText(taint: Taint): string {
  return `{${taint.key}: ${taint.value ?? ''}}`;
}

/** TaintToleration: filter on NoSchedule/NoExecute taints; score by PreferNoSchedule ones. */
export const TaintToleration: FilterPlugin & ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  filter(state, info) {
    const taints = info.taints;
    if (!taints?.length) return undefined;
    const tolerations = state.pod.spec?.tolerations ?? [];
    for (const taint of taints) {
      if (taint.effect === 'PreferNoSchedule') continue;
      if (!tolerations.some((t) => tolerates(t, taint))) {
        return {
          reasons: [`node(s) had untolerated taint ${taintText(taint)}`],
          unresolvable: true,
        };
      }
    }
    return undefined;
  },
  score(state, info) {
    return preferNoScheduleUntolerated(state.pod, info.taints);
  },
  scoreAt(state, t, i) {
    return preferNoScheduleUntolerated(state.pod, t.taints[i]);
  },
  normalize(_state, scores) {
    defaultNormalize(scores, true);
  },
};

/** The node's PreferNoSchedule taints the pod does not tolerate (Score's raw count). */
function preferNoScheduleUntolerated(pod: Pod, taints: readonly Taint[] | undefined): number {
  // Most nodes have no taint: nothing to count, and nothing to allocate for it.
  if (!taints?.length) return 0;
  const tolerations = (pod.spec?.tolerations ?? []).filter(
    (t) => !t.effect || t.effect === 'PreferNoSchedule',
  );
  return taints.filter(
    (taint) => taint.effect === 'PreferNoSchedule' && !tolerations.some((t) => tolerates(t, taint)),
  ).length;
}
