import type { Node, Pod } from '../api/types';
import type { NodeInfo } from './framework';

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

interface PodEntry {
  /** Position in the informer's cache (insertion order), which the pod lists keep. */
  seq: number;
  pod: Pod;
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
  private nodes = new Map<string, Node>();
  private sortedNames: string[] | undefined;
  /** NodeInfo per node without assumed pods; absent when it must be rebuilt. */
  private infos = new Map<string, NodeInfo>();
  private last: { infos: NodeInfo[]; withAssumed: boolean } | undefined;

  /** `build` makes the NodeInfo of a node holding the given pods, in that order. */
  constructor(private readonly build: (node: Node, pods: Pod[]) => NodeInfo) {}

  /** Forget everything (the scheduler restarts with fresh informers). */
  reset(): void {
    this.seq = 0;
    this.pods.clear();
    this.byNode.clear();
    this.nodes.clear();
    this.sortedNames = undefined;
    this.infos.clear();
    this.last = undefined;
  }

  /** A pod was added to, changed in, or (`pod` undefined) removed from the pod informer. */
  podEvent(key: string, pod: Pod | undefined): void {
    let entry = this.pods.get(key);
    if (entry?.node !== undefined) {
      this.byNode.get(entry.node)?.delete(key);
      this.dirty(entry.node);
      entry.node = undefined;
    }
    if (!pod) {
      this.pods.delete(key);
      return;
    }
    if (!entry) {
      entry = { seq: this.seq++, pod };
      this.pods.set(key, entry);
    } else entry.pod = pod;
    const node = countedOn(pod);
    if (node !== undefined) {
      entry.node = node;
      let m = this.byNode.get(node);
      if (!m) this.byNode.set(node, (m = new Map()));
      m.set(key, entry);
      this.dirty(node);
    }
  }

  /** A node was added to or changed in (`node`), or removed from (undefined), the informer. */
  nodeEvent(name: string, node: Node | undefined): void {
    if (!node) {
      if (this.nodes.delete(name)) this.sortedNames = undefined;
    } else {
      if (!this.nodes.has(name)) this.sortedNames = undefined;
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
    if (!extra && this.last && !this.last.withAssumed) return this.last.infos;
    if (!this.sortedNames) {
      this.sortedNames = [...this.nodes.keys()].sort((a, b) => (a < b ? -1 : 1));
    }
    const out: NodeInfo[] = new Array(this.sortedNames.length);
    for (let i = 0; i < this.sortedNames.length; i++) {
      const name = this.sortedNames[i];
      const more = extra?.get(name);
      out[i] = more
        ? this.build(this.nodes.get(name)!, [...this.podsOn(name), ...more])
        : this.info(name);
    }
    this.last = { infos: out, withAssumed: extra !== undefined };
    return out;
  }

  private info(name: string): NodeInfo {
    let info = this.infos.get(name);
    if (!info) {
      info = this.build(this.nodes.get(name)!, this.podsOn(name));
      this.infos.set(name, info);
    }
    return info;
  }

  private podsOn(name: string): Pod[] {
    const m = this.byNode.get(name);
    if (!m || m.size === 0) return [];
    const entries = [...m.values()];
    entries.sort((a, b) => a.seq - b.seq);
    return entries.map((e) => e.pod);
  }

  private dirty(node: string): void {
    this.infos.delete(node);
    this.last = undefined;
  }
}
