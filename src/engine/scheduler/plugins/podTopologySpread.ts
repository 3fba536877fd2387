import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { matchesLabelSelector } from '../../api/labels';
import { changedNodes } from '../cache';
import { matchingOf, type Matching } from './spreadMatching';
import { topologyValue } from '../nodeInfo';
import { topologyValueAt, type NodeTable } from '../nodeTable';
import type { Node, Pod } from '../../api/types';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type ScorePlugin,
} from '../framework';
import { hasRequiredNodeAffinity, matchesNodeSelectorAndAffinity } from './nodeAffinity';
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
  // scale: the same (frozen) labels give the same constraints, so their selectors' texts and
  // count tables are found again instead of made anew every cycle.
  const hit = defaultsFor.get(labels);
  if (hit) return hit;
  const cs = SYSTEM_DEFAULTS.map((c) => ({
    ...c,
    labelSelector: Object.freeze({ matchLabels: labels }),
  }));
  if (Object.isFrozen(labels)) defaultsFor.set(labels, cs);
  return cs;
}

/** The system default constraints per pod labels object (see `constraints`). */
const defaultsFor = new WeakMap<object, TopologySpreadConstraint[]>();

/** A selector's text, once per selector object (the memo key of the counts below). */
const selectorKeys = new WeakMap<object, string>();
/**
 * Matching-pod counts by (namespace, selector) key, each by frozen pod list (a NodeInfo's, reused
 * while its node is unchanged). PreScore looks the key's table up once per cycle, so scoring a
 * node is one WeakMap lookup (k/k counts in Score for the hostname key; the sums are the same).
 */
const countMemo = new Map<string, WeakMap<Pod[], number>>();
const COUNT_MEMO_SIZE = 4096;

const unchanging = (v: unknown) => v === undefined || Object.isFrozen(v);

/** A selector's text (remembered for a selector that cannot change). */
function selectorKey(sel: LabelSelector): string {
  let selKey = selectorKeys.get(sel);
  if (selKey === undefined) {
    selKey = JSON.stringify(sel);
    // Only a selector that cannot change keeps its text (a pod's own, or a default one below).
    if (Object.isFrozen(sel) && unchanging(sel.matchLabels) && unchanging(sel.matchExpressions))
      selectorKeys.set(sel, selKey);
  }
  return selKey;
}

/** The count table of a constraint's selector in a namespace, or undefined without a selector. */
function countTable(
  c: TopologySpreadConstraint,
  namespace?: string,
): WeakMap<Pod[], number> | undefined {
  const sel = c.labelSelector;
  if (!sel) return undefined;
  const key = `${namespace ?? ''}\u0000${selectorKey(sel)}`;
  let table = countMemo.get(key);
  if (!table) {
    if (countMemo.size >= COUNT_MEMO_SIZE) countMemo.delete(countMemo.keys().next().value!);
    countMemo.set(key, (table = new WeakMap()));
  }
  return table;
}

/** countPodsMatchSelector: same namespace, selector matches, terminating pods bypassed (#87621). */
function countMatching(
  pods: Pod[],
  c: TopologySpreadConstraint,
  namespace?: string,
  table = Object.isFrozen(pods) ? countTable(c, namespace) : undefined,
): number {
  if (!table || !Object.isFrozen(pods)) return countMatchingUncached(pods, c, namespace);
  let n = table.get(pods);
  if (n === undefined) table.set(pods, (n = countMatchingUncached(pods, c, namespace)));
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

const hasAllKeys = (info: NodeInfo, cs: TopologySpreadConstraint[]) =>
  cs.every((c) => topologyValue(info, c.topologyKey) !== undefined);

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
  /** Per constraint, its count table (looked up once per cycle for the per-node hostname counts). */
  tables: (WeakMap<Pod[], number> | undefined)[];
  /** Per constraint, the cache's matching pods per node, when the cycle has the cache's counts. */
  perNode: (Matching | undefined)[];
  /**
   * scale: the same counts by the snapshot index of each node, for the hostname key: Score looks
   * a node up by its index in the snapshot's columns, reading neither its NodeInfo nor its name
   * (objects elsewhere in a large heap, read on each of 500 nodes a cycle).
   */
  byIndex: (Map<number, number> | undefined)[];
}

/** One node's part of a constraint's per-domain count: its domain and matching pods. */
interface NodePart {
  domain: string | undefined;
  count: number;
}

/** A constraint's counts over every node of a snapshot, kept to update for the next one. */
interface DomainTotals {
  infos: NodeInfo[];
  parts: NodePart[];
  /** domain → [matching pods, nodes in the domain]. */
  totals: Map<string, [number, number]>;
}

/**
 * Per-domain counts over all nodes, for one (constraint, pod placement) key, from the last
 * snapshot: a cycle's snapshot differs from the previous one only in the NodeInfos of the nodes
 * that changed, so only those are counted again (the real plugin walks all nodes in parallel in
 * PreFilter/PreScore; the sums are the same).
 */
const domainMemo = new Map<string, DomainTotals>();
const DOMAIN_MEMO_SIZE = 32;

/**
 * Σ matching pods per topology domain over every node that has the topology keys (when
 * `requireAll`) and passes the constraint's node inclusion policies; a domain seen on any such
 * node is present (with 0 when none of its pods match).
 */
function domainTotals(
  state: CycleState,
  c: TopologySpreadConstraint,
  cs: TopologySpreadConstraint[],
  requireAll: boolean,
): Map<string, [number, number]> {
  const pod = state.pod;
  const ns = pod.metadata?.namespace;
  const infos = state.allNodes;
  const part = (info: NodeInfo): NodePart => {
    if (requireAll && !hasAllKeys(info, cs)) return { domain: undefined, count: 0 };
    if (!included(pod, info.node, c)) return { domain: undefined, count: 0 };
    const domain = topologyValue(info, c.topologyKey) ?? '';
    return { domain, count: countMatching(info.pods, c, ns) };
  };
  const key = JSON.stringify([
    ns,
    c.topologyKey,
    c.labelSelector,
    c.nodeAffinityPolicy,
    c.nodeTaintsPolicy,
    requireAll ? cs.map((x) => x.topologyKey) : 0,
    pod.spec?.nodeSelector,
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    c.nodeTaintsPolicy === 'Honor' ? pod.spec?.tolerations : 0,
  ]);
  const add = (t: Map<string, [number, number]>, p: NodePart, sign: number) => {
    if (p.domain === undefined) return;
    const e = t.get(p.domain);
    if (e) {
      e[0] += sign * p.count;
      e[1] += sign;
      if (e[1] === 0) t.delete(p.domain);
    } else t.set(p.domain, [p.count, 1]);
  };
  let memo = domainMemo.get(key);
  if (memo && memo.infos.length === infos.length) {
    if (memo.infos !== infos) {
      const m = memo;
      const update = (i: number) => {
        if (infos[i] === m.infos[i]) return;
        add(m.totals, m.parts[i], -1);
        m.parts[i] = part(infos[i]);
        add(m.totals, m.parts[i], +1);
      };
      // scale: only the entries the cache changed since the memo's snapshot, when it knows them.
      const changed = changedNodes(memo.infos, infos);
      if (changed) for (const i of changed) update(i);
      else for (let i = 0; i < infos.length; i++) update(i);
      memo.infos = infos;
    }
    domainMemo.delete(key);
  } else {
    const totals = new Map<string, [number, number]>();
    const parts = infos.map(part);
    for (const p of parts) add(totals, p, +1);
    memo = { infos, parts, totals };
    if (domainMemo.size >= DOMAIN_MEMO_SIZE) domainMemo.delete(domainMemo.keys().next().value!);
  }
  domainMemo.set(key, memo);
  return memo.totals;
}

/**
 * domainTotals' matching-pod sums from the cache's per-node counts: the same nodes count (those
 * in the snapshot that pass the same checks), but only nodes holding matching pods are visited.
 */
function sparseDomainTotals(
  state: CycleState,
  matching: Matching,
  c: TopologySpreadConstraint,
  cs: TopologySpreadConstraint[],
  requireAll: boolean,
): Map<string, number> {
  const totals = new Map<string, number>();
  // scale: when no check needs the node (no required node affinity, taints ignored, no other
  // key required), its domain is read from the snapshot's columns by its index.
  const t = state.table;
  if (
    t?.infos === state.allNodes &&
    !requireAll &&
    !hasRequiredNodeAffinity(state.pod) &&
    c.nodeTaintsPolicy !== 'Honor'
  ) {
    const { at, n } = matching;
    for (let k = 0; k < at.length; k++) {
      const domain = topologyValueAt(t, at[k], c.topologyKey) ?? '';
      totals.set(domain, (totals.get(domain) ?? 0) + n[k]);
    }
    return totals;
  }
  const add = (m: ReadonlyMap<string, number>) => {
    for (const [name, n] of m) {
      const info = state.counts!.node(name);
      if (!info) continue;
      if (requireAll && !hasAllKeys(info, cs)) continue;
      if (!included(state.pod, info.node, c)) continue;
      const domain = topologyValue(info, c.topologyKey) ?? '';
      totals.set(domain, (totals.get(domain) ?? 0) + n);
    }
  };
  add(matching.byName.counted);
  if (matching.byName.assumed) add(matching.byName.assumed);
  return totals;
}

// k/k: podtopologyspread/filtering.go calPreFilterState.
function preFilter(state: CycleState): FilterState {
  const hit = state.spreadFilter as FilterState | undefined;
  if (hit) return hit;
  const pod = state.pod;
  const cs = constraints(pod, true);
  const counts = cs.map((c) => {
    const m = new Map<string, number>();
    for (const [domain, [n]] of domainTotals(state, c, cs, true)) m.set(domain, n);
    return m;
  });
  // minMatchNum: the smallest count over the domains; 0 when there are fewer than minDomains.
  const min = cs.map((c, i) => {
    if (counts[i].size < (c.minDomains ?? 1)) return 0;
    let m = Infinity;
    for (const v of counts[i].values()) m = Math.min(m, v);
    return m === Infinity ? 0 : m;
  });
  const s = { constraints: cs, counts, min };
  state.spreadFilter = s;
  return s;
}

// k/k: podtopologyspread/scoring.go initPreScoreState and PreScore.
function preScore(state: CycleState): ScoreState {
  const hit = state.spreadScore as ScoreState | undefined;
  if (hit) return hit;
  const pod = state.pod;
  const own = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0;
  const cs = constraints(pod, false);
  const feasible = state.feasibleNodes ?? state.allNodes;
  // scale: the topology values from the snapshot's columns, when the cycle gives them.
  const table = state.feasibleNodes && state.feasibleAt ? state.table : undefined;
  const at = state.feasibleAt!;
  const ignored = new Set<string>();
  const counts = cs.map(() => new Map<string, number>());
  // scale: the first few domains of each constraint, to find a domain again without a map write
  // per feasible node (a zone key has a handful of values over 500 nodes).
  const seen = cs.map((): string[] => []);
  for (let j = 0; j < feasible.length; j++) {
    // requireAllTopologies: the pod's own constraints need every key; system defaults do not.
    if (own && !hasAllKeys(feasible[j], cs)) {
      ignored.add(feasible[j].name);
      continue;
    }
    for (let i = 0; i < cs.length; i++) {
      const key = cs[i].topologyKey;
      if (key === HOSTNAME) continue;
      const value =
        (table ? topologyValueAt(table, at[j], key) : topologyValue(feasible[j], key)) ?? '';
      const few = seen[i];
      if (few.length < 8 ? few.includes(value) : counts[i].has(value)) continue;
      if (few.length < 8) few.push(value);
      counts[i].set(value, 0);
    }
  }
  const weights = cs.map((c, i) =>
    Math.log((c.topologyKey === HOSTNAME ? feasible.length - ignored.size : counts[i].size) + 2),
  );
  const ns = pod.metadata?.namespace;
  // scale: with the cache's counts, only the nodes holding matching pods are looked at.
  // The system defaults' two constraints share one selector: its counts are looked up once.
  const bySelector = new Map<string, Matching>();
  const perNode = cs.map((c) => {
    if (!state.counts || !c.labelSelector) return undefined;
    const key = selectorKey(c.labelSelector);
    let m = bySelector.get(key);
    if (!m)
      bySelector.set(key, (m = matchingOf(state, state.counts.perNode(ns, c.labelSelector, key))));
    return m;
  });
  // Every node's matching pods count towards the domains the feasible nodes are in.
  cs.forEach((c, i) => {
    if (c.topologyKey === HOSTNAME || counts[i].size === 0) return;
    const matching = perNode[i];
    if (matching) {
      const totals = sparseDomainTotals(state, matching, c, cs, own);
      for (const domain of counts[i].keys()) counts[i].set(domain, totals.get(domain) ?? 0);
      return;
    }
    const totals = domainTotals(state, c, cs, own);
    for (const domain of counts[i].keys()) counts[i].set(domain, totals.get(domain)?.[0] ?? 0);
  });
  const tables = cs.map((c, i) => (perNode[i] ? undefined : countTable(c, ns)));
  const byIndex = cs.map((c, i) => {
    const matching = perNode[i];
    if (c.topologyKey !== HOSTNAME || !matching) return undefined;
    const m = new Map<number, number>();
    const { at, n } = matching;
    for (let k = 0; k < at.length; k++) m.set(at[k], (m.get(at[k]) ?? 0) + n[k]);
    return m;
  });
  const s = { constraints: cs, counts, weights, ignored, tables, perNode, byIndex };
  state.spreadScore = s;
  return s;
}

/**
 * Score of one node: `i` is its index in the snapshot (-1: not in it); its topology values and
 * pods are read from the snapshot's columns `t` when given, else from its NodeInfo.
 */
function spreadScore(
  state: CycleState,
  name: string,
  i: number,
  t: NodeTable | undefined,
  info: NodeInfo | undefined,
  pre = preScore(state),
): number {
  if (pre.constraints.length === 0 || (pre.ignored.size > 0 && pre.ignored.has(name))) return 0;
  let score = 0;
  for (let k = 0; k < pre.constraints.length; k++) {
    const c = pre.constraints[k];
    const domain = t ? topologyValueAt(t, i, c.topologyKey) : topologyValue(info!, c.topologyKey);
    if (domain === undefined) continue;
    const matching = pre.byIndex[k];
    let cnt: number;
    if (c.topologyKey !== HOSTNAME) cnt = pre.counts[k].get(domain) ?? 0;
    else if (matching) cnt = i < 0 ? 0 : (matching.get(i) ?? 0);
    else {
      const pods = t ? t.infos[i].pods : info!.pods;
      cnt = countMatching(pods, c, state.pod.metadata?.namespace, pre.tables[k]);
    }
    // scoreForCount: cnt × log(domains + 2) + (maxSkew − 1).
    score += cnt * pre.weights[k] + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** PodTopologySpread: keep matching pods spread across topology domains within maxSkew. */
export const PodTopologySpread: FilterPlugin & ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  skipFilter: (state) => !state.pod.spec?.topologySpreadConstraints?.length,
  // No soft constraint (nor system default): normalize gives every node 0.
  skipScore: (state) => constraints(state.pod, false).length === 0,
  filter(state, info: NodeInfo) {
    if (!state.pod.spec?.topologySpreadConstraints?.length) return undefined;
    const pre = preFilter(state);
    for (const [i, c] of pre.constraints.entries()) {
      const domain = topologyValue(info, c.topologyKey);
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
    // The node's index in the snapshot the cache's counts describe, if it is that snapshot's.
    const at = state.counts?.index(info.name);
    const i = at !== undefined && state.counts!.node(info.name) === info ? at : -1;
    return spreadScore(state, info.name, i, undefined, info);
  },
  scoreAt(state, t, i) {
    return spreadScore(state, t.names[i], i, t, undefined);
  },
  scoreAll(state, t, at, values) {
    // Its PreScore state found once for every node.
    const pre = preScore(state);
    for (let j = 0; j < at.length; j++)
      values[j] = spreadScore(state, t.names[at[j]], at[j], t, undefined, pre);
  },
  normalize(state, scores, names) {
    // Fewer matching pods is better: MaxNodeScore × (max + min − s) / max; ignored nodes get 0.
    const pre = preScore(state);
    if (pre.constraints.length === 0) {
      scores.fill(0);
      return;
    }
    const ignored = pre.ignored;
    let max = 0;
    let min = Infinity;
    for (let i = 0; i < scores.length; i++) {
      if (ignored.size > 0 && ignored.has(names[i])) continue;
      max = Math.max(max, scores[i]);
      min = Math.min(min, scores[i]);
    }
    for (let i = 0; i < scores.length; i++) {
      if (ignored.size > 0 && ignored.has(names[i])) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
};
