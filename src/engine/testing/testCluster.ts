/**
 * A small harness for the workload controllers' tests: a real `Cluster`, objects created as a
 * user would (`POST` through kube-apiserver), and reads straight from etcd.
 */
import { parse } from 'yaml';
import { resourceForKind } from '../api/resources';
import type { Event, KubeObject, Pod } from '../api/types';
import type { Stored } from '../api/stored';
import type { ApiResponse } from '../apiserver/types';
import { Cluster } from '../cluster';

/** A started 3-worker cluster (4 CPU, 8Gi each). */
export function startCluster(seed: number | string = 1, kubeSystem = false): Cluster {
  return new Cluster({ kubeSystem, workers: 3, cpu: '4', memory: '8Gi', seed }).start();
}

/** POST a YAML manifest (one object) as kubectl create would. */
export function createObject(cluster: Cluster, yaml: string, namespace = 'default'): ApiResponse {
  const obj = parse(yaml) as KubeObject;
  const info = resourceForKind(obj.kind ?? '');
  if (!info) throw new Error(`unknown kind ${obj.kind}`);
  return cluster.requestSync({ verb: 'create', resource: info.plural, namespace, body: obj });
}

/** Every stored object of a kind, as etcd holds it now. */
export function objectsOf<T extends KubeObject = KubeObject>(
  cluster: Cluster,
  kind: string,
): Stored<T>[] {
  return cluster.etcdStore
    .range('/registry/')
    .kvs.map((kv) => JSON.parse(kv.value) as KubeObject)
    .filter((o) => o.kind === kind) as Stored<T>[];
}

/** Pods that count for a controller: not terminal and not being deleted. */
export function activePods(cluster: Cluster): Stored<Pod>[] {
  return objectsOf<Pod>(cluster, 'Pod').filter(
    (p) =>
      !p.metadata?.deletionTimestamp &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed',
  );
}

export function isReady(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Events from one source, as `reason: message` lines in creation order. */
export function eventsFrom(cluster: Cluster, component: string): string[] {
  return objectsOf<Event>(cluster, 'Event')
    .filter((e) => e.source?.component === component)
    .sort((a, b) => (eventNanos(a) < eventNanos(b) ? -1 : 1))
    .map((e) => `${e.reason}: ${e.message}`);
}

/** Event names end in the creation time in hex nanoseconds (client-go). */
function eventNanos(e: Stored<Event>): bigint {
  return BigInt(`0x${e.metadata.name.split('.').pop()}`);
}

/** Advance virtual time in steps until `cond` holds; false if `limitMs` passes first. */
export function advanceUntil(
  cluster: Cluster,
  cond: () => boolean,
  limitMs = 120_000,
  stepMs = 250,
): boolean {
  for (let t = 0; t <= limitMs; t += stepMs) {
    if (cond()) return true;
    cluster.clock.advance(stepMs);
  }
  return cond();
}
