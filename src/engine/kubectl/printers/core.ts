/**
 * Table handlers for core kinds: Pod, Node, Namespace, ServiceAccount, Secret, ConfigMap, Event,
 * ComponentStatus, Lease. k8s: pkg/printers/internalversion/printers.go (v1.31)
 */
import type {
  ComponentStatus,
  Event,
  Namespace,
  Node,
  Pod,
  Secret,
  ServiceAccount,
} from 'kubernetes-types/core/v1';
import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import { goCompare } from '../format';
import { formatRestarts, summarizePod } from '../podStatus';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

export const podPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Ready' },
    { name: 'Status' },
    { name: 'Restarts' },
    AGE,
    { name: 'IP', priority: 1 },
    { name: 'Node', priority: 1 },
    { name: 'Nominated Node', priority: 1 },
    { name: 'Readiness Gates', priority: 1 },
  ],
  row(obj, now) {
    const pod = obj as Pod;
    const s = summarizePod(pod);
    const podIP = pod.status?.podIPs?.[0]?.ip || '<none>';
    let gates = '<none>';
    const readinessGates = pod.spec?.readinessGates ?? [];
    if (readinessGates.length > 0) {
      let trueConditions = 0;
      for (const g of readinessGates) {
        const c = pod.status?.conditions?.find((x) => x.type === g.conditionType);
        if (c?.status === 'True') trueConditions++;
      }
      gates = `${trueConditions}/${readinessGates.length}`;
    }
    return [
      pod.metadata?.name ?? '',
      `${s.ready}/${s.total}`,
      s.status,
      formatRestarts(s, now),
      age(obj, now),
      podIP,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gates,
    ];
  },
};

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(goCompare);
}

/** The STATUS column of `kubectl get nodes`: `Ready`, `NotReady`, `Unknown`, `,SchedulingDisabled`. */
export function nodeStatusColumn(node: Node): string {
  const status: string[] = [];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Roles' },
    AGE,
    { name: 'Version' },
    { name: 'Internal-IP', priority: 1 },
    { name: 'External-IP', priority: 1 },
    { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 },
    { name: 'Container-Runtime', priority: 1 },
  ],
  row(obj, now) {
    const node = obj as Node;
    const info = node.status?.nodeInfo;
    const roles = findNodeRoles(node).join(',');
    return [
      node.metadata?.name ?? '',
      nodeStatusColumn(node),
      roles || '<none>',
      age(obj, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: KindPrinter = {
  columns: [NAME, { name: 'Status' }, AGE],
  row: (obj, now) => [
    obj.metadata?.name ?? '',
    (obj as Namespace).status?.phase ?? '',
    age(obj, now),
  ],
};

export const serviceAccountPrinter: KindPrinter = {
  columns: [NAME, { name: 'Secrets' }, AGE],
  row: (obj, now) => [
    obj.metadata?.name ?? '',
    String((obj as ServiceAccount).secrets?.length ?? 0),
    age(obj, now),
  ],
};

export const secretPrinter: KindPrinter = {
  columns: [NAME, { name: 'Type' }, { name: 'Data' }, AGE],
  row(obj, now) {
    const s = obj as Secret;
    return [
      s.metadata?.name ?? '',
      s.type ?? '',
      String(Object.keys(s.data ?? {}).length),
      age(obj, now),
    ];
  },
};

export const configMapPrinter: KindPrinter = {
  columns: [NAME, { name: 'Data' }, AGE],
  row(obj, now) {
    const cm = obj as ConfigMap;
    const n = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [cm.metadata?.name ?? '', String(n), age(obj, now)];
  },
};

export const leasePrinter: KindPrinter = {
  columns: [NAME, { name: 'Holder' }, AGE],
  row: (obj, now) => [
    obj.metadata?.name ?? '',
    (obj as Lease).spec?.holderIdentity ?? '',
    age(obj, now),
  ],
};

export const componentStatusPrinter: KindPrinter = {
  columns: [NAME, { name: 'Status' }, { name: 'Message' }, { name: 'Error' }],
  row(obj) {
    const cs = obj as ComponentStatus;
    let status = 'Unknown';
    let message = '';
    let error = '';
    const healthy = cs.conditions?.find((c) => c.type === 'Healthy');
    if (healthy) {
      status = healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
      message = healthy.message ?? '';
      error = healthy.error ?? '';
    }
    return [cs.metadata?.name ?? '', status, message, error];
  },
};

/** formatEventSource: `component, host` (falls back to reportingController/Instance). */
function formatEventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: KindPrinter = {
  columns: [
    { name: 'Last Seen' },
    { name: 'Type' },
    { name: 'Reason' },
    { name: 'Object' },
    { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 },
    { name: 'Message' },
    { name: 'First Seen', priority: 1 },
    { name: 'Count', priority: 1 },
    { name: 'Name', priority: 1, isName: true },
  ],
  row(obj, now) {
    const e = obj as unknown as Event;
    let first = translateTimestampSince(e.firstTimestamp, now);
    if (!e.firstTimestamp) first = translateTimestampSince(e.eventTime, now);
    let last = translateTimestampSince(e.lastTimestamp, now);
    if (!e.lastTimestamp) last = first;
    let count = e.count ?? 0;
    if (e.series) {
      last = translateTimestampSince(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      // Singleton events don't have a count set in the new API.
      count = 1;
    }
    const kind = (e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return [
      last,
      e.type ?? '',
      e.reason ?? '',
      target,
      e.involvedObject?.fieldPath ?? '',
      formatEventSource(e),
      (e.message ?? '').trim(),
      first,
      String(count),
      e.metadata?.name ?? '',
    ];
  },
};
