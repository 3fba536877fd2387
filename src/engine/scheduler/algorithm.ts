import type { Pod } from '../api/types';
import type { Rng } from '../sim/rng';
import type {
  CycleState,
  FilterPlugin,
  FilterResult,
  NodeInfo,
  NodeVerdict,
  PreFilterPlugin,
  SchedulingDecision,
  ScorePlugin,
} from './framework';
import { imageStates, nonZero, podRequests } from './nodeInfo';
import { ImageLocality } from './plugins/imageLocality';
import { InterPodAffinity } from './plugins/interPodAffinity';
import { NodeAffinity } from './plugins/nodeAffinity';
import { NodeName } from './plugins/nodeName';
import { NodePorts } from './plugins/nodePorts';
import { NodeResourcesBalancedAllocation } from './plugins/balancedAllocation';
import { extendedRequests, NodeResourcesFit } from './plugins/nodeResourcesFit';
import { nodeTable } from './nodeTable';
import { NodeUnschedulable } from './plugins/nodeUnschedulable';
import { PodTopologySpread } from './plugins/podTopologySpread';
import { TaintToleration } from './plugins/taintToleration';
import { VolumeBinding } from './plugins/volumeBinding';

/** Filters in the default profile's order (k/k: default_plugins.go). */
export const FILTERS: FilterPlugin[] = [
  NodeUnschedulable,
  NodeName,
  TaintToleration,
  NodeAffinity,
  NodePorts,
  NodeResourcesFit,
  // storage:
  VolumeBinding,
  PodTopologySpread,
  InterPodAffinity,
];

/**
 * scale: the filters whose verdict on a node the snapshot's columns can give
 * (NodeTable.fits): when a pod needs no other, a node that fits by the columns is feasible
 * without its NodeInfo being read, and any other node is asked of the plugins as usual.
 */
const TABLE_FILTERS: ReadonlySet<FilterPlugin> = new Set([
  NodeUnschedulable,
  TaintToleration,
  NodePorts,
  NodeResourcesFit,
]);

/** storage: PreFilters that can reject a pod outright (VolumeBinding's missing claims). */
export const PRE_FILTERS: PreFilterPlugin[] = [VolumeBinding];

/** Score plugins with their default weights. */
export const SCORERS: ScorePlugin[] = [
  TaintToleration,
  NodeAffinity,
  PodTopologySpread,
  InterPodAffinity,
  NodeResourcesFit,
  NodeResourcesBalancedAllocation,
  ImageLocality,
];

/**
 * How many feasible nodes to find before scoring (percentageOfNodesToScore's adaptive default:
 * 50 − nodes/125 percent, at least 5%, and never fewer than 100 nodes).
 */
export function numFeasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const pct = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * pct) / 100));
}

/** Fixed cost of one scheduling cycle (queue pop, snapshot, PreFilter, assume), virtual ms. */
export const CYCLE_BASE_MS = 0.5;
/** Cost per node the cycle evaluates (Filter, then Score on the feasible ones), virtual ms. */
export const CYCLE_PER_NODE_MS = 0.0015;

/**
 * The virtual time one scheduling cycle takes in a cluster of `nodes` nodes: a fixed part plus a
 * small cost per node evaluated, and percentageOfNodesToScore caps how many are evaluated
 * (numFeasibleNodesToFind), so a cycle costs at most ~1.25 ms even at 5,000 nodes.
 *
 * The real figures: kube-scheduler's scheduler_perf CI job fails below 680 pods/s for
 * SchedulingBasic/5000Nodes_10000Pods and 810 pods/s for 5000Nodes_50000Pods (k/k:
 * test/integration/scheduler_perf/misc/performance-config.yaml, `threshold`, measured as
 * SchedulingThroughput), i.e. a cycle of about 1.2–1.5 ms at 5,000 nodes, with the binding
 * cycle running asynchronously beside the next scheduling cycle. 0.5 + 0.0015 × 500 = 1.25 ms
 * (800 pods/s) at 5,000 nodes; 0.65 ms at 100 nodes; about 0.5 ms for a small cluster.
 */
export function cycleDurationMs(nodes: number): number {
  return CYCLE_BASE_MS + CYCLE_PER_NODE_MS * Math.min(nodes, numFeasibleNodesToFind(nodes));
}

/**
 * FailedScheduling's message: `0/4 nodes are available: 1 node(s) had untolerated taint {…}, 3
 * Insufficient cpu. preemption: 0/4 nodes are available: …` (reasons counted, sorted as strings).
 */
export function failedSchedulingMessage(total: number, results: FilterResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results)
    for (const reason of r.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  const notHelpful = results.filter((r) => r.unresolvable).length;
  const noVictims = results.length - notHelpful;
  const pre: string[] = [];
  if (notHelpful) pre.push(`${notHelpful} Preemption is not helpful for scheduling`);
  if (noVictims) pre.push(`${noVictims} No preemption victims found for incoming pod`);
  pre.sort();
  const head = `0/${total} nodes are available`;
  if (reasons.length === 0) return `${head}.`;
  return `${head}: ${reasons.join(', ')}. preemption: ${head}: ${pre.join(', ')}.`;
}

/** One run of the scheduling algorithm: the decision, and how many nodes the filters visited. */
export interface AlgorithmResult {
  decision: SchedulingDecision;
  /** Nodes visited by the filters, so the next cycle starts after them. */
  processed: number;
}

/** A filtered node's line, as the filters left it. */
interface Filtered {
  node: string;
  plugin: string;
  reasons: string[];
}

/** Shared, frozen score cells: a decision holds one per feasible node and plugin. */
const cells = new Map<string, { score: number; weighted: number }>();

/**
 * The `{ score, weighted }` cell of a score table (interned: the scores are small integers, and
 * kept decisions would otherwise hold hundreds of thousands of identical cells).
 */
export function scoreCell(score: number, weighted: number): { score: number; weighted: number } {
  const key = `${score}/${weighted}`;
  let cell = cells.get(key);
  if (!cell) {
    if (cells.size >= 10_000) cells.clear();
    cells.set(key, (cell = Object.freeze({ score, weighted })));
  }
  return cell;
}

/** What a kept decision holds of its scored nodes (see defineVerdicts). */
interface Scored {
  /** The snapshot's node names (shared by the decisions while the nodes stay the same). */
  names: readonly string[];
  /** How many nodes were scored. */
  count: number;
  /**
   * Each scored node's index in `names`, in the order visited; or, when they are the `count`
   * nodes from `first` on (wrapping around), as when every node visited fits, only `first`.
   */
  at: ArrayLike<number> | undefined;
  first: number;
  /** Bit k set: SCORERS[k] scored (else it was skipped, and every node's score is 0). */
  kept: number;
  /** The scores of each scorer that was not skipped, in SCORERS order, `count` each. */
  scores: ArrayLike<number>;
}

const NOTHING_SCORED: Scored = {
  names: [],
  count: 0,
  at: undefined,
  first: 0,
  kept: 0,
  scores: [],
};

/**
 * Give a decision its `verdicts` (the score table: filtered nodes first, in the order visited,
 * then the scored ones), built on each read from compact arrays: a kept decision of a
 * 5,000-node cluster scores 500 nodes, and 5,000 kept decisions would otherwise hold millions
 * of small objects. A node's total is its weighted scores summed again, scorer by scorer, as
 * the cycle summed them (the same numbers, so the same total).
 */
function defineVerdicts(decision: SchedulingDecision, filtered: Filtered[], scored: Scored): void {
  Object.defineProperty(decision, 'verdicts', {
    enumerable: true,
    configurable: true,
    get(): NodeVerdict[] {
      const out: NodeVerdict[] = filtered.map((f) => ({
        node: f.node,
        filteredBy: { plugin: f.plugin, reasons: f.reasons },
      }));
      const { names, count: n, at, first, kept, scores } = scored;
      for (let j = 0; j < n; j++) {
        const cells: Record<string, { score: number; weighted: number }> = {};
        let total = 0;
        let row = 0;
        for (let k = 0; k < SCORERS.length; k++) {
          const s = SCORERS[k];
          const score = kept & (1 << k) ? scores[row++ * n + j] : 0;
          total += score * s.weight;
          cells[s.name] = scoreCell(score, score * s.weight);
        }
        const node = at ? names[at[j]] : names[(first + j) % names.length];
        out.push({ node, scores: cells, total });
      }
      return out;
    },
  });
}

/** Are these scores small integers (a byte each)? */
function isSmall(values: ArrayLike<number>, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const v = values[j];
    if (!Number.isInteger(v) || v < 0 || v > 255) return false;
  }
  return true;
}

/**
 * The scores of the scorers that were not skipped (undefined: skipped) in one array, scorer
 * after scorer: bytes when they are all small integers, as they are after normalising, else
 * doubles (exact either way).
 */
function packScores(raw: (number[] | undefined)[], n: number): ArrayLike<number> {
  const rows = raw.filter((values): values is number[] => values !== undefined);
  const small = rows.every((values) => isSmall(values, n));
  const all = small ? new Uint8Array(rows.length * n) : new Float64Array(rows.length * n);
  rows.forEach((values, r) => {
    if (values.length === n) all.set(values, r * n);
    else for (let j = 0; j < n; j++) all[r * n + j] = values[j];
  });
  return all;
}

/**
 * What a decision keeps of its scored nodes' indices: none when they follow each other from the
 * first (wrapping around), else the smallest array that holds them.
 */
function packIndices(at: number[], nodes: number): ArrayLike<number> | undefined {
  let runs = true;
  for (let j = 1; j < at.length && runs; j++) runs = at[j] === (at[0] + j) % nodes;
  if (runs) return undefined;
  return nodes <= 0xffff ? Uint16Array.from(at) : Uint32Array.from(at);
}

/**
 * scale: the raw scores of each scorer and their totals, reused from cycle to cycle (a decision
 * keeps packed copies, see packPluginScores): 500 feasible nodes × 8 arrays a cycle otherwise.
 */
const scratch: number[][] = [];

/** Scratch array `k`, `n` long (every entry is written before it is read). */
function scratchArray(k: number, n: number): number[] {
  let a = scratch[k];
  // A new one when the length changes (rarely: numFeasibleNodesToFind), so it stays packed.
  if (a?.length !== n) scratch[k] = a = new Array<number>(n).fill(0);
  return a;
}

/**
 * The scheduling algorithm for one pod over a snapshot (k/k: schedule_one.go schedulePod):
 * findNodesThatFitPod from `start` until numFeasibleNodesToFind nodes fit, prioritizeNodes
 * with every score plugin's weighted, normalised score, then selectHost.
 */
export function runAlgorithm(
  pod: Pod,
  infos: NodeInfo[],
  start: number,
  rng: Rng,
  base: Omit<SchedulingDecision, 'verdicts' | 'scored'>,
  volumes?: CycleState['volumes'],
  counts?: CycleState['counts'],
): AlgorithmResult {
  const state: CycleState = {
    pod,
    request: podRequests(pod),
    nonZeroRequest: nonZero(pod),
    allNodes: infos,
    imageStates: imageStates(infos),
    volumes,
    counts,
  };
  // storage: a PreFilter's rejection holds for every node; preemption cannot help.
  for (const p of PRE_FILTERS) {
    const msg = p.preFilter(state);
    if (!msg) continue;
    const n = infos.length;
    const head = `0/${n} nodes are available`;
    const decision = {
      ...base,
      message: `${head}: ${msg}. preemption: ${head}: ${n} Preemption is not helpful for scheduling.`,
      scored: 0,
    } as SchedulingDecision;
    const all = infos.map((i) => ({
      node: i.node.metadata.name,
      plugin: p.name,
      reasons: [msg],
    }));
    defineVerdicts(decision, all, NOTHING_SCORED);
    return { decision, processed: 0 };
  }
  const filtered: Filtered[] = [];
  const failures: FilterResult[] = [];
  const feasible: NodeInfo[] = [];
  const n = infos.length;
  const want = numFeasibleNodesToFind(n);
  let processed = 0;
  // PreFilter: the plugins that would pass every node are not run per node (same order kept).
  const filters = FILTERS.filter((f) => !f.skipFilter?.(state));
  const table = nodeTable(infos);
  const byTable = filters.every((f) => TABLE_FILTERS.has(f)) && extendedRequests(pod).size === 0;
  const { cpu, memory } = state.request;
  /** The snapshot index of each feasible node. */
  const feasibleAt: number[] = [];
  for (let i = 0; i < n; i++) {
    if (feasible.length >= want) break;
    const at = (start + i) % n;
    processed++;
    if (byTable && table.fits(at, cpu, memory)) {
      feasible.push(infos[at]);
      feasibleAt.push(at);
      continue;
    }
    const info = infos[at];
    let failed: FilterResult | undefined;
    let plugin = '';
    for (let f = 0; f < filters.length; f++) {
      failed = filters[f].filter(state, info);
      if (failed) {
        plugin = filters[f].name;
        break;
      }
    }
    if (failed) {
      failures.push(failed);
      filtered.push({ node: info.name, plugin, reasons: failed.reasons });
    } else {
      feasible.push(info);
      feasibleAt.push(at);
    }
  }
  if (feasible.length === 0) {
    const decision = {
      ...base,
      message: failedSchedulingMessage(n, failures),
      scored: 0,
    } as SchedulingDecision;
    defineVerdicts(decision, filtered, NOTHING_SCORED);
    return { decision, processed };
  }
  state.feasibleNodes = feasible;
  state.table = table;
  state.feasibleAt = feasibleAt;
  // scale: the names from the snapshot's columns, not from each NodeInfo (see NodeTable).
  const allNames = table.sharedNames();
  const names = feasibleAt.map((at) => allNames[at]);
  const totals = scratchArray(SCORERS.length, names.length).fill(0);
  const raw: (number[] | undefined)[] = [];
  for (let k = 0; k < SCORERS.length; k++) {
    const s = SCORERS[k];
    // PreScore's Skip: every node would score 0 after normalising.
    if (s.skipScore?.(state)) {
      raw.push(undefined);
      continue;
    }
    const values = scratchArray(k, names.length);
    if (s.scoreAll) s.scoreAll(state, table, feasibleAt, values);
    else if (s.scoreAt)
      for (let j = 0; j < feasible.length; j++) values[j] = s.scoreAt(state, table, feasibleAt[j]);
    else for (let j = 0; j < feasible.length; j++) values[j] = s.score(state, feasible[j]);
    s.normalize?.(state, values, names);
    for (let j = 0; j < names.length; j++) totals[j] += values[j] * s.weight;
    raw.push(values);
  }
  // selectHost: the highest total, ties broken at random (reservoir sampling).
  let best: string | undefined;
  let bestScore = -1;
  let ties = 0;
  for (let j = 0; j < names.length; j++) {
    const t = totals[j];
    if (t > bestScore) {
      best = names[j];
      bestScore = t;
      ties = 1;
    } else if (t === bestScore) {
      ties++;
      if (rng.int(ties) === 0) best = names[j];
    }
  }
  const decision = { ...base, selected: best, scored: feasible.length } as SchedulingDecision;
  let kept = 0;
  for (let k = 0; k < raw.length; k++) if (raw[k]) kept |= 1 << k;
  defineVerdicts(decision, filtered, {
    names: allNames,
    count: names.length,
    at: packIndices(feasibleAt, n),
    first: feasibleAt[0],
    kept,
    scores: packScores(raw, names.length),
  });
  return { decision, processed };
}
