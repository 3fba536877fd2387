import type { Node, Pod, Taint } from '../api/types';
import type { Named } from '../api/stored';
import type { VolumeListers } from './volumeBinder';
import type { SnapshotCounts } from './cache';
import type { NodeTable } from './nodeTable';
import type { PodUsage } from './podResources';

/** What the scheduler knows about one node: the node and the pods on it (bound or assumed). */
export interface NodeInfo {
  node: Named<Node>;
  /**
   * scale: what the filters and scorers read of the node on every cycle, copied from `node` when
   * the NodeInfo is built: a cycle visits 500 nodes of a 5,000-node cluster, and following
   * node → metadata → labels for each (objects spread over a large heap) cost more than the
   * plugins' own work. `labels` has no prototype when the node has none.
   */
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The hostname and zone labels' values, the topology keys of the default spreading. */
  hostname: string | undefined;
  zone: string | undefined;
  taints: readonly Taint[] | undefined;
  unschedulable: boolean;
  /** The image names the node's status lists (ImageLocality). */
  imageNames: ReadonlySet<string>;
  pods: Pod[];
  /** Sum of the pods' requests: cpu in millicores, memory in bytes. */
  requested: { cpu: number; memory: number; pods: number };
  /** The same with the non-zero defaults the scorers use for pods without requests. */
  nonZeroRequested: { cpu: number; memory: number };
  allocatable: { cpu: number; memory: number; pods: number };
  /** host ports in use, as `protocol/port`. */
  usedPorts: Set<string>;
  /** Each pod's usage, same order as `pods` (absent on NodeInfos made by hand). */
  podUsage?: readonly PodUsage[];
}

/** State shared by the plugins during one scheduling cycle. */
export interface CycleState {
  pod: Pod;
  /** The pod's requests (cpu millicores, memory bytes) and non-zero variants. */
  request: { cpu: number; memory: number };
  nonZeroRequest: { cpu: number; memory: number };
  allNodes: NodeInfo[];
  /** The nodes that passed every filter, set before the score plugins run (PreScore's list). */
  feasibleNodes?: NodeInfo[];
  /**
   * scale: the snapshot's columns and each feasible node's index in them (set with
   * `feasibleNodes` by the cycle), so PreScore reads the nodes' topology values from the columns.
   */
  table?: NodeTable;
  feasibleAt?: number[];
  /** Total size of each image present on nodes, and how many nodes have it (ImageLocality). */
  imageStates: Map<string, { size: number; numNodes: number }>;
  /** storage: the claims, volumes and classes VolumeBinding reads (absent: no pod has any). */
  volumes?: VolumeListers;
  /** scale: the cache's matching-pod counts per node (absent: the plugins count NodeInfos). */
  counts?: SnapshotCounts;
  /**
   * PodTopologySpread's PreFilter and PreScore results for this cycle (k/k: CycleState.Write),
   * kept here rather than in WeakMaps keyed by each cycle's state.
   */
  spreadFilter?: unknown;
  spreadScore?: unknown;
}

/**
 * A filter's verdict on a node: undefined when the node fits, else the reasons it does not, as
 * FailedScheduling prints them, and whether preemption could help.
 */
export interface FilterResult {
  reasons: string[];
  /** UnschedulableAndUnresolvable: evicting pods would not help (taints, affinity, node name). */
  unresolvable: boolean;
}

export interface FilterPlugin {
  readonly name: string;
  filter(state: CycleState, node: NodeInfo): FilterResult | undefined;
  /**
   * PreFilter's Skip (k/k: framework.Skip from PreFilter): true when the filter would pass every
   * node for this pod, so the cycle does not call it per node.
   */
  skipFilter?(state: CycleState): boolean;
}

/**
 * storage: a PreFilter that can reject the pod before any node is looked at; its message is
 * FailedScheduling's reason for every node (UnschedulableAndUnresolvable).
 */
export interface PreFilterPlugin {
  readonly name: string;
  preFilter(state: CycleState): string | undefined;
}

export interface ScorePlugin {
  readonly name: string;
  /** The default weight (k/k: pkg/scheduler/apis/config/v1/default_plugins.go). */
  readonly weight: number;
  score(state: CycleState, node: NodeInfo): number;
  /**
   * scale: the same score of the snapshot's node at index `i`, read from the snapshot's columns
   * (absent: the cycle calls `score`).
   */
  scoreAt?(state: CycleState, table: NodeTable, i: number): number;
  /**
   * scale: `scoreAt` of every node `at[j]` into `values[j]` (j < `at.length`), in one call: for
   * a plugin whose per-node score first finds its PreScore state.
   */
  scoreAll?(state: CycleState, table: NodeTable, at: readonly number[], values: number[]): void;
  /**
   * PreScore's Skip (k/k: framework.Skip from PreScore): true when every node would score 0
   * after normalising, so the cycle does not call it per node.
   */
  skipScore?(state: CycleState): boolean;
  /**
   * Scale raw scores to 0-100 in place (NormalizeScore); absent means already 0-100. `scores[i]`
   * is node `names[i]`'s (k/k's NodeScoreList, a list of name and score).
   */
  normalize?(state: CycleState, scores: number[], names: readonly string[]): void;
}

/** The largest score a plugin gives after normalising. */
export const MAX_NODE_SCORE = 100;

/** Scores a pod without requests as if it asked for this (k/k: pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * Normalise so the highest score becomes 100 (or, `reverse`, the lowest); helper.DefaultNormalizeScore.
 */
export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const v of scores) max = Math.max(max, v);
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) scores[i] = reverse ? MAX_NODE_SCORE : 0;
    else {
      const s = Math.floor((scores[i] * MAX_NODE_SCORE) / max);
      scores[i] = reverse ? MAX_NODE_SCORE - s : s;
    }
  }
}

/** One node's line in the score table the UI shows for a pod. */
export interface NodeVerdict {
  node: string;
  /** Undefined when every filter passed. */
  filteredBy?: { plugin: string; reasons: string[] };
  /** Per plugin: normalised score (0-100) and weighted contribution. */
  scores?: Record<string, { score: number; weighted: number }>;
  total?: number;
}

/** The record of one scheduling attempt of one pod. */
export interface SchedulingDecision {
  pod: string;
  namespace: string;
  uid: string;
  attempt: number;
  at: number;
  /** The chosen node, or undefined when the pod was unschedulable. */
  selected?: string;
  verdicts: NodeVerdict[];
  /** The FailedScheduling message when unschedulable. */
  message?: string;
  /** Nodes evaluated for scoring (percentageOfNodesToScore). */
  scored: number;
}
