import type { FilterPlugin } from '../framework';

/** NodeUnschedulable: a cordoned node takes no pods unless they tolerate the unschedulable taint. */
export const NodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(state, info) {
    if (!info.unschedulable) return undefined;
    const tolerates = (state.pod.spec?.tolerations ?? []).some(
      (t) =>
        (t.key === 'node.kubernetes.io/unschedulable' || (!t.key && t.operator === 'Exists')) &&
        (!t.effect || t.effect === 'NoSchedule'),
    );
    return tolerates ? undefined : { reasons: ['node(s) were unschedulable'], unresolvable: true };
  },
};
