import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { Pod } from '../../api/types';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type ScorePlugin,
} from '../framework';

/**
 * The system default constraints used when a pod has none
 * (k/k: pkg/scheduler/framework/plugins/podtopologyspread/plugin.go systemDefaultConstraints).
 */
const SYSTEM_DEFAULTS: TopologySpreadConstraint[] = [
  {
    topologyKey: 'kubernetes.io/hostname',
    maxSkew: 3,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: {},
  },
  {
    topologyKey: 'topology.kubernetes.io/zone',
    maxSkew: 5,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: {},
  },
];

function constraints(pod: Pod, hard: boolean): TopologySpreadConstraint[] {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) return own.filter((c) => (c.whenUnsatisfiable === 'DoNotSchedule') === hard);
  if (hard) return [];
  // Default spreading selects the pods of the same owner, approximated by the pod's own labels.
  const labels = pod.metadata?.labels ?? {};
  if (!pod.metadata?.ownerReferences?.length || Object.keys(labels).length === 0) return [];
  return SYSTEM_DEFAULTS.map((c) => ({ ...c, labelSelector: { matchLabels: labels } }));
}

function countIn(state: CycleState, c: TopologySpreadConstraint, domain: string): number {
  let n = 0;
  for (const info of state.allNodes) {
    if (info.node.metadata?.labels?.[c.topologyKey] !== domain) continue;
    for (const p of info.pods) {
      if (
        p.metadata?.namespace === state.pod.metadata?.namespace &&
        matchesLabelSelector(p.metadata?.labels, c.labelSelector)
      )
        n++;
    }
  }
  return n;
}

function domains(state: CycleState, key: string): Set<string> {
  const out = new Set<string>();
  for (const info of state.allNodes) {
    const v = info.node.metadata?.labels?.[key];
    if (v !== undefined) out.add(v);
  }
  return out;
}

/** PodTopologySpread: keep matching pods spread across topology domains within maxSkew. */
export const PodTopologySpread: FilterPlugin & ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  filter(state, info: NodeInfo) {
    for (const c of constraints(state.pod, true)) {
      const domain = info.node.metadata?.labels?.[c.topologyKey];
      if (domain === undefined) {
        return {
          reasons: [
            "node(s) didn't match pod topology spread constraints (missing required label)",
          ],
          unresolvable: true,
        };
      }
      let min = Infinity;
      for (const d of domains(state, c.topologyKey)) min = Math.min(min, countIn(state, c, d));
      const self = matchesLabelSelector(state.pod.metadata?.labels, c.labelSelector) ? 1 : 0;
      if (countIn(state, c, domain) + self - min > c.maxSkew) {
        return {
          reasons: ["node(s) didn't match pod topology spread constraints"],
          unresolvable: false,
        };
      }
    }
    return undefined;
  },
  score(state, info) {
    let total = 0;
    for (const c of constraints(state.pod, false)) {
      const domain = info.node.metadata?.labels?.[c.topologyKey];
      if (domain !== undefined) total += countIn(state, c, domain);
    }
    return total;
  },
  normalize(_state, scores) {
    // Fewer matching pods is better: MaxNodeScore × (max + min − s) / max.
    let max = 0;
    let min = Infinity;
    for (const v of scores.values()) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    for (const [k, v] of scores)
      scores.set(
        k,
        max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - v)) / max),
      );
  },
};
