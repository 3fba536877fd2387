import type { Taint } from '../api/types';
import { changedNodes } from './cache';
import type { NodeInfo } from './framework';
import { HOSTNAME_LABEL, ZONE_LABEL } from './nodeInfo';

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
  /**
   * What the score plugins read of each node, as references (the NodeInfo is not followed: see
   * above). `names` is never changed once handed out by `sharedNames` (a kept decision holds it):
   * a name that changes is written into a copy.
   */
  names: string[] = [];
  private namesShared = false;
  hostname: (string | undefined)[] = [];
  zone: (string | undefined)[] = [];
  taints: (readonly Taint[] | undefined)[] = [];
  imageNames: ReadonlySet<string>[] = [];

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
    this.names = new Array<string>(n).fill('');
    this.namesShared = false;
    this.hostname = new Array<string | undefined>(n).fill(undefined);
    this.zone = new Array<string | undefined>(n).fill(undefined);
    this.taints = new Array<readonly Taint[] | undefined>(n).fill(undefined);
    this.imageNames = new Array<ReadonlySet<string>>(n);
  }

  /** The node names by index, as they are now and will stay (for a kept decision). */
  sharedNames(): readonly string[] {
    this.namesShared = true;
    return this.names;
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
    if (this.names[i] !== info.name) {
      if (this.namesShared) {
        this.names = this.names.slice();
        this.namesShared = false;
      }
      this.names[i] = info.name;
    }
    this.hostname[i] = info.hostname;
    this.zone[i] = info.zone;
    this.taints[i] = info.taints;
    this.imageNames[i] = info.imageNames;
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

/** topologyValue of the table's node `i`, its hostname and zone read from the columns. */
export function topologyValueAt(t: NodeTable, i: number, key: string): string | undefined {
  if (key === HOSTNAME_LABEL) return t.hostname[i];
  if (key === ZONE_LABEL) return t.zone[i];
  return t.infos[i].labels[key];
}
