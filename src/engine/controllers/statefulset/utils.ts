/**
 * Pure helpers of the StatefulSet controller (k/k: pkg/controller/statefulset/
 * stateful_set_utils.go): the identity of each pod (`<set>-<ordinal>`, hostname, subdomain,
 * labels), its claims `<template>-<set>-<ordinal>`, revisions and the health checks the
 * ordered policy waits on.
 */
import type {
  ControllerRevision,
  PersistentVolumeClaim,
  Pod,
  PodTemplateSpec,
  StatefulSet,
  Volume,
} from '../../api/types';
import type { Named, Stored } from '../../api/stored';
import { clone } from '../../apiserver/patch';
import { isPodAvailable, isPodReady, newControllerRef } from '../controllerUtils';
import { REVISION_HASH_LABEL, revisionTemplate } from '../history';

/** k/k: apps.StatefulSetPodNameLabel. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** k/k: apps.PodIndexLabel (beta, on by default since v1.28). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** k/k: getParentNameAndOrdinal — `web-3` of set `web` is ordinal 3; anything else is -1. */
export function ordinalOf(set: Stored<StatefulSet>, pod: Pod): number {
  const name = pod.metadata?.name ?? '';
  const prefix = `${set.metadata.name}-`;
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** k/k: getStartOrdinal / getEndOrdinal: the ordinals the set should run. */
export function ordinalRange(set: Stored<StatefulSet>): [number, number] {
  const start = set.spec?.ordinals?.start ?? 0;
  return [start, start + (set.spec?.replicas ?? 1) - 1];
}

export const podName = (set: Stored<StatefulSet>, ordinal: number): string =>
  `${set.metadata.name}-${ordinal}`;

/** k/k: getPersistentVolumeClaimName — `www-web-0`. */
export const claimName = (set: Stored<StatefulSet>, template: string, ordinal: number): string =>
  `${template}-${set.metadata.name}-${ordinal}`;

/**
 * k/k: getPersistentVolumeClaims — the claims of one ordinal, labelled with the set's
 * matchLabels. With the default Retain policy they have no owner: they outlive the pods.
 */
export function claimsFor(
  set: Stored<StatefulSet>,
  ordinal: number,
): Named<PersistentVolumeClaim>[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const claim = clone(t) as Named<PersistentVolumeClaim>;
    const name = claimName(set, t.metadata?.name ?? '', ordinal);
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = {
      ...(claim.metadata ?? {}),
      name,
      namespace: set.metadata.namespace,
      labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
    };
    delete claim.status;
    return claim;
  });
}

/**
 * k/k: newVersionedStatefulSetPod / newStatefulSetPod — the pod of `ordinal` from `template`:
 * its stable name, hostname and subdomain (the headless Service's per-pod DNS name
 * `web-0.nginx`), identity labels, and the claims mounted in place of same-named volumes.
 */
export function newStatefulSetPod(
  set: Stored<StatefulSet>,
  template: PodTemplateSpec,
  revision: string,
  ordinal: number,
): Named<Pod> {
  const t = clone(template);
  const name = podName(set, ordinal);
  const spec = t.spec!;
  const claims = new Map<string, Volume>();
  for (const c of set.spec?.volumeClaimTemplates ?? []) {
    const volName = c.metadata?.name ?? '';
    claims.set(volName, {
      name: volName,
      persistentVolumeClaim: { claimName: claimName(set, volName, ordinal) },
    });
  }
  if (claims.size > 0) {
    spec.volumes = [...(spec.volumes ?? []).filter((v) => !claims.has(v.name)), ...claims.values()];
  }
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const labels = {
    ...(t.metadata?.labels ?? {}),
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [REVISION_HASH_LABEL]: revision,
  };
  const meta: Named<Pod>['metadata'] = { name, namespace: set.metadata.namespace, labels };
  if (t.metadata?.annotations) meta.annotations = t.metadata.annotations;
  meta.ownerReferences = [newControllerRef(set, 'apps/v1', 'StatefulSet')];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec };
}

/** The template a revision recorded, or the set's own when the revision is the update one. */
export function templateOfRevision(
  set: Stored<StatefulSet>,
  current: ControllerRevision | undefined,
  update: ControllerRevision,
): PodTemplateSpec {
  if (!current || current.metadata?.name === update.metadata?.name) return set.spec!.template;
  return revisionTemplate(current);
}

export const podRevision = (pod: Pod): string => pod.metadata?.labels?.[REVISION_HASH_LABEL] ?? '';

/** k/k: isCreated — the kubelet has reported a phase. */
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
/** k/k: isTerminating. */
export const isTerminating = (pod: Pod): boolean => !!pod.metadata?.deletionTimestamp;
/** k/k: isFailed / isSucceeded. */
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';

/** k/k: isRunningAndReady. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** k/k: isRunningAndAvailable — ready for minReadySeconds. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, nowMs);
}

/** k/k: isHealthy — running, ready and not being deleted. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** k/k: allowsBurst — Parallel pod management. */
export const allowsBurst = (set: Stored<StatefulSet>): boolean =>
  set.spec?.podManagementPolicy === 'Parallel';
