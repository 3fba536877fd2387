import type { FilterPlugin } from '../framework';

/** NodeName: a pod that names a node in spec.nodeName fits only there. */
export const NodeName: FilterPlugin = {
  name: 'NodeName',
  skipFilter: (state) => !state.pod.spec?.nodeName,
  filter(state, info) {
    const wanted = state.pod.spec?.nodeName;
    if (!wanted || wanted === info.node.metadata?.name) return undefined;
    return { reasons: ["node(s) didn't match the requested node name"], unresolvable: true };
  },
};
