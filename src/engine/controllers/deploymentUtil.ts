/**
 * Deployment helpers, after k/k: pkg/controller/deployment/util/deployment_util.go and
 * staging/src/k8s.io/kubectl/pkg/polymorphichelpers/{history,rollback}.go. Pure functions over
 * Deployments and ReplicaSets: the pod-template-hash, surge and unavailability arithmetic,
 * revisions, conditions and status.
 */
import { clone } from '../apiserver/patch';
import type { Deployment, DeploymentCondition, PodTemplateSpec, ReplicaSet } from '../api/types';
import { fnv32a, safeEncodeString } from '../sim/names';
import { controllerOf, parseTime } from './controllerUtils';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
/** The label that keeps ReplicaSets of one Deployment apart (apps.DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Annotations a Deployment does not copy onto its ReplicaSets (k/k: annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

/** Longest `revision-history` annotation kept (maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_CHARS = 2000;

/** Condition reasons (k/k: deployment_util.go). */
export const Reasons = {
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  FailedRSCreate: 'ReplicaSetCreateError',
} as const;

/** JSON with sorted keys: the same template always gives the same text. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The pod-template-hash (k/k: controller.ComputeHash): FNV-32a of the template (and the
 * collision count), its decimal digits mapped through SafeEncodeString. The real hasher prints
 * the Go struct, so the exact values differ; alphabet and length are the real ones.
 */
export function computeHash(
  template: PodTemplateSpec | undefined,
  collisionCount?: number,
): string {
  const text =
    stableJson(template ?? {}) + (collisionCount !== undefined ? `#${collisionCount}` : '');
  return safeEncodeString(String(fnv32a(text)));
}

/** k/k: intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** k/k: ResolveFenceposts — surge rounds up, unavailable down; both 0 makes unavailable 1. */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): [number, number] {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function replicasOf(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

/** k/k: MaxSurge. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d))[0];
}

/** k/k: MaxUnavailable. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const u = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d))[1];
  return Math.min(u, replicasOf(d));
}

export const specReplicas = (rs: ReplicaSet | undefined): number => rs?.spec?.replicas ?? 0;
/** Sum of spec.replicas. */
export const replicaCount = (rss: (ReplicaSet | undefined)[]): number =>
  rss.reduce((n, rs) => n + specReplicas(rs), 0);
/** Sum of status.replicas. */
export const actualReplicaCount = (rss: (ReplicaSet | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readyReplicaCount = (rss: (ReplicaSet | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableReplicaCount = (rss: (ReplicaSet | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** ReplicaSets with spec.replicas > 0 (k/k: FilterActiveReplicaSets). */
export function activeReplicaSets(rss: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && specReplicas(rs) > 0);
}

const created = (rs: ReplicaSet): number => parseTime(rs.metadata?.creationTimestamp) ?? 0;

/** Oldest first, then by name (k/k: ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1);
}

/** Larger first; equal sizes newer first (k/k: ReplicaSetsBySizeNewer). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** Larger first; equal sizes older first (k/k: ReplicaSetsBySizeOlder). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(a, b);
}

/** The revision number of a ReplicaSet (0 when it has none). */
export function revisionOf(
  rs: { metadata?: { annotations?: Record<string, string> } } | undefined,
): number {
  const v = rs?.metadata?.annotations?.[REVISION_ANNOTATION];
  const n = v === undefined ? 0 : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** Compare two pod templates ignoring the pod-template-hash label (k/k: EqualIgnoreHash). */
export function equalIgnoreHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = clone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return stableJson(c);
  };
  return strip(a) === strip(b);
}

/** The oldest ReplicaSet whose template is the Deployment's (k/k: FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss]
    .sort(byCreation)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** k/k: SetReplicasAnnotations — returns whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = (rs.metadata!.annotations = rs.metadata!.annotations ?? {});
  let changed = false;
  if (ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    ann[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    ann[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(
  rs: ReplicaSet,
  desired: number,
  max: number,
): boolean {
  const ann = rs.metadata?.annotations ?? {};
  return (
    ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
    ann[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

/**
 * k/k: SetNewReplicaSetAnnotations — copy the Deployment's annotations, raise the revision (a
 * reused ReplicaSet, i.e. a rollback, keeps its old numbers in `revision-history`), and on
 * creation set desired/max replicas. Mutates `rs`; returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): boolean {
  const ann = (rs.metadata!.annotations = rs.metadata!.annotations ?? {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  const oldText = ann[REVISION_ANNOTATION];
  const oldRevision = oldText === undefined ? 0 : Number.parseInt(oldText, 10) || 0;
  if (oldRevision < newRevision) {
    ann[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = ann[REVISION_HISTORY_ANNOTATION];
      const list = history ? history.split(',') : [];
      list.push(oldText);
      while (list.join(',').length > MAX_REV_HISTORY_CHARS && list.length > 1) list.shift();
      ann[REVISION_HISTORY_ANNOTATION] = list.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true;
  return changed;
}

/** k/k: SetDeploymentRevision — mutates the Deployment's annotations. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const ann = (d.metadata!.annotations = d.metadata!.annotations ?? {});
  if (ann[REVISION_ANNOTATION] === revision) return false;
  ann[REVISION_ANNOTATION] = revision;
  return true;
}

/** k/k: NewRSNewReplicas — how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = replicaCount(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** k/k: IsSaturated — the new ReplicaSet runs every replica, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = Number.parseInt(
    rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION] ?? '',
    10,
  );
  return (
    specReplicas(rs) === replicasOf(d) &&
    desired === replicasOf(d) &&
    (rs.status?.availableReplicas ?? 0) === replicasOf(d)
  );
}

/** k/k: FindActiveOrLatest — the one active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** k/k: getProportion / getReplicaSetFraction — this ReplicaSet's share of a resize. */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -specReplicas(rs);
  else {
    const maxReplicas = replicasOf(d) + maxSurge(d);
    let before = Number.parseInt(rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION] ?? '', 10);
    if (!Number.isFinite(before) || before === 0) before = d.status?.replicas ?? 0;
    // integer.RoundToInt32 rounds half away from zero.
    const x = (specReplicas(rs) * maxReplicas) / before;
    fraction = Math.sign(x) * Math.round(Math.abs(x)) - specReplicas(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---- conditions and status ------------------------------------------------------------------

export type DeploymentStatus = NonNullable<Deployment['status']>;

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  ts: string,
): DeploymentCondition {
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

export function getCondition(
  s: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return s?.conditions?.find((c) => c.type === type);
}

/** k/k: SetDeploymentCondition — unchanged status and reason keeps the old one; the new goes last. */
export function setCondition(s: DeploymentStatus, c: DeploymentCondition): void {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  if (s.conditions) s.conditions = s.conditions.filter((x) => x.type !== type);
}

/** k/k: calculateStatus — the counts, and the Available condition. */
export function calculateStatus(
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  ts: string,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: clone(d.status?.conditions ?? []),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        Reasons.MinimumReplicasAvailable,
        'Deployment has minimum availability.',
        ts,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        Reasons.MinimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        ts,
      ),
    );
  }
  return status;
}

/** Go's omitempty on DeploymentStatus: zero counts and empty lists are left out. */
export function serializeStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const k of [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ] as const) {
    if (s[k]) out[k] = s[k];
  }
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

/** k/k: DeploymentComplete. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === n &&
    (s.replicas ?? 0) === n &&
    (s.availableReplicas ?? 0) === n &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** k/k: DeploymentProgressing — any count moved in the right direction. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== 2147483647;
}

/** k/k: DeploymentTimedOut — no progress for progressDeadlineSeconds since the last update. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === Reasons.NewRSAvailable) return false;
  if (c.reason === Reasons.TimedOut) return true;
  const from = parseTime(c.lastUpdateTime) ?? 0;
  return from + (d.spec!.progressDeadlineSeconds ?? 600) * 1000 < nowMs;
}

// ---- rollout history, for kubectl rollout history / undo -----------------------------------

/** One revision of a Deployment, as `kubectl rollout history` lists it. */
export interface RolloutRevision {
  revision: number;
  replicaSet: string;
  /** The `kubernetes.io/change-cause` annotation, or undefined (`<none>`). */
  changeCause?: string;
  template: PodTemplateSpec;
}

/**
 * The revisions of a Deployment, oldest first, from the ReplicaSets it controls
 * (kubectl: polymorphichelpers DeploymentHistoryViewer).
 */
export function rolloutHistory(
  deployment: Deployment,
  replicaSets: ReplicaSet[],
): RolloutRevision[] {
  const uid = deployment.metadata?.uid;
  return replicaSets
    .filter((rs) => controllerOf(rs)?.uid === uid && revisionOf(rs) > 0)
    .map((rs) => ({
      revision: revisionOf(rs),
      replicaSet: rs.metadata!.name!,
      changeCause: rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION],
      template: clone(rs.spec!.template!),
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** What `kubectl rollout undo` should do. */
export type UndoPlan =
  | { template: PodTemplateSpec; annotations: Record<string, string>; revision: number }
  | { skipped: string }
  | { error: string };

/**
 * The template (hash label removed) and annotations `kubectl rollout undo [--to-revision=N]`
 * patches back into the Deployment; revision 0 means the previous one
 * (kubectl: polymorphichelpers/rollback.go DeploymentRollbacker). A `skipped` plan carries the
 * text kubectl prints after `deployment.apps/<name> `, an `error` plan the error text.
 */
export function templateForRevision(
  deployment: Deployment,
  replicaSets: ReplicaSet[],
  toRevision = 0,
): UndoPlan {
  const history = rolloutHistory(deployment, replicaSets);
  let target: RolloutRevision | undefined;
  if (toRevision > 0) {
    target = history.find((h) => h.revision === toRevision);
    if (!target) return { error: `unable to find specified revision ${toRevision} in history` };
  } else {
    target = history.length >= 2 ? history[history.length - 2] : undefined;
    if (!target)
      return { error: `no rollout history found for deployment "${deployment.metadata?.name}"` };
  }
  if (equalIgnoreHash(target.template, deployment.spec?.template)) {
    return {
      skipped: `skipped rollback (current template already matches revision ${target.revision})`,
    };
  }
  const template = clone(target.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata?.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const rs = replicaSets.find((x) => x.metadata?.name === target.replicaSet);
  for (const [k, v] of Object.entries(rs?.metadata?.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return { template, annotations, revision: target.revision };
}
