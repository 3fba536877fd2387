import { cpuMillis, memoryBytes } from '../api/quantity';
import type { Node, Pod } from '../api/types';
import type { Named } from '../api/stored';
import { imageStatesOf } from './imageStates';
import { imageNames } from './plugins/imageLocality';
import type { NodeInfo } from './framework';
import { podUsage, type NodePart, type PodUsage } from './podResources';

export { nonZero, podRequests } from './podResources';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A node label's value, read from the NodeInfo's own copy for the hostname and zone keys. */
export function topologyValue(info: NodeInfo, key: string): string | undefined {
  if (key === HOSTNAME_LABEL) return info.hostname;
  if (key === ZONE_LABEL) return info.zone;
  return info.labels[key];
}

/** A node without labels: looking a key up gives undefined, as on the node's absent labels. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze(Object.create(null));

/**
 * What a NodeInfo takes from its node alone. scale: the scheduler's cache keeps it per node
 * object, so rebuilding a node's NodeInfo as its pods change (several a cycle) neither reads the
 * node object (far away in a large heap) nor parses its allocatable quantities again.
 */
export function nodePart(node: Named<Node>): NodePart {
  const a = node.status?.allocatable ?? {};
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? NO_LABELS,
    hostname: node.metadata.labels?.[HOSTNAME_LABEL],
    zone: node.metadata.labels?.[ZONE_LABEL],
    taints: node.spec?.taints,
    unschedulable: Boolean(node.spec?.unschedulable),
    imageNames: imageNames(node),
    allocatable: {
      cpu: a.cpu !== undefined ? cpuMillis(a.cpu) : 0,
      memory: a.memory !== undefined ? memoryBytes(a.memory) : 0,
      pods: a.pods !== undefined ? Number(a.pods) : 110,
    },
  };
}

/**
 * What the scheduler knows of one node: its pods' summed requests, host ports and allocatable.
 * `usage`, when given, holds each pod's `podUsage` (same order), kept by the cache so a node's
 * rebuild after one pod changed does not recompute the others; `part`, when given, is
 * `nodePart(node)` (its `allocatable` is shared: NodeInfos are never changed).
 */
export function buildNodeInfo(
  node: Named<Node>,
  pods: Pod[],
  usage?: readonly PodUsage[],
  part: NodePart = nodePart(node),
): NodeInfo {
  const requested = { cpu: 0, memory: 0, pods: pods.length };
  const nz = { cpu: 0, memory: 0 };
  const usedPorts = new Set<string>();
  const all = usage ?? pods.map(podUsage);
  for (let i = 0; i < pods.length; i++) {
    const u = all[i];
    requested.cpu += u.cpu;
    requested.memory += u.memory;
    nz.cpu += u.nonZeroCpu;
    nz.memory += u.nonZeroMemory;
    for (const port of u.hostPorts) usedPorts.add(port);
  }
  return {
    node,
    name: part.name,
    labels: part.labels,
    hostname: part.hostname,
    zone: part.zone,
    taints: part.taints,
    unschedulable: part.unschedulable,
    imageNames: part.imageNames,
    pods,
    requested,
    nonZeroRequested: nz,
    allocatable: part.allocatable,
    usedPorts,
    podUsage: all,
  };
}
const json = (v: unknown) => JSON.stringify(v ?? null);
/**
 * Do two values print the same JSON? scale: a node's heartbeat or image update shares the
 * unchanged parts (labels, annotations, allocatable, taints: frozen objects) with the old
 * object, and the same object prints the same text without being printed.
 */
const sameJson = (a: unknown, b: unknown) => a === b || json(a) === json(b);

/**
 * Did a node update change what the filters look at: spec.unschedulable, allocatable, labels,
 * taints, annotations or the conditions' statuses (heartbeat times ignored)?
 */
export function nodeSchedulingPropertiesChanged(old: Node, node: Node): boolean {
  const conditions = (n: Node) =>
    (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  // The same types and statuses in the same order print the same text (checked first: a
  // heartbeat moves only the times).
  const sameConditions = () => {
    const a = old.status?.conditions ?? [];
    const b = node.status?.conditions ?? [];
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++)
      if (a[i].type !== b[i].type || a[i].status !== b[i].status) return false;
    return true;
  };
  return (
    Boolean(old.spec?.unschedulable) !== Boolean(node.spec?.unschedulable) ||
    !sameJson(old.status?.allocatable, node.status?.allocatable) ||
    !sameJson(old.metadata?.labels, node.metadata?.labels) ||
    !sameJson(old.spec?.taints, node.spec?.taints) ||
    !sameJson(old.metadata?.annotations, node.metadata?.annotations) ||
    (!sameConditions() && conditions(old) !== conditions(node))
  );
}

/** Each image's size and how many nodes hold it (ImageLocality's spread factor). */
export function imageStates(infos: NodeInfo[]): Map<string, { size: number; numNodes: number }> {
  return imageStatesOf(infos);
}
