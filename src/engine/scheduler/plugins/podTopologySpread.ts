import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { Node, Pod } from '../../api/types';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type ScorePlugin,
} from '../framework';
import { matchesNodeSelectorAndAffinity } from './nodeAffinity';
import { tolerates } from './taintToleration';

const HOSTNAME = 'kubernetes.io/hostname';

/**
 * The system default constraints used when a pod has none
 * (k/k: pkg/scheduler/framework/plugins/podtopologyspread/plugin.go systemDefaultConstraints).
 */
const SYSTEM_DEFAULTS: TopologySpreadConstraint[] = [
  { topologyKey: HOSTNAME, maxSkew: 3, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: {} },
  {
    topologyKey: 'topology.kubernetes.io/zone',
    maxSkew: 5,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: {},
  },
];

/** The pod's hard (DoNotSchedule) or soft (ScheduleAnyway) constraints, or the system defaults. */
function constraints(pod: Pod, hard: boolean): TopologySpreadConstraint[] {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) return own.filter((c) => (c.whenUnsatisfiable === 'DoNotSchedule') === hard);
  if (hard) return [];
  // Default spreading selects the pods of the same owner, approximated by the pod's own labels.
  const labels = pod.metadata?.labels ?? {};
  if (!pod.metadata?.ownerReferences?.length || Object.keys(labels).length === 0) return [];
  return SYSTEM_DEFAULTS.map((c) => ({
    ...c,
    labelSelector: Object.freeze({ matchLabels: labels }),
  }));
}

/** A selector's text, once per selector object (the memo key of the counts below). */
const selectorKeys = new WeakMap<object, string>();
/** Counts per frozen pod list (a NodeInfo's, reused while its node is unchanged) and key. */
const countMemo = new WeakMap<Pod[], Map<string, number>>();

/** countPodsMatchSelector: same namespace, selector matches, terminating pods bypassed (#87621). */
function countMatching(pods: Pod[], c: TopologySpreadConstraint, namespace?: string): number {
  const sel = c.labelSelector;
  if (!sel || !Object.isFrozen(pods)) return countMatchingUncached(pods, c, namespace);
  let selKey = selectorKeys.get(sel);
  if (selKey === undefined) {
    selKey = JSON.stringify(sel);
    // Only a selector that cannot change keeps its text (a pod's own, or a default one below).
    const frozen = (v: unknown) => v === undefined || Object.isFrozen(v);
    if (Object.isFrozen(sel) && frozen(sel.matchLabels) && frozen(sel.matchExpressions))
      selectorKeys.set(sel, selKey);
  }
  const key = `${namespace ?? ''}\u0000${selKey}`;
  let memo = countMemo.get(pods);
  if (!memo) countMemo.set(pods, (memo = new Map()));
  let n = memo.get(key);
  if (n === undefined) memo.set(key, (n = countMatchingUncached(pods, c, namespace)));
  return n;
}

function countMatchingUncached(
  pods: Pod[],
  c: TopologySpreadConstraint,
  namespace?: string,
): number {
  let n = 0;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp || p.metadata?.namespace !== namespace) continue;
    if (matchesLabelSelector(p.metadata?.labels, c.labelSelector)) n++;
  }
  return n;
}

/**
 * matchNodeInclusionPolicies: nodeAffinityPolicy (default Honor) counts only nodes that satisfy
 * the pod's nodeSelector and required node affinity; nodeTaintsPolicy (default Ignore) with
 * Honor also drops nodes whose NoSchedule/NoExecute taints the pod does not tolerate.
 */
function included(pod: Pod, node: Node, c: TopologySpreadConstraint): boolean {
  if ((c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && !matchesNodeSelectorAndAffinity(pod, node))
    return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    const tolerations = pod.spec?.tolerations ?? [];
    for (const taint of node.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule') continue;
      if (!tolerations.some((t) => tolerates(t, taint))) return false;
    }
  }
  return true;
}

const hasAllKeys = (node: Node, cs: TopologySpreadConstraint[]) =>
  cs.every((c) => node.metadata?.labels?.[c.topologyKey] !== undefined);

/** PreFilter state: per hard constraint, matching pods per domain and the global minimum. */
interface FilterState {
  constraints: TopologySpreadConstraint[];
  counts: Map<string, number>[];
  min: number[];
}

/** PreScore state: soft constraints, per-domain counts, normalising weights, ignored nodes. */
interface ScoreState {
  constraints: TopologySpreadConstraint[];
  counts: Map<string, number>[];
  weights: number[];
  ignored: Set<string>;
}

const filterStates = new WeakMap<CycleState, FilterState>();
const scoreStates = new WeakMap<CycleState, ScoreState>();

// k/k: podtopologyspread/filtering.go calPreFilterState.
function preFilter(state: CycleState): FilterState {
  const hit = filterStates.get(state);
  if (hit) return hit;
  const pod = state.pod;
  const cs = constraints(pod, true);
  const counts = cs.map(() => new Map<string, number>());
  for (const info of state.allNodes) {
    if (!hasAllKeys(info.node, cs)) continue;
    cs.forEach((c, i) => {
      if (!included(pod, info.node, c)) return;
      const domain = info.node.metadata!.labels![c.topologyKey];
      const n = countMatching(info.pods, c, pod.metadata?.namespace);
      counts[i].set(domain, (counts[i].get(domain) ?? 0) + n);
    });
  }
  // minMatchNum: the smallest count over the domains; 0 when there are fewer than minDomains.
  const min = cs.map((c, i) => {
    if (counts[i].size < (c.minDomains ?? 1)) return 0;
    let m = Infinity;
    for (const v of counts[i].values()) m = Math.min(m, v);
    return m === Infinity ? 0 : m;
  });
  const s = { constraints: cs, counts, min };
  filterStates.set(state, s);
  return s;
}

// k/k: podtopologyspread/scoring.go initPreScoreState and PreScore.
function preScore(state: CycleState): ScoreState {
  const hit = scoreStates.get(state);
  if (hit) return hit;
  const pod = state.pod;
  const own = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0;
  const cs = constraints(pod, false);
  const feasible = state.feasibleNodes ?? state.allNodes;
  const ignored = new Set<string>();
  const counts = cs.map(() => new Map<string, number>());
  for (const info of feasible) {
    // requireAllTopologies: the pod's own constraints need every key; system defaults do not.
    if (own && !hasAllKeys(info.node, cs)) {
      ignored.add(info.node.metadata!.name!);
      continue;
    }
    cs.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME) return;
      counts[i].set(info.node.metadata?.labels?.[c.topologyKey] ?? '', 0);
    });
  }
  const weights = cs.map((c, i) =>
    Math.log((c.topologyKey === HOSTNAME ? feasible.length - ignored.size : counts[i].size) + 2),
  );
  for (const info of state.allNodes) {
    if (own && !hasAllKeys(info.node, cs)) continue;
    cs.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME || !included(pod, info.node, c)) return;
      const domain = info.node.metadata?.labels?.[c.topologyKey] ?? '';
      const current = counts[i].get(domain);
      if (current === undefined) return;
      counts[i].set(domain, current + countMatching(info.pods, c, pod.metadata?.namespace));
    });
  }
  const s = { constraints: cs, counts, weights, ignored };
  scoreStates.set(state, s);
  return s;
}

/** PodTopologySpread: keep matching pods spread across topology domains within maxSkew. */
export const PodTopologySpread: FilterPlugin & ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  filter(state, info: NodeInfo) {
    if (!state.pod.spec?.topologySpreadConstraints?.length) return undefined;
    const pre = preFilter(state);
    for (const [i, c] of pre.constraints.entries()) {
      const domain = info.node.metadata?.labels?.[c.topologyKey];
      if (domain === undefined) {
        return {
          reasons: [
            "node(s) didn't match pod topology spread constraints (missing required label)",
          ],
          unresolvable: true,
        };
      }
      const self = matchesLabelSelector(state.pod.metadata?.labels, c.labelSelector) ? 1 : 0;
      // 'existing matching num' + 'if self-match (1 or 0)' - 'global minimum' <= 'maxSkew'
      if ((pre.counts[i].get(domain) ?? 0) + self - pre.min[i] > c.maxSkew) {
        return {
          reasons: ["node(s) didn't match pod topology spread constraints"],
          unresolvable: false,
        };
      }
    }
    return undefined;
  },
  score(state, info) {
    const pre = preScore(state);
    if (pre.constraints.length === 0 || pre.ignored.has(info.node.metadata!.name!)) return 0;
    let score = 0;
    pre.constraints.forEach((c, i) => {
      const domain = info.node.metadata?.labels?.[c.topologyKey];
      if (domain === undefined) return;
      const cnt =
        c.topologyKey === HOSTNAME
          ? countMatching(info.pods, c, state.pod.metadata?.namespace)
          : (pre.counts[i].get(domain) ?? 0);
      // scoreForCount: cnt × log(domains + 2) + (maxSkew − 1).
      score += cnt * pre.weights[i] + (c.maxSkew - 1);
    });
    return Math.round(score);
  },
  normalize(state, scores) {
    // Fewer matching pods is better: MaxNodeScore × (max + min − s) / max; ignored nodes get 0.
    const pre = preScore(state);
    if (pre.constraints.length === 0) {
      for (const k of scores.keys()) scores.set(k, 0);
      return;
    }
    let max = 0;
    let min = Infinity;
    for (const [k, v] of scores) {
      if (pre.ignored.has(k)) continue;
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    for (const [k, v] of scores) {
      if (pre.ignored.has(k)) scores.set(k, 0);
      else if (max === 0) scores.set(k, MAX_NODE_SCORE);
      else scores.set(k, Math.floor((MAX_NODE_SCORE * (max + min - v)) / max));
    }
  },
};
