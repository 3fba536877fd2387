/**
 * Pure selectors over the app state. Those that build arrays or objects are used through
 * `useShallow` (see ./index.ts) so a component re-renders only when the contents change.
 */
import type { ComponentInfo, ObjectRecord } from '../../protocol';
import type { Node, Pod } from '../../engine/public';
import { bytesOrZero, cpuMillisOrZero, podRequests } from '../../engine/public';
import type { ClusterData } from './clusterSlice';
import { keysOf } from './keyList';
import type { KeyList } from './keyList';

/** kubeadm's label and taint on control-plane nodes. */
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

const CONTROL_PLANE_KINDS = new Set<ComponentInfo['kind']>([
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
]);

/** True for the kinds drawn inside the control-plane node. */
export function isControlPlaneKind(kind: ComponentInfo['kind']): boolean {
  return CONTROL_PLANE_KINDS.has(kind);
}

// One collator for all comparisons: `localeCompare` with options builds a new one per call,
// which was the diagram's hottest function with 50 workers.
const collator = new Intl.Collator('en', { numeric: true });

/** `worker-2` < `worker-10`: names compared with their numbers as numbers. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

function isControlPlaneNode(rec: ObjectRecord): boolean {
  const labels = rec.object.metadata?.labels ?? {};
  return CONTROL_PLANE_LABEL in labels;
}

/** Names of the control-plane Node objects (kubeadm registers one). */
export function selectControlPlaneNodeNames(s: ClusterData): string[] {
  const keys = keysOf(s.keysByKind, 'Node');
  return keys
    .flatMap((k) => s.objects.get(k) ?? [])
    .filter((r) => isControlPlaneNode(r))
    .map((r) => r.name);
}

/**
 * The worker nodes to draw, in natural order: Node objects that are not control-plane nodes, plus
 * the nodes that node components run on (a kubelet exists before its Node registers).
 */
export function selectWorkerNames(s: ClusterData): string[] {
  // Called on every store change by the diagram: recomputed only when nodes or components change.
  const nodeKeys = s.keysByKind.Node;
  if (
    workerNamesMemo &&
    workerNamesMemo.nodeKeys === nodeKeys &&
    workerNamesMemo.components === s.components
  ) {
    return workerNamesMemo.names;
  }
  const names = computeWorkerNames(s);
  workerNamesMemo = { nodeKeys, components: s.components, names };
  return names;
}

let workerNamesMemo: {
  nodeKeys: KeyList | undefined;
  components: ClusterData['components'];
  names: string[];
} | null = null;

function computeWorkerNames(s: ClusterData): string[] {
  const names = new Set<string>();
  const cp = new Set(selectControlPlaneNodeNames(s));
  for (const key of keysOf(s.keysByKind, 'Node')) {
    const rec = s.objects.get(key);
    if (rec && !cp.has(rec.name)) names.add(rec.name);
  }
  for (const id of s.componentIds) {
    const c = s.components[id];
    if (c?.node && !isControlPlaneKind(c.kind) && !cp.has(c.node)) names.add(c.node);
  }
  return [...names].sort(naturalCompare);
}

/**
 * `/registry/minions/<name>` by node name, made once: the workers' boxes look their Node up on
 * every batch, and a new string each time was a good part of what a 16× rollout allocated.
 */
const NODE_KEYS = new Map<string, string>();

/** The Node object's key for a node name, if it is registered. */
export function nodeKeyOf(s: ClusterData, name: string): string | undefined {
  // Nodes are stored under /registry/minions/<name> (k/k pkg/registry/core/node/storage).
  let key = NODE_KEYS.get(name);
  if (key === undefined) {
    key = `/registry/minions/${name}`;
    if (NODE_KEYS.size < 10_000) NODE_KEYS.set(name, key);
  }
  if (s.objects.get(key)) return key;
  return keysOf(s.keysByKind, 'Node').find((k) => s.objects.get(k)?.name === name);
}

/** The Ready condition's status of a node, or Unknown. */
export function selectNodeReady(s: ClusterData, name: string): NodeUsage['ready'] {
  const key = nodeKeyOf(s, name);
  const node = key ? (s.objects.get(key)?.object as Node | undefined) : undefined;
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  return (ready?.status as NodeUsage['ready'] | undefined) ?? 'Unknown';
}

/**
 * A node's taints as `kubectl describe node` lists them, `key=value:Effect` (value left out when
 * empty), joined by newlines so that a selector returns a stable string.
 * k/k: staging/src/k8s.io/kubectl/pkg/describe/describe.go printTaintsMultilineWithIndent
 */
export function selectNodeTaints(s: ClusterData, name: string): string {
  const key = nodeKeyOf(s, name);
  const node = key ? (s.objects.get(key)?.object as Node | undefined) : undefined;
  return (node?.spec?.taints ?? [])
    .map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)
    .join('\n');
}

/** A pod's requests and whether it still counts against its node, cached per record. */
const podCounts = new WeakMap<ObjectRecord, { cpu: number; memory: number; active: boolean }>();
function podUsage(rec: ObjectRecord) {
  let u = podCounts.get(rec);
  if (!u) {
    const pod = rec.object as Pod;
    const phase = pod.status?.phase;
    u = { ...podRequests(pod), active: phase !== 'Succeeded' && phase !== 'Failed' };
    podCounts.set(rec, u);
  }
  return u;
}

/** A stored object's key from its kind, namespace and name (an event's involvedObject). */
export function findObjectKey(
  s: ClusterData,
  kind: string | undefined,
  namespace: string | undefined,
  name: string | undefined,
): string | undefined {
  if (!kind || !name) return undefined;
  return keysOf(s.keysByKind, kind).find((k) => {
    const r = s.objects.get(k);
    return r && r.name === name && (r.namespace ?? '') === (namespace ?? '');
  });
}

export interface NodeUsage {
  registered: boolean;
  ready: 'True' | 'False' | 'Unknown';
  unschedulable: boolean;
  /** Millicores, as the scheduler counts them. */
  cpuRequested: number;
  cpuAllocatable: number;
  /** Bytes. */
  memoryRequested: number;
  memoryAllocatable: number;
  pods: number;
}

/** Requested vs allocatable for one node, from its non-terminated pods (flat: use with useShallow). */
export function selectNodeUsage(s: ClusterData, name: string): NodeUsage {
  const key = nodeKeyOf(s, name);
  const node = key ? (s.objects.get(key)?.object as Node | undefined) : undefined;
  const usage: NodeUsage = {
    registered: !!node,
    ready: 'Unknown',
    unschedulable: !!node?.spec?.unschedulable,
    cpuRequested: 0,
    cpuAllocatable: cpuMillisOrZero(node?.status?.allocatable?.cpu),
    memoryRequested: 0,
    memoryAllocatable: bytesOrZero(node?.status?.allocatable?.memory),
    pods: 0,
  };
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready) usage.ready = ready.status as NodeUsage['ready'];
  for (const podKey of s.podKeysByNode[name] ?? []) {
    const rec = s.objects.get(podKey);
    if (!rec) continue;
    const r = podUsage(rec);
    if (!r.active) continue;
    usage.cpuRequested += r.cpu;
    usage.memoryRequested += r.memory;
    usage.pods++;
  }
  return usage;
}

/**
 * `selectNodeUsage` for one component, recomputed only when the node's record, its pod list or
 * one of its pods' records changed: every worker's header runs it on every store change.
 */
export function nodeUsageSelector(): (s: ClusterData, name: string) => NodeUsage {
  let last:
    | {
        name: string;
        node: ObjectRecord | undefined;
        keys: readonly string[] | undefined;
        version: number | undefined;
        usage: NodeUsage;
      }
    | undefined;
  return (s, name) => {
    const key = nodeKeyOf(s, name);
    const node = key ? s.objects.get(key) : undefined;
    const keys = s.podKeysByNode[name];
    // The node's pod version moves with every change to one of its pods.
    const version = s.podVersionByNode[name];
    if (
      last &&
      last.name === name &&
      last.node === node &&
      last.keys === keys &&
      last.version === version
    )
      return last.usage;
    last = { name, node, keys, version, usage: selectNodeUsage(s, name) };
    return last.usage;
  };
}
