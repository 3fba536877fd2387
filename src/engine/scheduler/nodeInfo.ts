import { cpuMillis, memoryBytes } from '../api/quantity';
import type { Node, Pod } from '../api/types';
import type { Named } from '../api/stored';
import { imageStatesOf } from './cache';
import { imageNames } from './plugins/imageLocality';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, type NodeInfo } from './framework';

// Cached objects are frozen and replaced on change, so results can be memoised by identity.
const requestsCache = new WeakMap<Pod, { cpu: number; memory: number }>();
const nonZeroCache = new WeakMap<Pod, { cpu: number; memory: number }>();

/** Requests of a pod: cpu millicores and memory bytes, summed over containers (init: max). */
export function podRequests(pod: Pod): { cpu: number; memory: number } {
  const hit = requestsCache.get(pod);
  if (hit) return hit;
  const r = computeRequests(pod);
  if (Object.isFrozen(pod)) requestsCache.set(pod, r);
  return r;
}

function computeRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu += cpuMillis(r.cpu);
    if (r.memory !== undefined) memory += memoryBytes(r.memory);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu = Math.max(cpu, cpuMillis(r.cpu));
    if (r.memory !== undefined) memory = Math.max(memory, memoryBytes(r.memory));
  }
  return { cpu, memory };
}

/** Requests with the scorers' defaults (100m, 200MB) for containers that name none. */
export function nonZero(pod: Pod): { cpu: number; memory: number } {
  const hit = nonZeroCache.get(pod);
  if (hit) return hit;
  const r = computeNonZero(pod);
  if (Object.isFrozen(pod)) nonZeroCache.set(pod, r);
  return r;
}

function computeNonZero(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    cpu += r.cpu !== undefined ? cpuMillis(r.cpu) : DEFAULT_MILLI_CPU_REQUEST;
    memory += r.memory !== undefined ? memoryBytes(r.memory) : DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}

const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A node label's value, read from the NodeInfo's own copy for the hostname and zone keys. */
export function topologyValue(info: NodeInfo, key: string): string | undefined {
  if (key === HOSTNAME_LABEL) return info.hostname;
  if (key === ZONE_LABEL) return info.zone;
  return info.labels[key];
}

/** A node without labels: looking a key up gives undefined, as on the node's absent labels. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze(Object.create(null));

/** What the scheduler knows of one node: its pods' summed requests, host ports and allocatable. */
export function buildNodeInfo(node: Named<Node>, pods: Pod[]): NodeInfo {
  const requested = { cpu: 0, memory: 0, pods: pods.length };
  const nz = { cpu: 0, memory: 0 };
  const usedPorts = new Set<string>();
  for (const p of pods) {
    const r = podRequests(p);
    requested.cpu += r.cpu;
    requested.memory += r.memory;
    const z = nonZero(p);
    nz.cpu += z.cpu;
    nz.memory += z.memory;
    for (const c of p.spec?.containers ?? [])
      for (const port of c.ports ?? [])
        if (port.hostPort) usedPorts.add(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
  }
  const a = node.status?.allocatable ?? {};
  return {
    node,
    name: node.metadata.name,
    labels: node.metadata.labels ?? NO_LABELS,
    hostname: node.metadata.labels?.[HOSTNAME_LABEL],
    zone: node.metadata.labels?.[ZONE_LABEL],
    taints: node.spec?.taints,
    unschedulable: Boolean(node.spec?.unschedulable),
    imageNames: imageNames(node),
    pods,
    requested,
    nonZeroRequested: nz,
    allocatable: {
      cpu: a.cpu !== undefined ? cpuMillis(a.cpu) : 0,
      memory: a.memory !== undefined ? memoryBytes(a.memory) : 0,
      pods: a.pods !== undefined ? Number(a.pods) : 110,
    },
    usedPorts,
  };
}
const json = (v: unknown) => JSON.stringify(v ?? null);

/**
 * Did a node update change what the filters look at: spec.unschedulable, allocatable, labels,
 * taints, annotations or the conditions' statuses (heartbeat times ignored)?
 */
export function nodeSchedulingPropertiesChanged(old: Node, node: Node): boolean {
  const conditions = (n: Node) =>
    (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  return (
    Boolean(old.spec?.unschedulable) !== Boolean(node.spec?.unschedulable) ||
    json(old.status?.allocatable) !== json(node.status?.allocatable) ||
    json(old.metadata?.labels) !== json(node.metadata?.labels) ||
    json(old.spec?.taints) !== json(node.spec?.taints) ||
    json(old.metadata?.annotations) !== json(node.metadata?.annotations) ||
    conditions(old) !== conditions(node)
  );
}

/** Each image's size and how many nodes hold it (ImageLocality's spread factor). */
export function imageStates(infos: NodeInfo[]): Map<string, { size: number; numNodes: number }> {
  return imageStatesOf(infos);
}
