/**
 * Deployment helpers, after k/k: pkg/controller/deployment/util/deployment_util.go. Pure
 * functions over Deployments and ReplicaSets: the pod-template-hash, surge and unavailability
 * arithmetic, revisions and replica annotations. Conditions and status are in
 * ./status, rollout history and undo in ./rollback.
 */
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../api/types';
import type { Stored } from '../../api/stored';
import { fnv32a, safeEncodeString } from '../../sim/names';
import { parseTime } from '../controllerUtils';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
/** The label that keeps ReplicaSets of one Deployment apart (apps.DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Annotations a Deployment does not copy onto its ReplicaSets (k/k: annotationsToSkip). */
export const ANNOTATIONS_TO_SKIP = new Set([
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
export function activeReplicaSets<R extends ReplicaSet>(rss: (R | undefined)[]): R[] {
  return rss.filter((rs): rs is R => !!rs && specReplicas(rs) > 0);
}

const created = (rs: ReplicaSet): number => parseTime(rs.metadata?.creationTimestamp) ?? 0;

/** Oldest first, then by name (k/k: ReplicaSetsByCreationTimestamp). */
export function byCreation(a: Stored<ReplicaSet>, b: Stored<ReplicaSet>): number {
  return created(a) - created(b) || (a.metadata.name < b.metadata.name ? -1 : 1);
}

/** Larger first; equal sizes newer first (k/k: ReplicaSetsBySizeNewer). */
export function bySizeNewer(a: Stored<ReplicaSet>, b: Stored<ReplicaSet>): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** Larger first; equal sizes older first (k/k: ReplicaSetsBySizeOlder). */
export function bySizeOlder(a: Stored<ReplicaSet>, b: Stored<ReplicaSet>): number {
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

/**
 * scale: a copy of a Deployment or ReplicaSet for a sync to change (k/k: `DeepCopy` before a
 * change): new where a sync writes in place — the top level, the metadata and its annotations
 * (the revision and replica annotations) and, with `spec`, the spec's top level (a ReplicaSet's
 * replicas and minReadySeconds) —, the original's own objects everywhere else. Those are the
 * informer's frozen ones (a write into them would throw), which a sync only reads and sends:
 * the API server copies what it keeps of a request's body. A Deployment's template is the
 * largest part, and a deep copy on each of its syncs (one per change of its ReplicaSets) cost
 * more than the rest of the sync.
 */
export function workingCopy<T extends Stored<Deployment> | Stored<ReplicaSet>>(
  obj: T,
  spec = false,
): T {
  const out = { ...obj };
  const annotations = obj.metadata.annotations;
  out.metadata = annotations
    ? { ...obj.metadata, annotations: { ...annotations } }
    : { ...obj.metadata };
  if (spec && obj.spec) out.spec = { ...obj.spec } as T['spec'];
  return out;
}

/** Compare two pod templates ignoring the pod-template-hash label (k/k: EqualIgnoreHash). */
export function equalIgnoreHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  return templateKey(a) === templateKey(b);
}

/**
 * Keys of frozen (informer) templates: a ReplicaSet's template is compared with its Deployment's
 * on every sync (the Deployment's working copy shares its cached template, see workingCopy). Keyed per template, so a few thousand entries at most (not per pod).
 */
const templateKeys = new WeakMap<object, string>();

/** A template's stable JSON without the pod-template-hash label (and without labels left empty). */
function templateKey(t: PodTemplateSpec | undefined): string {
  if (!t) return '{}';
  const hit = templateKeys.get(t);
  if (hit !== undefined) return hit;
  const labels = t.metadata?.labels;
  let key: string;
  if (!labels) key = stableJson(t);
  else {
    // Shallow copies: stableJson only reads, so the template itself need not be cloned.
    const rest: Record<string, string> = {};
    let any = false;
    for (const k of Object.keys(labels)) {
      if (k === POD_TEMPLATE_HASH_LABEL || labels[k] === undefined) continue;
      rest[k] = labels[k];
      any = true;
    }
    const metadata: Record<string, unknown> = { ...t.metadata };
    if (any) metadata.labels = rest;
    else delete metadata.labels;
    key = stableJson({ ...t, metadata });
  }
  if (Object.isFrozen(t)) templateKeys.set(t, key);
  return key;
}

/** The oldest ReplicaSet whose template is the Deployment's (k/k: FindNewReplicaSet). */
export function findNewReplicaSet<R extends Stored<ReplicaSet>>(
  d: Deployment,
  rss: R[],
): R | undefined {
  return [...rss]
    .sort(byCreation)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** k/k: SetReplicasAnnotations — returns whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const meta = (rs.metadata ??= {});
  const ann = (meta.annotations ??= {});
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
  const meta = (rs.metadata ??= {});
  const ann = (meta.annotations ??= {});
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
  const meta = (d.metadata ??= {});
  const ann = (meta.annotations ??= {});
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
export function findActiveOrLatest<R extends Stored<ReplicaSet>>(
  newRS: R | undefined,
  oldRSs: R[],
): R | undefined {
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
