import { changedNodes } from './cache';
import type { NodeInfo } from './framework';

/**
 * scale: what the resource filters and scorers read of every node of a snapshot, in flat typed
 * arrays indexed as the snapshot is. A cycle visits 500 of 5,000 nodes; reading each NodeInfo's
 * `requested`, `allocatable` and `nonZeroRequested` objects (and the boxed numbers in them),
 * scattered over a heap of gigabytes, costs far more than the arithmetic. The columns hold exact
 * copies of those numbers, so a check made on them decides as the plugin would on the NodeInfo.
 */
export class NodeTable {
  /** The snapshot the columns describe. */
  infos: NodeInfo[] = [];
  /** 1 when the node is schedulable, has no taints and no host port in use. */
  plain = new Uint8Array(0);
  reqCpu = new Float64Array(0);
  reqMemory = new Float64Array(0);
  reqPods = new Float64Array(0);
  allocCpu = new Float64Array(0);
  allocMemory = new Float64Array(0);
  allocPods = new Float64Array(0);
  nonZeroCpu = new Float64Array(0);
  nonZeroMemory = new Float64Array(0);

  private resize(n: number): void {
    this.plain = new Uint8Array(n);
    this.reqCpu = new Float64Array(n);
    this.reqMemory = new Float64Array(n);
    this.reqPods = new Float64Array(n);
    this.allocCpu = new Float64Array(n);
    this.allocMemory = new Float64Array(n);
    this.allocPods = new Float64Array(n);
    this.nonZeroCpu = new Float64Array(n);
    this.nonZeroMemory = new Float64Array(n);
  }

  private set(i: number, info: NodeInfo): void {
    this.plain[i] =
      !info.unschedulable && !info.taints?.length && info.usedPorts.size === 0 ? 1 : 0;
    this.reqCpu[i] = info.requested.cpu;
    this.reqMemory[i] = info.requested.memory;
    this.reqPods[i] = info.requested.pods;
    this.allocCpu[i] = info.allocatable.cpu;
    this.allocMemory[i] = info.allocatable.memory;
    this.allocPods[i] = info.allocatable.pods;
    this.nonZeroCpu[i] = info.nonZeroRequested.cpu;
    this.nonZeroMemory[i] = info.nonZeroRequested.memory;
  }

  /**
   * Describe `infos`: only the entries that differ from the snapshot described last are copied
   * (NodeInfos are never changed once built, so an entry holding the same object is up to date).
   */
  update(infos: NodeInfo[]): this {
    const last = this.infos;
    if (last === infos) return this;
    const n = infos.length;
    if (last.length !== n || this.plain.length !== n) {
      this.resize(n);
      for (let i = 0; i < n; i++) this.set(i, infos[i]);
    } else {
      const changed = changedNodes(last, infos);
      if (changed) {
        for (const i of changed) if (infos[i] !== last[i]) this.set(i, infos[i]);
      } else for (let i = 0; i < n; i++) if (infos[i] !== last[i]) this.set(i, infos[i]);
    }
    this.infos = infos;
    return this;
  }

  /**
   * Does node `i` surely pass NodeUnschedulable, TaintToleration, NodePorts and NodeResourcesFit
   * for a pod with these requests and no extended resources? (False: ask the plugins.)
   */
  fits(i: number, cpu: number, memory: number): boolean {
    return (
      this.plain[i] === 1 &&
      this.reqPods[i] + 1 <= this.allocPods[i] &&
      (cpu <= 0 || this.reqCpu[i] + cpu <= this.allocCpu[i]) &&
      (memory <= 0 || this.reqMemory[i] + memory <= this.allocMemory[i])
    );
  }
}

/** The scheduler's one table, moved from snapshot to snapshot. */
const shared = new NodeTable();

/** The columns of a snapshot (valid until the next call). */
export function nodeTable(infos: NodeInfo[]): NodeTable {
  return shared.update(infos);
}
