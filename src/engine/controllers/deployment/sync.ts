/**
 * One sync of a Deployment, after k/k: pkg/controller/deployment/sync.go: finding or creating the
 * new ReplicaSet (getNewReplicaSet), scaling ReplicaSets (scaleReplicaSet) and resizing them
 * proportionally (scale), cleaning up old ones (cleanupDeployment), the paused conditions, and
 * writing the Deployment status. The strategies are in ./strategy.
 */
import { clone, jsonEqual } from '../../apiserver/patch';
import type { Deployment, Pod, ReplicaSet } from '../../api/types';
import type { Stored } from '../../api/stored';
import type { ApiCalls } from '../../client/calls';
import type { Co } from '../../client/coroutine';
import type { EventRecorder } from '../../client/events';
import type { Informer } from '../../client/informer';
import type { Clock } from '../../sim/clock';
import { controllerOf, errorText, newControllerRef } from '../controllerUtils';
import { planCleanup, planScale, type ScaleOp } from './rollout';
import {
  calculateStatus,
  getCondition,
  hasProgressDeadline,
  newCondition,
  serializeStatus,
  setCondition,
  type DeploymentStatus,
} from './status';
import {
  activeReplicaSets,
  computeHash,
  equalIgnoreHash,
  findNewReplicaSet,
  maxRevision,
  maxSurge,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  Reasons,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  REVISION_ANNOTATION,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  workingCopy,
} from './util';
import type { OwnerIndex } from '../ownerIndex';

/**
 * One sync's working state: what it uses of the controller (API client, clock, event recorder,
 * caches), the Deployment as last written, and its ReplicaSets by name.
 */
export interface SyncCtx {
  api: ApiCalls;
  clock: Clock;
  recorder: EventRecorder;
  rsInf: Informer<ReplicaSet>;
  podIndex: OwnerIndex<Pod>;
  d: Stored<Deployment>;
  rs: Map<string, Stored<ReplicaSet>>;
}

/** The ReplicaSets of this sync. */
function listReplicaSets(ctx: SyncCtx): Stored<ReplicaSet>[] {
  return [...ctx.rs.values()];
}

/** Pods of the Deployment's ReplicaSets, by ReplicaSet uid (k/k: getPodMapForDeployment). */
export function podMap(ctx: SyncCtx): Map<string, Pod[]> {
  const map = new Map<string, Pod[]>();
  for (const rs of listReplicaSets(ctx))
    map.set(rs.metadata.uid, ctx.podIndex.ownedBy(rs.metadata.uid));
  return map;
}

// ---- writes -------------------------------------------------------------------------------

/**
 * PUT deployments/status. The Deployment status strategy keeps metadata changes too, which is
 * how the controller writes the revision annotation in the same request. Returns the error.
 */
export function* writeStatus(ctx: SyncCtx, status: DeploymentStatus): Co<string | undefined> {
  // The API server reads the body and copies what it keeps: ctx.d itself is sent.
  const body = { ...ctx.d, status: serializeStatus(status) };
  const r = yield* ctx.api.updateStatus('deployments', body);
  if (r.code !== 200) return errorText(r);
  ctx.d = workingCopy(r.body as Stored<Deployment>);
  return undefined;
}

/**
 * k/k: scaleReplicaSet — PUT the ReplicaSet with its new size and replica annotations. Returns
 * whether its size changed, and the error.
 */
export function* scaleReplicaSet(ctx: SyncCtx, op: ScaleOp): Co<[boolean, string?]> {
  const rs = ctx.rs.get(op.rs.metadata.name) ?? op.rs;
  const d = ctx.d;
  const oldScale = specReplicas(rs);
  const sizeChanged = oldScale !== op.replicas;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeChanged && (!op.force || !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)))
    return [false];
  const next = workingCopy(rs, true);
  next.spec!.replicas = op.replicas;
  setReplicasAnnotations(next, replicasOf(d), max);
  const r = yield* ctx.api.update('replicasets', next);
  if (r.code !== 200) return [false, errorText(r)];
  const updated = r.body as Stored<ReplicaSet>;
  ctx.rs.set(updated.metadata.name, updated);
  if (sizeChanged) {
    const dir = oldScale < op.replicas ? 'up' : 'down';
    // k/k v1.31 sync.go: "Scaled %s replica set %s from %d to %d".
    ctx.recorder.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${dir} replica set ${updated.metadata.name} from ${oldScale} to ${op.replicas}`,
    );
  }
  return [sizeChanged];
}

/** Sets the Progressing condition in `status`, stamped with the current time. */
function setProgressing(
  ctx: SyncCtx,
  status: DeploymentStatus,
  conditionStatus: 'True' | 'False',
  reason: string,
  message: string,
): void {
  setCondition(
    status,
    newCondition('Progressing', conditionStatus, reason, message, ctx.clock.timestamp()),
  );
}

/** Run scale operations one after another; stop at the first error. Whether any size changed. */
export function* runOps(ctx: SyncCtx, ops: ScaleOp[]): Co<[boolean, string?]> {
  let any = false;
  for (const op of ops) {
    const [scaled, err] = yield* scaleReplicaSet(ctx, op);
    if (err) return [any, err];
    any ||= scaled;
  }
  return [any];
}

// ---- the new ReplicaSet -------------------------------------------------------------------

/** The new ReplicaSet (if any), the old ones, and the error of a getNewReplicaSet. */
export type NewAndOld = [Stored<ReplicaSet> | undefined, Stored<ReplicaSet>[], string?];

/**
 * k/k: getAllReplicaSetsAndSyncRevision + getNewReplicaSet — find the ReplicaSet whose
 * template is the Deployment's (raising its revision above the old ones), or create it.
 */
export function* getNewReplicaSet(ctx: SyncCtx, create: boolean): Co<NewAndOld> {
  const d = ctx.d;
  const all = listReplicaSets(ctx);
  const existing = findNewReplicaSet(d, all);
  const olds = all.filter((rs) => rs !== existing);
  const newRevision = maxRevision(olds) + 1;
  if (existing) {
    const copy = workingCopy(existing, true);
    const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
      copy.spec!.minReadySeconds = minReady || undefined;
      const r = yield* ctx.api.update('replicasets', copy);
      if (r.code !== 200) return [undefined, olds, errorText(r)];
      const updated = r.body as Stored<ReplicaSet>;
      ctx.rs.set(updated.metadata.name, updated);
      return [updated, olds];
    }
    let needsUpdate = setDeploymentRevision(
      d,
      copy.metadata?.annotations?.[REVISION_ANNOTATION] ?? String(newRevision),
    );
    // setProgressing replaces the conditions list, and changes no condition in place.
    const status: DeploymentStatus = { ...d.status };
    if (hasProgressDeadline(d) && !getCondition(status, 'Progressing')) {
      setProgressing(
        ctx,
        status,
        'True',
        Reasons.FoundNewRS,
        `Found new replica set "${copy.metadata.name}"`,
      );
      needsUpdate = true;
    }
    if (!needsUpdate) return [existing, olds];
    return [existing, olds, yield* writeStatus(ctx, status)];
  }
  if (!create) return [undefined, olds];
  const template = clone(d.spec!.template!);
  const hash = computeHash(d.spec!.template, d.status?.collisionCount);
  template.metadata = template.metadata ?? {};
  template.metadata.labels = {
    ...(template.metadata.labels ?? {}),
    [POD_TEMPLATE_HASH_LABEL]: hash,
  };
  const selector = clone(d.spec!.selector!);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      labels: template.metadata.labels,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec?.minReadySeconds) rs.spec!.minReadySeconds = d.spec.minReadySeconds;
  const replicas = newRSNewReplicas(d, [...olds, rs], rs);
  rs.spec!.replicas = replicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  const ns = d.metadata.namespace!;
  const r = yield* ctx.api.create('replicasets', ns, rs);
  let created = r.body as Stored<ReplicaSet>;
  let alreadyExists = r.code === 200;
  if (r.code === 409) {
    // A slow cache (the cache may not show our own create yet: ask the API server), or a
    // hash collision: the same name with another template, which bumps collisionCount.
    const ours = (found: Stored<ReplicaSet> | undefined): found is Stored<ReplicaSet> =>
      !!found &&
      controllerOf(found)?.uid === d.metadata?.uid &&
      equalIgnoreHash(d.spec?.template, found.spec?.template);
    const cachedRS = ctx.rsInf.get(`${ns}/${name}`);
    if (ours(cachedRS)) created = cachedRS;
    else {
      const g = yield* ctx.api.get('replicasets', ns, name);
      const live = g.body as Stored<ReplicaSet>;
      if (g.code !== 200 || !ours(live)) {
        const status: DeploymentStatus = clone(d.status ?? {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        yield* writeStatus(ctx, status);
        return [undefined, olds, errorText(r)];
      }
      created = live;
    }
    alreadyExists = true;
  } else if (r.code !== 201 && r.code !== 200) {
    const msg = `Failed to create new replica set "${name}": ${errorText(r)}`;
    ctx.recorder.event(d, 'Warning', Reasons.FailedRSCreate, msg);
    if (!hasProgressDeadline(d)) return [undefined, olds, msg];
    const status: DeploymentStatus = clone(d.status ?? {});
    setProgressing(ctx, status, 'False', Reasons.FailedRSCreate, msg);
    yield* writeStatus(ctx, status);
    return [undefined, olds, msg];
  }
  ctx.rs.set(created.metadata.name, created);
  if (!alreadyExists && replicas > 0) {
    ctx.recorder.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
    );
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  const status: DeploymentStatus = clone(d.status ?? {});
  if (!alreadyExists && hasProgressDeadline(d)) {
    setProgressing(
      ctx,
      status,
      'True',
      Reasons.NewReplicaSet,
      `Created new replica set "${created.metadata.name}"`,
    );
    needsUpdate = true;
  }
  if (!needsUpdate) return [created, olds];
  return [created, olds, yield* writeStatus(ctx, status)];
}

/** k/k: isScalingEvent — an active ReplicaSet was sized for another replica count. */
export function isScalingEvent(ctx: SyncCtx): boolean {
  const want = String(replicasOf(ctx.d));
  return activeReplicaSets(listReplicaSets(ctx)).some((rs) => {
    const desired = rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'];
    return desired !== undefined && desired !== want;
  });
}

/** k/k: sync — resize (proportionally during a rollout); paused Deployments also clean up. */
export function* syncScale(ctx: SyncCtx): Co<string | undefined> {
  const [newRS, olds, err] = yield* getNewReplicaSet(ctx, false);
  if (err) return err;
  const [, scaleErr] = yield* runOps(ctx, planScale(ctx.d, newRS, olds));
  if (scaleErr) return scaleErr;
  if (ctx.d.spec?.paused) {
    const cleanupErr = yield* cleanup(ctx, olds);
    if (cleanupErr) return cleanupErr;
  }
  return yield* syncDeploymentStatus(ctx, [...olds, newRS], newRS);
}

/** k/k: syncStatusOnly — a Deployment being deleted only updates its status. */
export function* syncStatusOnly(ctx: SyncCtx): Co<string | undefined> {
  const [newRS, olds, err] = yield* getNewReplicaSet(ctx, false);
  if (err) return err;
  return yield* syncDeploymentStatus(ctx, [...olds, newRS], newRS);
}

/** k/k: cleanupDeployment — delete old ReplicaSets beyond revisionHistoryLimit, one by one. */
export function* cleanup(ctx: SyncCtx, olds: Stored<ReplicaSet>[]): Co<string | undefined> {
  const victims = planCleanup(
    olds.map((rs) => ctx.rs.get(rs.metadata.name) ?? rs),
    ctx.d,
  );
  for (const rs of victims) {
    const m = rs.metadata;
    const r = yield* ctx.api.delete('replicasets', m.namespace, m.name!);
    if (r.code !== 200 && r.code !== 404) return errorText(r);
  }
  return undefined;
}

/** k/k: checkPausedConditions — Progressing Unknown with DeploymentPaused / DeploymentResumed. */
export function* checkPausedConditions(ctx: SyncCtx): Co<string | undefined> {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return undefined;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reasons.TimedOut) return undefined;
  const pausedExists = cond?.reason === Reasons.Paused;
  const status: DeploymentStatus = clone(d.status ?? {});
  const ts = ctx.clock.timestamp();
  if (d.spec?.paused && !pausedExists)
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', Reasons.Paused, 'Deployment is paused', ts),
    );
  else if (!d.spec?.paused && pausedExists)
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', Reasons.Resumed, 'Deployment is resumed', ts),
    );
  else return undefined;
  return yield* writeStatus(ctx, status);
}

/** k/k: syncDeploymentStatus — counts and Available only. */
function* syncDeploymentStatus(
  ctx: SyncCtx,
  all: (Stored<ReplicaSet> | undefined)[],
  newRS: Stored<ReplicaSet> | undefined,
): Co<string | undefined> {
  const status = calculateStatus(all, newRS, ctx.d, ctx.clock.timestamp());
  if (jsonEqual(serializeStatus(ctx.d.status ?? {}), serializeStatus(status))) return undefined;
  return yield* writeStatus(ctx, status);
}
