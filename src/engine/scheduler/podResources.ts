/**
 * What one pod asks of its node, as the scheduler's NodeInfos and cycles count it (k/k:
 * framework/types.go calculateResource).
 */
import { cpuMillis, memoryBytes } from '../api/quantity';
import type { Node, Pod } from '../api/types';
import type { Named } from '../api/stored';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, type NodeInfo } from './framework';

/**
 * Requests of a pod: cpu millicores and memory bytes, summed over containers (init: max).
 * Computed on every call, not memoised per pod: the quantities' parses are memoised by string,
 * so the sums are a few map lookups, cheaper than a per-pod WeakMap entry the GC must trace.
 */
export function podRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  const spec = pod.spec;
  if (!spec) return { cpu, memory };
  for (const c of spec.containers ?? []) {
    const r = c.resources?.requests;
    if (!r) continue;
    if (r.cpu !== undefined) cpu += cpuMillis(r.cpu);
    if (r.memory !== undefined) memory += memoryBytes(r.memory);
  }
  for (const c of spec.initContainers ?? []) {
    const r = c.resources?.requests;
    if (!r) continue;
    if (r.cpu !== undefined) cpu = Math.max(cpu, cpuMillis(r.cpu));
    if (r.memory !== undefined) memory = Math.max(memory, memoryBytes(r.memory));
  }
  return { cpu, memory };
}

/** Requests with the scorers' defaults (100m, 200MB) for containers that name none. */
export function nonZero(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests;
    cpu += r?.cpu !== undefined ? cpuMillis(r.cpu) : DEFAULT_MILLI_CPU_REQUEST;
    memory += r?.memory !== undefined ? memoryBytes(r.memory) : DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}

/** What one pod adds to its node's NodeInfo: its requests, with defaults, and its host ports. */
export interface PodUsage {
  cpu: number;
  memory: number;
  nonZeroCpu: number;
  nonZeroMemory: number;
  /** `TCP/8080` for each host port (usually none). */
  hostPorts: readonly string[];
}

const NO_PORTS: readonly string[] = Object.freeze([]);

/**
 * scale: the usage of single-container pods without init containers or host ports, by their
 * container's (frozen, shared: the API server interns repeated parts) resources object, which
 * alone decides it; and of those with no resources at all. One object for all the pods of a
 * Deployment instead of one a pod (150,000 at scale); nothing writes into a PodUsage.
 */
const usageByResources = new WeakMap<object, PodUsage>();
let noResources: PodUsage | undefined;

/** A pod's usage, computed once per pod version by the scheduler cache. */
export function podUsage(pod: Pod): PodUsage {
  const spec = pod.spec;
  const cs = spec?.containers;
  if (cs?.length === 1 && !spec!.initContainers?.length && !cs[0].ports?.some((p) => p.hostPort)) {
    const res = cs[0].resources;
    if (res === undefined) return (noResources ??= Object.freeze(usageOf(pod)));
    if (Object.isFrozen(res) && Object.isFrozen(res.requests ?? res)) {
      let u = usageByResources.get(res);
      if (!u) usageByResources.set(res, (u = Object.freeze(usageOf(pod))));
      return u;
    }
  }
  return usageOf(pod);
}

function usageOf(pod: Pod): PodUsage {
  const r = podRequests(pod);
  const z = nonZero(pod);
  let hostPorts = NO_PORTS;
  for (const c of pod.spec?.containers ?? [])
    for (const port of c.ports ?? [])
      if (port.hostPort) {
        if (hostPorts === NO_PORTS) hostPorts = [];
        (hostPorts as string[]).push(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
      }
  return { cpu: r.cpu, memory: r.memory, nonZeroCpu: z.cpu, nonZeroMemory: z.memory, hostPorts };
}

/**
 * Builds a node's NodeInfo from its pods (and, when known, each pod's `podUsage`, same order,
 * and what the NodeInfo takes from the node alone, `nodePart(node)`).
 */
export type NodeInfoBuilder = (
  node: Named<Node>,
  pods: Pod[],
  usage?: readonly PodUsage[],
  part?: NodePart,
) => NodeInfo;

/** What a NodeInfo takes from its node alone: the same for every NodeInfo of one node object. */
export interface NodePart {
  name: string;
  labels: Readonly<Record<string, string>>;
  hostname: string | undefined;
  zone: string | undefined;
  taints: NodeInfo['taints'];
  unschedulable: boolean;
  imageNames: ReadonlySet<string>;
  allocatable: NodeInfo['allocatable'];
}
