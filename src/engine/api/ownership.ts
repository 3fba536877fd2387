/**
 * The objects behind a workload and a Service, as a graph: Deployment → ReplicaSet → Pod (and the
 * other workload owners) through `metadata.ownerReferences`, the references the garbage collector
 * follows (k/k: pkg/controller/garbagecollector/graph.go), and Service → EndpointSlice → Pod, the
 * slice owned by its Service and naming its pods in `endpoints[].targetRef` (k/k:
 * pkg/controller/endpointslice/reconciler.go). Pure: the UI draws it from the objects it has.
 */
import type { Deployment, EndpointSlice, Job, KubeObject, Pod, ReplicaSet, Service } from './types';
import { podStatusColumn } from '../kubectl/podStatus';

/** The kinds drawn, and the column each is drawn in: owners left, pods right. */
export const OWNERSHIP_COLUMNS = {
  Deployment: 0,
  StatefulSet: 0,
  DaemonSet: 0,
  CronJob: 0,
  Service: 0,
  ReplicaSet: 1,
  // quota: an RC owns its pods directly, as a ReplicaSet does.
  ReplicationController: 1,
  Job: 1,
  EndpointSlice: 1,
  Pod: 2,
} as const;

export type OwnershipKind = keyof typeof OWNERSHIP_COLUMNS;

export interface OwnershipObject {
  /** The caller's key for it (the UI passes etcd keys, so a click can select it). */
  key: string;
  kind: OwnershipKind;
  namespace: string;
  name: string;
  column: 0 | 1 | 2;
  /** What kubectl would say in a word or two: `2/3 ready`, `Running`, `ClusterIP 10.96.0.12`. */
  status: string;
}

export interface OwnershipEdge {
  /** The owner's key (or the EndpointSlice's, for an endpoint). */
  from: string;
  to: string;
  /** `owner`: an ownerReference (`controller`: the one that manages it); `endpoint`: a targetRef. */
  kind: 'owner' | 'endpoint';
  controller: boolean;
  /** For an endpoint: whether it is ready (traffic goes to it). */
  ready?: boolean;
}

export interface OwnershipGraph {
  objects: OwnershipObject[];
  edges: OwnershipEdge[];
}

function isDrawn(kind: string | undefined): kind is OwnershipKind {
  return !!kind && Object.prototype.hasOwnProperty.call(OWNERSHIP_COLUMNS, kind);
}

const ready = (r: number | undefined, want: number | undefined) => `${r ?? 0}/${want ?? 1} ready`;

/** The status line: kubectl get's READY (or STATUS) column, in words. */
function statusOf(kind: OwnershipKind, o: KubeObject): string {
  switch (kind) {
    case 'Pod':
      return podStatusColumn(o as Pod);
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet': {
      // A StatefulSet's replicas and readyReplicas are where a Deployment's are.
      const w = o as Deployment | ReplicaSet;
      return ready(w.status?.readyReplicas, w.spec?.replicas);
    }
    case 'DaemonSet': {
      const d = o as { status?: { numberReady?: number; desiredNumberScheduled?: number } };
      return ready(d.status?.numberReady, d.status?.desiredNumberScheduled ?? 0);
    }
    case 'Job': {
      const j = o as Job;
      return `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1} complete`;
    }
    case 'Service': {
      const s = o as Service;
      return `${s.spec?.type ?? 'ClusterIP'} ${s.spec?.clusterIP ?? ''}`.trim();
    }
    case 'EndpointSlice': {
      const e = (o as EndpointSlice).endpoints ?? [];
      const r = e.filter((x) => x.conditions?.ready !== false).length;
      return `${r} of ${e.length} endpoints ready`;
    }
    default:
      return '';
  }
}

/**
 * The ownership graph of `records`: every drawn kind, an edge for each ownerReference whose owner
 * is among them, and one for each EndpointSlice endpoint whose pod is.
 */
export function ownershipGraph(
  records: readonly { key: string; object: KubeObject }[],
): OwnershipGraph {
  const objects: OwnershipObject[] = [];
  const byUid = new Map<string, string>();
  const drawn: { key: string; object: KubeObject }[] = [];
  for (const r of records) {
    const kind = r.object.kind;
    if (!isDrawn(kind)) continue;
    const m = r.object.metadata ?? {};
    objects.push({
      key: r.key,
      kind,
      namespace: m.namespace ?? '',
      name: m.name ?? '',
      column: OWNERSHIP_COLUMNS[kind],
      status: statusOf(kind, r.object),
    });
    if (m.uid) byUid.set(m.uid, r.key);
    drawn.push(r);
  }
  const edges: OwnershipEdge[] = [];
  for (const r of drawn) {
    for (const ref of r.object.metadata?.ownerReferences ?? []) {
      const owner = byUid.get(ref.uid);
      if (owner)
        edges.push({ from: owner, to: r.key, kind: 'owner', controller: !!ref.controller });
    }
    if (r.object.kind !== 'EndpointSlice') continue;
    for (const e of (r.object as EndpointSlice).endpoints ?? []) {
      const uid = e.targetRef?.kind === 'Pod' ? e.targetRef.uid : undefined;
      const pod = uid ? byUid.get(uid) : undefined;
      if (pod)
        edges.push({
          from: r.key,
          to: pod,
          kind: 'endpoint',
          controller: false,
          // EndpointConditions: a nil `ready` means ready (k8s.io/api/discovery/v1).
          ready: e.conditions?.ready !== false,
        });
    }
  }
  return { objects, edges };
}
