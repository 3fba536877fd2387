import type { PodAffinityTerm } from 'kubernetes-types/core/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { Pod } from '../../api/types';
import {
  defaultNormalize,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type ScorePlugin,
} from '../framework';

function termMatchesPod(term: PodAffinityTerm, owner: Pod, other: Pod): boolean {
  const namespaces = term.namespaces?.length ? term.namespaces : [owner.metadata?.namespace];
  return (
    namespaces.includes(other.metadata?.namespace) &&
    matchesLabelSelector(other.metadata?.labels, term.labelSelector)
  );
}

/** Is there a pod matching the term in the same topology domain as `info`? */
function domainHas(state: CycleState, info: NodeInfo, term: PodAffinityTerm): boolean {
  const domain = info.node.metadata?.labels?.[term.topologyKey];
  if (domain === undefined) return false;
  return state.allNodes.some(
    (n) =>
      n.node.metadata?.labels?.[term.topologyKey] === domain &&
      n.pods.some((p) => termMatchesPod(term, state.pod, p)),
  );
}

/** InterPodAffinity: required pod affinity and anti-affinity filter; preferred terms score. */
export const InterPodAffinity: FilterPlugin & ScorePlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  filter(state, info) {
    const aff = state.pod.spec?.affinity;
    for (const term of aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      // The first pod of a group may land anywhere when it matches its own term (k/k behaviour).
      const anyMatch = state.allNodes.some((n) =>
        n.pods.some((p) => termMatchesPod(term, state.pod, p)),
      );
      const selfMatch = termMatchesPod(term, state.pod, state.pod);
      if (!domainHas(state, info, term) && (anyMatch || !selfMatch)) {
        return { reasons: ["node(s) didn't match pod affinity rules"], unresolvable: true };
      }
    }
    for (const term of aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (domainHas(state, info, term))
        return { reasons: ["node(s) didn't match pod anti-affinity rules"], unresolvable: false };
    }
    // Existing pods' anti-affinity against this pod.
    const domainPods = (key: string) =>
      state.allNodes
        .filter((n) => n.node.metadata?.labels?.[key] === info.node.metadata?.labels?.[key])
        .flatMap((n) => n.pods);
    for (const n of state.allNodes) {
      for (const p of n.pods) {
        for (const term of p.spec?.affinity?.podAntiAffinity
          ?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termMatchesPod(term, p, state.pod) && domainPods(term.topologyKey).includes(p)) {
            return {
              reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"],
              unresolvable: false,
            };
          }
        }
      }
    }
    return undefined;
  },
  score(state, info) {
    let total = 0;
    const aff = state.pod.spec?.affinity;
    for (const w of aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (domainHas(state, info, w.podAffinityTerm)) total += w.weight;
    }
    for (const w of aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (domainHas(state, info, w.podAffinityTerm)) total -= w.weight;
    }
    return total;
  },
  normalize(_state, scores) {
    let min = Infinity;
    for (const v of scores.values()) min = Math.min(min, v);
    if (min < 0) for (const [k, v] of scores) scores.set(k, v - min);
    defaultNormalize(scores, false);
  },
};
