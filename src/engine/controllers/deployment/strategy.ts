/**
 * The two Deployment strategies, after k/k: pkg/controller/deployment/rolling.go (rolloutRolling)
 * and recreate.go (rolloutRecreate), with progress.go's syncRolloutStatus that ends both.
 */
import { jsonEqual } from '../../apiserver/patch';
import type { ReplicaSet } from '../../api/types';
import {
  oldPodsRunning,
  planNewReplicaSet,
  planOldReplicaSets,
  planRecreateScaleDown,
  rolloutStatus,
  stuckRequeueMs,
} from './rollout';
import { deploymentComplete, serializeStatus } from './status';
import {
  cleanup,
  getNewReplicaSet,
  podMap,
  runOps,
  scaleReplicaSet,
  writeStatus,
  type Done,
  type SyncCtx,
} from './sync';
import { activeReplicaSets, replicasOf } from './util';

/** k/k: rolloutRolling — scale up the new ReplicaSet, else scale down old ones, then status. */
export function rolloutRolling(ctx: SyncCtx, done: Done): void {
  getNewReplicaSet(ctx, true, (newRS, olds, err) => {
    if (err || !newRS) return done({ error: err ?? 'no new replica set' });
    const all = [...olds, newRS];
    const finish = (e?: string) =>
      e ? done({ error: e }) : syncRolloutStatus(ctx, all, newRS, done);
    const up = planNewReplicaSet(all, newRS, ctx.d);
    const scaleDownOrCleanup = () => {
      const ops = planOldReplicaSets(all, activeReplicaSets(olds), newRS, ctx.d);
      runOps(ctx, ops, (scaledDown, e2) => {
        if (e2 || scaledDown) return finish(e2);
        if (deploymentComplete(ctx.d, ctx.d.status ?? {})) return cleanup(ctx, olds, finish);
        finish();
      });
    };
    if (up === undefined) return scaleDownOrCleanup();
    scaleReplicaSet(ctx, { rs: newRS, replicas: up }, (scaledUp, e) =>
      e || scaledUp ? finish(e) : scaleDownOrCleanup(),
    );
  });
}

/** k/k: rolloutRecreate — old ReplicaSets to 0, wait for their pods to go, then the new one up. */
export function rolloutRecreate(ctx: SyncCtx, done: Done): void {
  getNewReplicaSet(ctx, false, (newRS, olds, err) => {
    if (err) return done({ error: err });
    const all = [...olds, newRS];
    runOps(ctx, planRecreateScaleDown(olds), (scaledDown, e) => {
      if (e) return done({ error: e });
      if (scaledDown || oldPodsRunning(newRS, olds, podMap(ctx)))
        return syncRolloutStatus(ctx, all, newRS, done);
      const scaleUp = (rs: ReplicaSet, olds2: ReplicaSet[]) => {
        const all2 = [...olds2, rs];
        scaleReplicaSet(ctx, { rs, replicas: replicasOf(ctx.d) }, (_s, e3) => {
          if (e3) return done({ error: e3 });
          const status = () => syncRolloutStatus(ctx, all2, rs, done);
          if (deploymentComplete(ctx.d, ctx.d.status ?? {}))
            return cleanup(ctx, olds2, (e4) => (e4 ? done({ error: e4 }) : status()));
          status();
        });
      };
      if (newRS) return scaleUp(newRS, olds);
      getNewReplicaSet(ctx, true, (created, olds2, e2) => {
        if (e2 || !created) return done({ error: e2 ?? 'no new replica set' });
        scaleUp(created, olds2);
      });
    });
  });
}

/** k/k: syncRolloutStatus — counts, Available, and Progressing with its deadline. */
function syncRolloutStatus(
  ctx: SyncCtx,
  all: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  done: Done,
): void {
  const d = ctx.d;
  const status = rolloutStatus(d, all, newRS, ctx.clock.now, ctx.clock.timestamp());
  if (jsonEqual(serializeStatus(d.status ?? {}), serializeStatus(status))) {
    const after = stuckRequeueMs(d, status, ctx.clock.now);
    return done(after === undefined ? undefined : { requeueAfterMs: after });
  }
  writeStatus(ctx, status, (err) => done(err ? { error: err } : undefined));
}
