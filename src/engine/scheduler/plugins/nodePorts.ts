import type { FilterPlugin } from '../framework';

/** NodePorts: a hostPort can be used by one pod per node. */
export const NodePorts: FilterPlugin = {
  name: 'NodePorts',
  skipFilter: (state) =>
    !(state.pod.spec?.containers ?? []).some((c) => c.ports?.some((p) => p.hostPort)),
  filter(state, info) {
    for (const c of state.pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.hostPort && info.usedPorts.has(`${p.protocol ?? 'TCP'}/${p.hostPort}`)) {
          return {
            reasons: ["node(s) didn't have free ports for the requested pod ports"],
            unresolvable: false,
          };
        }
      }
    }
    return undefined;
  },
};
