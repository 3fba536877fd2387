import type { Node, Pod } from '../api/types';
import type { Named } from '../api/stored';
import type { NodeInfo } from './framework';
import { podUsage, type NodeInfoBuilder, type NodePart, type PodUsage } from './podResources';
import { PodCounts, sameCountGroup } from './podCounts';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { matchesLabelSelector } from '../api/labels';

/**
 * scale: which nodes' entries differ between two snapshots, so what is derived from a snapshot
 * (image states, the nodes with anti-affinity pods, PodTopologySpread's domain totals) is updated
 * for the few changed nodes instead of compared node by node (5,000 per cycle). A cache numbers
 * its base snapshots (generations) and logs the indices each one changed; a snapshot with assumed
 * pods also lists the nodes it replaced.
 */
interface SnapshotTag {
  log: Map<number, number[] | undefined>;
  generation: number;
  assumed: readonly number[];
}
const snapshotTags = new WeakMap<NodeInfo[], SnapshotTag>();
/** Generations a cache's change log keeps. */
const CHANGE_LOG_SIZE = 64;
/** Changed nodes a cache's snapshots take from the last `base` before it is brought up to date. */
const PENDING_LIMIT = 32;

/**
 * The indices whose NodeInfo may differ between snapshot `before` and snapshot `after` (a
 * superset: every index not listed holds the same NodeInfo in both), or undefined when the
 * snapshots cannot be related (another cache, nodes added or removed, too far apart).
 */
export function changedNodes(before: NodeInfo[], after: NodeInfo[]): Set<number> | undefined {
  if (before === after) return new Set();
  const a = snapshotTags.get(before);
  const b = snapshotTags.get(after);
  if (!a || !b || a.log !== b.log || before.length !== after.length) return undefined;
  const lo = Math.min(a.generation, b.generation);
  const hi = Math.max(a.generation, b.generation);
  const out = new Set<number>(a.assumed);
  for (const i of b.assumed) out.add(i);
  for (let g = lo + 1; g <= hi; g++) {
    const changed = a.log.get(g);
    if (!changed) return undefined;
    for (const i of changed) out.add(i);
  }
  return out;
}

interface PodEntry {
  /** Position in the informer's cache (insertion order), which the pod lists keep. */
  seq: number;
  pod: Pod;
  /** What `pod` adds to its node, computed when its node's NodeInfo is first built. */
  usage?: PodUsage;
  /** The node whose NodeInfo counts this pod, if any. */
  node?: string;
}

/** Does a bound pod still hold its node's resources (not Succeeded or Failed)? */
function countedOn(p: Pod): string | undefined {
  const n = p.spec?.nodeName;
  if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return undefined;
  return n;
}

/**
 * The scheduler's cache (k/k: pkg/scheduler/backend/cache): NodeInfo per node, kept up to date
 * from the informers' events instead of rebuilt from every pod each cycle, and snapshotted at
 * the start of a cycle (`UpdateSnapshot`). A NodeInfo is immutable once built; a node whose pods
 * or object change gets a new one. Pods on a node are listed in the order the pod informer holds
 * them, then the assumed pods (bound by this scheduler, not yet seen bound) in assumption order.
 */
export class SchedulerCache {
  private seq = 0;
  private pods = new Map<string, PodEntry>();
  /** node → pods counted on it, by key. */
  private byNode = new Map<string, Map<string, PodEntry>>();
  private nodes = new Map<string, Named<Node>>();
  /** nodePart of each node's current object, made when a NodeInfo of it is first built. */
  private parts = new Map<string, NodePart>();
  /**
   * scale: each node's name as `nodes` holds it (the same string object), by name. A pod's
   * node name is taken from here, so the counts per node are keyed by the strings the snapshot's
   * index is keyed by: a cycle looks a hundred of them up, and the same string is found by its
   * pointer and cached hash, not compared character by character.
   */
  private nodeNames = new Map<string, string>();
  private sortedNames: string[] | undefined;
  /** NodeInfo per node without assumed pods; absent when it must be rebuilt. */
  private infos = new Map<string, NodeInfo>();
  private last: { infos: NodeInfo[]; withAssumed: boolean } | undefined;
  /**
   * Every node's NodeInfo without assumed pods, in name order (never changed once handed out),
   * the index of each name in it, and the nodes changed since it was built: a cycle's snapshot
   * copies it and rebuilds only those (at 5,000 nodes, one or two a cycle).
   */
  private base: NodeInfo[] | undefined;
  private indexOf = new Map<string, number>();
  private changed = new Set<string>();
  /**
   * scale: indices logged in a generation but not yet copied into `base`. A cycle's snapshot
   * holds assumed pods nearly always (a binding takes a few cycles to come back through the
   * informer), so it is built from the last `base` with these and the assumed nodes replaced in
   * one copy; `base` itself is brought up to date only when a snapshot without assumed pods is
   * asked for (a copy of 5,000 entries fewer each cycle).
   */
  private pending = new Set<number>();
  /**
   * scale: the NodeInfo of each node holding assumed pods in the last snapshot, with the base
   * NodeInfo and assumed pods it was built from: the same pods stay assumed for several cycles,
   * and their node's NodeInfo is the same until either changes.
   */
  private withAssumed = new Map<string, { base: NodeInfo; more: Pod[]; info: NodeInfo }>();
  /** scale: matching-pod counts per node for PodTopologySpread, kept as pods come and go. */
  private readonly counts = new PodCounts();
  /** The assumed pods the last snapshot added, by node. */
  private extra: Map<string, Pod[]> | undefined;
  /** Generation of `base` and, per generation, the indices it changed (undefined: all). */
  private generation = 0;
  private changeLog = new Map<number, number[] | undefined>();

  /**
   * `build` makes the NodeInfo of a node holding the given pods, in that order; `nodePart`, when
   * given, what it takes from the node alone (kept per node object and handed to `build`).
   */
  constructor(
    private readonly build: NodeInfoBuilder,
    private readonly nodePart?: (node: Named<Node>) => NodePart,
  ) {}

  /** Forget everything (the scheduler restarts with fresh informers). */
  reset(): void {
    this.seq = 0;
    this.pods.clear();
    this.byNode.clear();
    this.nodes.clear();
    this.parts.clear();
    this.nodeNames.clear();
    this.sortedNames = undefined;
    this.infos.clear();
    this.last = undefined;
    this.base = undefined;
    this.changed.clear();
    this.pending.clear();
    this.withAssumed.clear();
    this.counts.clear();
    this.extra = undefined;
  }

  /** A pod was added to, changed in, or (`pod` undefined) removed from the pod informer. */
  podEvent(key: string, pod: Pod | undefined): void {
    let entry = this.pods.get(key);
    const on = pod && countedOn(pod);
    const node = on === undefined ? undefined : (this.nodeNames.get(on) ?? on);
    // scale: a pod that stays on its node in the same count group (most updates: its status)
    // leaves the counts as they are (taking it out and back in gives the same numbers).
    const recount = !(
      pod &&
      entry?.node !== undefined &&
      entry.node === node &&
      sameCountGroup(entry.pod, pod)
    );
    if (pod && entry?.node !== undefined && entry.node === node) {
      // scale: the pod stays on its node (a status update): its entry stays where it is in the
      // node's map (a NodeInfo lists the pods by `seq`, not in the map's order).
      if (recount) {
        this.counts.count(entry.pod, node, -1);
        this.counts.count(pod, node, +1);
      }
      entry.pod = pod;
      entry.usage = undefined;
      this.dirty(node);
      return;
    }
    if (entry?.node !== undefined) {
      this.byNode.get(entry.node)?.delete(key);
      if (recount) this.counts.count(entry.pod, entry.node, -1);
      this.dirty(entry.node);
      entry.node = undefined;
    }
    if (!pod) {
      this.pods.delete(key);
      return;
    }
    if (!entry) {
      // Every field from the start: one object, no property store added later (one per pod).
      entry = { seq: this.seq++, pod, usage: undefined, node: undefined };
      this.pods.set(key, entry);
    } else {
      entry.pod = pod;
      entry.usage = undefined;
    }
    if (node !== undefined) {
      entry.node = node;
      let m = this.byNode.get(node);
      if (!m) this.byNode.set(node, (m = new Map()));
      m.set(key, entry);
      if (recount) this.counts.count(pod, node, +1);
      this.dirty(node);
    }
  }

  /** A node was added to or changed in (`node`), or removed from (undefined), the informer. */
  nodeEvent(name: string, node: Named<Node> | undefined): void {
    this.parts.delete(name);
    if (!node) {
      if (this.nodes.delete(name)) this.sortedNames = undefined;
      this.nodeNames.delete(name);
    } else {
      if (!this.nodes.has(name)) {
        this.sortedNames = undefined;
        this.nodeNames.set(name, name);
      }
      this.nodes.set(name, node);
    }
    this.dirty(name);
  }

  /** The pod informer's current object for a key. */
  informerPod(key: string): Pod | undefined {
    return this.pods.get(key)?.pod;
  }

  /**
   * NodeInfo for every node, sorted by name, with the assumed pods whose binding the pod
   * informer has not shown yet added to their nodes.
   */
  snapshot(assumed: ReadonlyMap<string, Pod>): NodeInfo[] {
    let extra: Map<string, Pod[]> | undefined;
    for (const [key, p] of assumed) {
      if (this.pods.get(key)?.pod.spec?.nodeName) continue;
      const n = p.spec!.nodeName!;
      extra ??= new Map();
      (extra.get(n) ?? extra.set(n, []).get(n)!).push(p);
    }
    this.extra = extra;
    if (!extra && this.last && !this.last.withAssumed) return this.last.infos;
    this.advance();
    if (!extra) {
      const base = this.materialize();
      this.last = { infos: base, withAssumed: false };
      return base;
    }
    // The last base with the nodes changed since, and the nodes holding assumed pods given a
    // NodeInfo with them added; a node gone from the informer is not in the snapshot, nor are its
    // assumed pods.
    // Nodes change every cycle (pods bind): past a few, `base` takes them in once.
    if (this.pending.size > PENDING_LIMIT) this.materialize();
    const out = this.base!.slice();
    for (const i of this.pending) out[i] = this.info(this.sortedNames![i]);
    const replaced: number[] = [];
    const previous = this.withAssumed;
    this.withAssumed = new Map();
    for (const [name, more] of extra) {
      const i = this.indexOf.get(name);
      if (i === undefined) continue;
      replaced.push(i);
      const base = this.info(name);
      const hit = previous.get(name);
      const info =
        hit && hit.base === base && samePods(hit.more, more)
          ? hit.info
          : this.build(
              this.nodes.get(name)!,
              Object.freeze([...base.pods, ...more]) as Pod[],
              base.podUsage && [...base.podUsage, ...more.map(podUsage)],
              this.part(name),
            );
      this.withAssumed.set(name, { base, more, info });
      out[i] = info;
    }
    this.last = { infos: out, withAssumed: true };
    snapshotTags.set(out, { log: this.changeLog, generation: this.generation, assumed: replaced });
    return out;
  }

  /**
   * The last snapshot's pods matching a selector in a namespace, per node that holds any
   * (terminating pods bypassed, as PodTopologySpread's countPodsMatchSelector does), and its
   * NodeInfo of a node. Valid until the cache next changes: a cycle asks right after taking
   * `infos`, its snapshot.
   */
  snapshotCounts(infos: NodeInfo[]): SnapshotCounts {
    return {
      perNode: (namespace, selector, selectorKey) => {
        const counted = this.counts.perNode(namespace, selector, selectorKey);
        let assumed: Map<string, number> | undefined;
        if (this.extra)
          for (const [node, pods] of this.extra) {
            if (!this.indexOf.has(node)) continue;
            for (const p of pods) {
              if (p.metadata?.deletionTimestamp || p.metadata?.namespace !== namespace) continue;
              if (!matchesLabelSelector(p.metadata?.labels, selector)) continue;
              assumed ??= new Map();
              assumed.set(node, (assumed.get(node) ?? 0) + 1);
            }
          }
        return { counted, assumed };
      },
      node: (name) => {
        const i = this.indexOf.get(name);
        return i === undefined ? undefined : infos[i];
      },
      index: (name) => this.indexOf.get(name),
    };
  }

  /**
   * Log a generation for the nodes changed since the last one (their indices wait in `pending`),
   * or rebuild `base` when the set of nodes changed.
   */
  private advance(): void {
    if (!this.sortedNames) {
      this.sortedNames = [...this.nodes.keys()].sort((a, b) => (a < b ? -1 : 1));
      this.base = undefined;
    }
    const names = this.sortedNames;
    if (!this.base) {
      this.indexOf.clear();
      const out: NodeInfo[] = new Array(names.length);
      for (let i = 0; i < names.length; i++) {
        this.indexOf.set(names[i], i);
        out[i] = this.info(names[i]);
      }
      this.base = out;
      this.pending.clear();
      this.logGeneration(undefined);
    } else if (this.changed.size > 0) {
      const changed: number[] = [];
      for (const name of this.changed) {
        const i = this.indexOf.get(name);
        if (i === undefined) continue;
        changed.push(i);
        this.pending.add(i);
      }
      this.logGeneration(changed);
    }
    this.changed.clear();
  }

  /** Every node's NodeInfo without assumed pods, in name order (after `advance`). */
  private materialize(): NodeInfo[] {
    if (this.pending.size > 0) {
      // A copy: the arrays handed out before stay as they were.
      const out = this.base!.slice();
      for (const i of this.pending) out[i] = this.info(this.sortedNames![i]);
      this.base = out;
      this.pending.clear();
      snapshotTags.set(out, { log: this.changeLog, generation: this.generation, assumed: [] });
    }
    return this.base!;
  }

  /** Number the new `base` and log what it changed (undefined: everything). */
  private logGeneration(changed: number[] | undefined): void {
    this.generation++;
    this.changeLog.set(this.generation, changed);
    this.changeLog.delete(this.generation - CHANGE_LOG_SIZE);
    if (this.pending.size === 0)
      snapshotTags.set(this.base!, {
        log: this.changeLog,
        generation: this.generation,
        assumed: [],
      });
  }

  private info(name: string): NodeInfo {
    let info = this.infos.get(name);
    if (!info) {
      info = this.buildFromEntries(name);
      this.infos.set(name, info);
    }
    return info;
  }

  /** From the informer's pods counted on a node, in informer order (frozen: infos are shared). */
  private buildFromEntries(name: string): NodeInfo {
    const node = this.nodes.get(name)!;
    const part = this.part(name);
    const m = this.byNode.get(name);
    if (!m || m.size === 0)
      return this.build(node, Object.freeze([]) as unknown as Pod[], [], part);
    const entries = [...m.values()];
    entries.sort((a, b) => a.seq - b.seq);
    const pods = entries.map((e) => e.pod);
    const usage = entries.map((e) => (e.usage ??= podUsage(e.pod)));
    return this.build(node, Object.freeze(pods) as Pod[], usage, part);
  }

  /** nodePart of a node's current object (undefined without `nodePart`: `build` makes it). */
  private part(name: string): NodePart | undefined {
    if (!this.nodePart) return undefined;
    let part = this.parts.get(name);
    if (!part) this.parts.set(name, (part = this.nodePart(this.nodes.get(name)!)));
    return part;
  }

  private dirty(node: string): void {
    this.infos.delete(node);
    this.changed.add(node);
    this.last = undefined;
  }
}

/** The same pods in the same order? */
function samePods(a: Pod[], b: Pod[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Matching pods per node that holds any: the cache's counts, and those of the snapshot's assumed
 * pods (a node may be in both: its counts add up). scale: two maps instead of a merged copy of
 * the counts (a hundred nodes for a 100-replica Deployment) each cycle.
 */
export interface NodeCounts {
  counted: ReadonlyMap<string, number>;
  assumed: ReadonlyMap<string, number> | undefined;
}

/** What {@link SchedulerCache.snapshotCounts} answers about the last snapshot. */
export interface SnapshotCounts {
  perNode(namespace: string | undefined, selector: LabelSelector, selectorKey: string): NodeCounts;
  node(name: string): NodeInfo | undefined;
  /** The index of a node's NodeInfo in the snapshot (where `node` finds it). */
  index(name: string): number | undefined;
}
