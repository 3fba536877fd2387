/**
 * `kubectl describe node`. k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeNode,
 * describeNodeResource, describeNodeLease
 */
import type { Container, Event, Lease, Node, Pod } from '../../api/types';
import { formatRFC1123Z, translateTimestampSince } from '../age';
import { goCompare } from '../format';
import { findNodeRoles } from '../printers/core';
import { addQuantities, formatQuantity, parseQuantity, type Quantity } from '../quantity';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
} from './writer';

type ResourceList = Map<string, Quantity>;

function addList(into: ResourceList, list: Record<string, unknown> | undefined): void {
  for (const [name, v] of Object.entries(list ?? {})) {
    into.set(name, addQuantities(into.get(name), parseQuantity(v as string)));
  }
}

/** max(a, b) per resource, into a. */
function maxList(into: ResourceList, list: Record<string, unknown> | undefined): void {
  for (const [name, v] of Object.entries(list ?? {})) {
    const q = parseQuantity(v as string);
    const cur = into.get(name);
    if (!cur || q.milli > cur.milli) into.set(name, q);
  }
}

/**
 * resourcehelper.PodRequestsAndLimits: the containers' sum, at least each init container's, plus
 * sidecars (restartable init containers) and the pod overhead.
 */
export function podRequestsAndLimits(pod: Pod): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  const containers: Container[] = pod.spec?.containers ?? [];
  for (const c of containers) {
    addList(requests, c.resources?.requests);
    addList(limits, c.resources?.limits);
  }
  const sidecarReq: ResourceList = new Map();
  const sidecarLim: ResourceList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      addList(requests, c.resources?.requests);
      addList(limits, c.resources?.limits);
      addList(sidecarReq, c.resources?.requests);
      addList(sidecarLim, c.resources?.limits);
      continue;
    }
    const req: ResourceList = new Map(sidecarReq);
    const lim: ResourceList = new Map(sidecarLim);
    addList(req, c.resources?.requests);
    addList(lim, c.resources?.limits);
    maxList(requests, Object.fromEntries([...req].map(([k, q]) => [k, `${q.milli}m`])));
    maxList(limits, Object.fromEntries([...lim].map(([k, q]) => [k, `${q.milli}m`])));
  }
  addList(requests, pod.spec?.overhead);
  addList(limits, pod.spec?.overhead);
  return { requests, limits };
}

/** Go's int64(float64) conversion of a percentage (truncation; 0 when the divisor is 0). */
function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.trunc((part / whole) * 100);
}

/** Quantity.Value(): whole units, rounded up. */
const value = (q: Quantity | undefined): number => Math.ceil((q?.milli ?? 0) / 1000);
const milli = (q: Quantity | undefined): number => q?.milli ?? 0;

function describeNodeResource(w: PrefixWriter, pods: Pod[], node: Node, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n',
  );
  w.write(
    LEVEL_1,
    '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n',
  );
  const allocatableRaw =
    Object.keys(node.status?.allocatable ?? {}).length > 0
      ? node.status?.allocatable
      : node.status?.capacity;
  const allocatable: ResourceList = new Map();
  addList(allocatable, allocatableRaw);
  const cpu = allocatable.get('cpu');
  const mem = allocatable.get('memory');
  const totalReq: ResourceList = new Map();
  const totalLim: ResourceList = new Map();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    for (const [k, q] of requests) totalReq.set(k, addQuantities(totalReq.get(k), q));
    for (const [k, q] of limits) totalLim.set(k, addQuantities(totalLim.get(k), q));
    const cr = requests.get('cpu');
    const cl = limits.get('cpu');
    const mr = requests.get('memory');
    const ml = limits.get('memory');
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
        `${formatQuantity(cr)} (${percent(milli(cr), milli(cpu))}%)\t` +
        `${formatQuantity(cl)} (${percent(milli(cl), milli(cpu))}%)\t` +
        `${formatQuantity(mr)} (${percent(value(mr), value(mem))}%)\t` +
        `${formatQuantity(ml)} (${percent(value(ml), value(mem))}%)\t` +
        `${translateTimestampSince(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }
  w.write(
    LEVEL_0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const line = (name: string, byMilli: boolean): void => {
    const r = totalReq.get(name);
    const l = totalLim.get(name);
    const a = allocatable.get(name);
    const pr = byMilli ? percent(milli(r), milli(a)) : percent(value(r), value(a));
    const pl = byMilli ? percent(milli(l), milli(a)) : percent(value(l), value(a));
    w.write(LEVEL_1, `${name}\t${formatQuantity(r)} (${pr}%)\t${formatQuantity(l)} (${pl}%)\n`);
  };
  line('cpu', true);
  line('memory', false);
  line('ephemeral-storage', false);
  const names = [...allocatable.keys()].sort(goCompare);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) line(name, false);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n))) {
    w.write(
      LEVEL_1,
      `${name}\t${formatQuantity(totalReq.get(name))}\t${formatQuantity(totalLim.get(name))}\n`,
    );
  }
}

/**
 * The text of `kubectl describe node`.
 * @param pods the pods bound to this node (terminated ones are left out, as kubectl's field selector does)
 * @param lease the node's Lease in kube-node-lease, if any
 */
export function describeNode(
  node: Node,
  pods: Pod[],
  events: Event[] | undefined,
  lease: Lease | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = node.metadata ?? {};
  const status = node.status ?? {};
  const info = status.nodeInfo;
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  const roles = findNodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(meta.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  if (lease) {
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(
      LEVEL_1,
      `AcquireTime:\t${lease.spec?.acquireTime ? formatRFC1123Z(lease.spec.acquireTime) : '<unset>'}\n`,
    );
    w.write(
      LEVEL_1,
      `RenewTime:\t${lease.spec?.renewTime ? formatRFC1123Z(lease.spec.renewTime) : '<unset>'}\n`,
    );
  } else {
    w.write(
      LEVEL_0,
      `Lease:\tFailed to get lease: leases.coordination.k8s.io "${meta.name ?? ''}" not found\n`,
    );
  }
  if (status.conditions && status.conditions.length > 0) {
    w.write(
      LEVEL_0,
      'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
    );
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(
        LEVEL_1,
        `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const printResourceList = (list: Record<string, unknown>): void => {
    for (const name of Object.keys(list).sort(goCompare)) {
      w.write(LEVEL_0, `  ${name}:\t${formatQuantity(parseQuantity(list[name] as string))}\n`);
    }
  };
  if (Object.keys(status.capacity ?? {}).length > 0) {
    w.write(LEVEL_0, 'Capacity:\n');
    printResourceList(status.capacity!);
  }
  if (Object.keys(status.allocatable ?? {}).length > 0) {
    w.write(LEVEL_0, 'Allocatable:\n');
    printResourceList(status.allocatable!);
  }
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs && node.spec.podCIDRs.length > 0)
    w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
  const nonTerminated = pods.filter(
    (p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  describeNodeResource(w, nonTerminated, node, now);
  if (events) describeEvents(w, events, now);
  return w.toString();
}
