/**
 * The Deployment controller's decisions, as pure planners over the cached ReplicaSets
 * (k/k: pkg/controller/deployment/{rolling,recreate,sync}.go). Each returns the scale
 * operations the controller then performs one by one, recording a `ScalingReplicaSet` event for
 * each size change.
 */
import type { Deployment, Pod, ReplicaSet } from '../../api/types';
import type { Stored } from '../../api/stored';
import { parseTime } from '../controllerUtils';
import {
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
  type DeploymentStatus,
} from './status';
import {
  activeReplicaSets,
  availableReplicaCount,
  byCreation,
  bySizeNewer,
  bySizeOlder,
  findActiveOrLatest,
  getProportion,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  Reasons,
  replicaCount,
  replicasOf,
  revisionOf,
  specReplicas,
} from './util';

/** Set `rs` to `replicas`; `force` also refreshes the desired/max annotations at an unchanged size. */
export interface ScaleOp {
  rs: Stored<ReplicaSet>;
  replicas: number;
  force?: boolean;
}

/** k/k: reconcileNewReplicaSet — the new ReplicaSet's next size, or undefined to leave it. */
export function planNewReplicaSet(
  allRSs: Stored<ReplicaSet>[],
  newRS: Stored<ReplicaSet>,
  d: Deployment,
): number | undefined {
  const want = replicasOf(d);
  if (specReplicas(newRS) === want) return undefined;
  if (specReplicas(newRS) > want) return want;
  const n = newRSNewReplicas(d, allRSs, newRS);
  return n === specReplicas(newRS) ? undefined : n;
}

/**
 * k/k: reconcileOldReplicaSets — scale old ReplicaSets down as far as maxUnavailable allows:
 * first their unhealthy replicas (cleanupUnhealthyReplicas), then available ones
 * (scaleDownOldReplicaSetsForRollingUpdate), oldest ReplicaSet first.
 */
export function planOldReplicaSets(
  allRSs: Stored<ReplicaSet>[],
  oldRSs: Stored<ReplicaSet>[],
  newRS: Stored<ReplicaSet>,
  d: Deployment,
): ScaleOp[] {
  if (replicaCount(oldRSs) === 0) return [];
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const ops: ScaleOp[] = [];
  const olds = [...oldRSs].sort(byCreation).map((rs) => ({ rs, replicas: specReplicas(rs) }));
  let cleaned = 0;
  for (const o of olds) {
    if (cleaned >= maxScaledDown) break;
    const available = o.rs.status?.availableReplicas ?? 0;
    if (o.replicas === 0 || o.replicas === available) continue;
    const down = Math.min(maxScaledDown - cleaned, o.replicas - available);
    o.replicas -= down;
    cleaned += down;
    ops.push({ rs: o.rs, replicas: o.replicas });
  }
  // Scale down available replicas while keeping minAvailable.
  const available = availableReplicaCount([...oldRSs, newRS]);
  if (available <= minAvailable) return ops;
  const total = available - minAvailable;
  let scaled = 0;
  for (const o of olds) {
    if (scaled >= total) break;
    if (o.replicas === 0) continue;
    const down = Math.min(o.replicas, total - scaled);
    o.replicas -= down;
    scaled += down;
    ops.push({ rs: o.rs, replicas: o.replicas });
  }
  return ops;
}

/**
 * k/k: DeploymentController.scale — a resize while a rollout may be in progress: one active
 * ReplicaSet takes the new size; a saturated new one makes old ones 0; otherwise the extra (or
 * missing) replicas are spread over the active ReplicaSets in proportion to their size.
 */
export function planScale(
  d: Deployment,
  newRS: Stored<ReplicaSet> | undefined,
  oldRSs: Stored<ReplicaSet>[],
): ScaleOp[] {
  const one = findActiveOrLatest(newRS, oldRSs);
  if (one) return specReplicas(one) === replicasOf(d) ? [] : [{ rs: one, replicas: replicasOf(d) }];
  if (isSaturated(d, newRS)) return activeReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 }));
  if (!isRollingUpdate(d)) return [];
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const p = getProportion(rs, d, toAdd, added);
    added += p;
    return specReplicas(rs) + p;
  });
  // Leftovers go to the largest ReplicaSet.
  if (all.length && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  return all.map((rs, i) => ({ rs, replicas: sizes[i], force: true }));
}

/** k/k: scaleDownOldReplicaSetsForRecreate — every active old ReplicaSet to 0. */
export function planRecreateScaleDown(oldRSs: Stored<ReplicaSet>[]): ScaleOp[] {
  return activeReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 }));
}

/**
 * k/k: oldPodsRunning — Recreate waits until no old ReplicaSet reports replicas and no pod of
 * an old ReplicaSet is left in a non-terminal phase (terminating pods still count).
 */
export function oldPodsRunning(
  newRS: Stored<ReplicaSet> | undefined,
  oldRSs: Stored<ReplicaSet>[],
  podMap: Map<string, Pod[]>,
): boolean {
  if (oldRSs.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    for (const p of pods) {
      const phase = p.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') return true;
    }
  }
  return false;
}

/**
 * k/k: cleanupDeployment — delete the oldest ReplicaSets beyond revisionHistoryLimit, but only
 * ones scaled to 0 with no pods and fully observed.
 */
export function planCleanup(oldRSs: Stored<ReplicaSet>[], d: Deployment): Stored<ReplicaSet>[] {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return [];
  const sorted = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const out: Stored<ReplicaSet>[] = [];
  for (const rs of sorted.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
    if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    out.push(rs);
  }
  return out;
}

/**
 * k/k: syncRolloutStatus — the status a rollout reports: counts, Available, and Progressing
 * (NewReplicaSetAvailable when complete, ReplicaSetUpdated while counts move,
 * ProgressDeadlineExceeded after progressDeadlineSeconds without progress).
 */
export function rolloutStatus(
  d: Stored<Deployment>,
  all: (Stored<ReplicaSet> | undefined)[],
  newRS: Stored<ReplicaSet> | undefined,
  nowMs: number,
  ts: string,
): DeploymentStatus {
  const status = progressStatus(d, all, newRS, nowMs, ts);
  // quota: k/k getReplicaFailures — the new ReplicaSet's ReplicaFailure (else an old one's)
  // becomes the Deployment's, so a create refused by a quota shows on the Deployment too.
  const failure = [newRS, ...all]
    .flatMap((rs) => rs?.status?.conditions ?? [])
    .find((c) => c.type === 'ReplicaFailure');
  if (failure)
    setCondition(status, {
      type: 'ReplicaFailure',
      status: failure.status,
      lastUpdateTime: failure.lastTransitionTime,
      lastTransitionTime: failure.lastTransitionTime,
      reason: failure.reason,
      message: failure.message,
    });
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

/** syncRolloutStatus up to the replica failures: counts, Available and Progressing. */
function progressStatus(
  d: Stored<Deployment>,
  all: (Stored<ReplicaSet> | undefined)[],
  newRS: Stored<ReplicaSet> | undefined,
  nowMs: number,
  ts: string,
): DeploymentStatus {
  const status = calculateStatus(all, newRS, d, ts);
  if (!hasProgressDeadline(d)) {
    removeCondition(status, 'Progressing');
    return status;
  }
  const cur = getCondition(d.status, 'Progressing');
  if (status.replicas === status.updatedReplicas && cur?.reason === Reasons.NewRSAvailable)
    return status;
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deploymentComplete(d, status)) {
    const msg = `${subject} has successfully progressed.`;
    setCondition(status, newCondition('Progressing', 'True', Reasons.NewRSAvailable, msg, ts));
  } else if (deploymentProgressing(d, status)) {
    const c = newCondition(
      'Progressing',
      'True',
      Reasons.ReplicaSetUpdated,
      `${subject} is progressing.`,
      ts,
    );
    // Everything but lastTransitionTime moves while it stays True.
    if (cur) {
      if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(status, 'Progressing');
    }
    setCondition(status, c);
  } else if (deploymentTimedOut(d, status, nowMs)) {
    const msg = `${subject} has timed out progressing.`;
    setCondition(status, newCondition('Progressing', 'False', Reasons.TimedOut, msg, ts));
  }
  return status;
}

/**
 * k/k: requeueStuckDeployment — when nothing changed, look again as the progress deadline
 * passes (plus a second of skew), or never when complete or already timed out.
 */
export function stuckRequeueMs(
  d: Deployment,
  status: DeploymentStatus,
  nowMs: number,
): number | undefined {
  const cur = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cur) return undefined;
  if (deploymentComplete(d, status) || cur.reason === Reasons.TimedOut) return undefined;
  const after =
    (parseTime(cur.lastUpdateTime) ?? 0) + d.spec!.progressDeadlineSeconds! * 1000 - nowMs;
  return Math.max(after + 1000, 1000);
}
