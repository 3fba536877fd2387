/**
 * The two Deployment strategies, after k/k: pkg/controller/deployment/rolling.go (rolloutRolling)
 * and recreate.go (rolloutRecreate), with progress.go's syncRolloutStatus that ends both.
 */
import { jsonEqual } from '../../apiserver/patch';
import type { ReplicaSet } from '../../api/types';
import type { Stored } from '../../api/stored';
import {
  oldPodsRunning,
  planNewReplicaSet,
  planOldReplicaSets,
  planRecreateScaleDown,
  rolloutStatus,
  stuckRequeueMs,
} from './rollout';
import { deploymentComplete, serializeStatus } from './status';
import type { Co } from '../../client/coroutine';
import type { SyncResult } from '../syncController';
import {
  cleanup,
  getNewReplicaSet,
  podMap,
  runOps,
  scaleReplicaSet,
  writeStatus,
  type SyncCtx,
} from './sync';
import { activeReplicaSets, replicasOf } from './util';

/** k/k: rolloutRolling — scale up the new ReplicaSet, else scale down old ones, then status. */
export function* rolloutRolling(ctx: SyncCtx): Co<SyncResult> {
  const [newRS, olds, err] = yield* getNewReplicaSet(ctx, true);
  if (err || !newRS) return { error: err ?? 'no new replica set' };
  const all = [...olds, newRS];
  // Scale up, if we can.
  const up = planNewReplicaSet(all, newRS, ctx.d);
  if (up !== undefined) {
    const [scaledUp, upErr] = yield* scaleReplicaSet(ctx, { rs: newRS, replicas: up });
    if (upErr) return { error: upErr };
    if (scaledUp) return yield* syncRolloutStatus(ctx, all, newRS);
  }
  // Scale down, if we can.
  const downOps = planOldReplicaSets(all, activeReplicaSets(olds), newRS, ctx.d);
  const [scaledDown, downErr] = yield* runOps(ctx, downOps);
  if (downErr) return { error: downErr };
  if (scaledDown) return yield* syncRolloutStatus(ctx, all, newRS);
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) {
    const cleanupErr = yield* cleanup(ctx, olds);
    if (cleanupErr) return { error: cleanupErr };
  }
  return yield* syncRolloutStatus(ctx, all, newRS);
}

/** k/k: rolloutRecreate — old ReplicaSets to 0, wait for their pods to go, then the new one up. */
export function* rolloutRecreate(ctx: SyncCtx): Co<SyncResult> {
  let [newRS, olds, err] = yield* getNewReplicaSet(ctx, false);
  if (err) return { error: err };
  const [scaledDown, downErr] = yield* runOps(ctx, planRecreateScaleDown(olds));
  if (downErr) return { error: downErr };
  // Wait for every old pod to go before the new ones start.
  if (scaledDown || oldPodsRunning(newRS, olds, podMap(ctx)))
    return yield* syncRolloutStatus(ctx, [...olds, newRS], newRS);
  if (!newRS) {
    [newRS, olds, err] = yield* getNewReplicaSet(ctx, true);
    if (err || !newRS) return { error: err ?? 'no new replica set' };
  }
  const [, upErr] = yield* scaleReplicaSet(ctx, { rs: newRS, replicas: replicasOf(ctx.d) });
  if (upErr) return { error: upErr };
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) {
    const cleanupErr = yield* cleanup(ctx, olds);
    if (cleanupErr) return { error: cleanupErr };
  }
  return yield* syncRolloutStatus(ctx, [...olds, newRS], newRS);
}

/** k/k: syncRolloutStatus — counts, Available, and Progressing with its deadline. */
function* syncRolloutStatus(
  ctx: SyncCtx,
  all: (Stored<ReplicaSet> | undefined)[],
  newRS: Stored<ReplicaSet> | undefined,
): Co<SyncResult> {
  const d = ctx.d;
  const status = rolloutStatus(d, all, newRS, ctx.clock.now, ctx.clock.timestamp());
  if (jsonEqual(serializeStatus(d.status ?? {}), serializeStatus(status))) {
    const after = stuckRequeueMs(d, status, ctx.clock.now);
    return after === undefined ? undefined : { requeueAfterMs: after };
  }
  const err = yield* writeStatus(ctx, status);
  return err ? { error: err } : undefined;
}
