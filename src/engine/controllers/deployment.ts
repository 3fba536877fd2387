import { clone, jsonEqual } from '../apiserver/patch';
import { matchesLabelSelector } from '../api/labels';
import type { Component } from '../component';
import type { Deployment, OwnerReference, Pod, ReplicaSet } from '../api/types';
import type { Informer } from '../client/informer';
import { controllerOf, errorText, newControllerRef } from './controllerUtils';
import {
  activeReplicaSets,
  calculateStatus,
  computeHash,
  deploymentComplete,
  equalIgnoreHash,
  findNewReplicaSet,
  getCondition,
  hasProgressDeadline,
  maxRevision,
  maxSurge,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  Reasons,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  REVISION_ANNOTATION,
  serializeStatus,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  type DeploymentStatus,
} from './deploymentUtil';
import {
  oldPodsRunning,
  planCleanup,
  planNewReplicaSet,
  planOldReplicaSets,
  planRecreateScaleDown,
  planScale,
  rolloutStatus,
  stuckRequeueMs,
  type ScaleOp,
} from './deploymentRollout';
import { OwnerIndex } from './ownerIndex';
import { claimObjects } from './refManager';
import { SyncController, type SyncResult } from './syncController';

type Done = (result?: SyncResult) => void;
type Cb = (err?: string) => void;

/** One sync's working state: the Deployment as last written, and ReplicaSets by name. */
interface SyncCtx {
  d: Deployment;
  rs: Map<string, ReplicaSet>;
}

/**
 * The Deployment controller (k/k: pkg/controller/deployment): owns ReplicaSets named
 * `<deployment>-<pod-template-hash>`, rolls a new template out with RollingUpdate (maxSurge /
 * maxUnavailable) or Recreate, resizes proportionally, keeps revisionHistoryLimit old
 * ReplicaSets, honours `spec.paused`, and reports status with the Available and Progressing
 * conditions. A template changed back to an old one reuses that ReplicaSet (a rollback).
 */
export class DeploymentController extends SyncController {
  private dInf!: Informer<Deployment>;
  private rsInf!: Informer<ReplicaSet>;
  private podInf!: Informer<Pod>;
  private rsIndex!: OwnerIndex<ReplicaSet>;
  private podIndex!: OwnerIndex<Pod>;

  constructor(manager: Component) {
    super(manager, 'deployment', 'deployment-controller');
  }

  setup(): void {
    this.resetSyncs();
    this.dInf = this.informers.informer<Deployment>('deployments');
    this.rsInf = this.informers.informer<ReplicaSet>('replicasets');
    this.podInf = this.informers.informer<Pod>('pods');
    this.rsIndex = new OwnerIndex(this.rsInf);
    this.podIndex = new OwnerIndex(this.podInf);
    this.dInf.on({
      add: (d) => this.enqueue(d),
      update: (_o, d) => this.enqueue(d),
      delete: (d) => this.enqueue(d),
    });
    this.rsInf.on({
      add: (rs) => this.rsChanged(undefined, rs),
      update: (old, rs) => this.rsChanged(old, rs),
      delete: (rs) => this.enqueueRef(rs.metadata!.namespace!, controllerOf(rs)),
    });
    this.podInf.on({ delete: (pod) => this.podDeleted(pod) });
  }

  private resolve(ns: string, ref: OwnerReference | undefined): Deployment | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInf.get(`${ns}/${ref.name}`);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  private enqueueRef(ns: string, ref: OwnerReference | undefined): void {
    const d = this.resolve(ns, ref);
    if (d) this.enqueue(d);
  }

  /** k/k: addReplicaSet / updateReplicaSet — the owner, or every Deployment that may adopt it. */
  private rsChanged(old: ReplicaSet | undefined, rs: ReplicaSet): void {
    if (old && old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const ns = rs.metadata!.namespace!;
    const ref = controllerOf(rs);
    const oldRef = old && controllerOf(old);
    if (oldRef && oldRef.uid !== ref?.uid) this.enqueueRef(ns, oldRef);
    if (ref) return this.enqueueRef(ns, ref);
    if (old && jsonEqual(old.metadata?.labels ?? {}, rs.metadata?.labels ?? {}) && !oldRef) return;
    for (const d of this.dInf.list()) {
      if (
        d.metadata?.namespace === ns &&
        matchesLabelSelector(rs.metadata?.labels, d.spec?.selector)
      )
        this.enqueue(d);
    }
  }

  /** k/k: deletePod — a Recreate rollout waits for the last old pod to go. */
  private podDeleted(pod: Pod): void {
    const ns = pod.metadata!.namespace!;
    const rsRef = controllerOf(pod);
    if (rsRef?.kind !== 'ReplicaSet') return;
    const rs = this.rsInf.get(`${ns}/${rsRef.name}`);
    const d = rs && this.resolve(ns, controllerOf(rs));
    if (d && d.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }

  protected sync(key: string, done: Done): void {
    if (!this.synced(this.dInf, this.rsInf, this.podInf)) return done({ requeueAfterMs: 100 });
    const cached = this.dInf.get(key);
    if (!cached) return done();
    const ctx: SyncCtx = { d: clone(cached), rs: new Map() };
    const d = ctx.d;
    const sel = d.spec?.selector;
    if (!sel || (!sel.matchLabels && !sel.matchExpressions?.length)) {
      this.recorder.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      return done();
    }
    const ns = d.metadata!.namespace!;
    claimObjects<ReplicaSet>(
      {
        client: this.client,
        resource: 'replicasets',
        owner: d,
        ref: newControllerRef(d, 'apps/v1', 'Deployment'),
        matches: (rs) => matchesLabelSelector(rs.metadata?.labels, sel),
        candidates: this.rsIndex.candidates(d.metadata!.uid, ns),
      },
      (rsList) => {
        for (const rs of rsList) ctx.rs.set(rs.metadata!.name!, rs);
        const fail = (err?: string) => (err ? done({ error: err }) : done());
        if (d.metadata?.deletionTimestamp) return this.syncStatusOnly(ctx, fail);
        this.checkPausedConditions(ctx, (err) => {
          if (err) return done({ error: err });
          if (ctx.d.spec?.paused || this.isScalingEvent(ctx)) return this.syncScale(ctx, fail);
          if (ctx.d.spec?.strategy?.type === 'Recreate') return this.rolloutRecreate(ctx, done);
          this.rolloutRolling(ctx, done);
        });
      },
    );
  }

  private list(ctx: SyncCtx): ReplicaSet[] {
    return [...ctx.rs.values()];
  }

  /** Pods of the Deployment's ReplicaSets, by ReplicaSet uid (k/k: getPodMapForDeployment). */
  private podMap(ctx: SyncCtx): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>();
    for (const rs of this.list(ctx))
      map.set(rs.metadata!.uid!, this.podIndex.ownedBy(rs.metadata!.uid));
    return map;
  }

  // ---- writes -------------------------------------------------------------------------------

  /**
   * PUT deployments/status. The Deployment status strategy keeps metadata changes too, which is
   * how the controller writes the revision annotation in the same request.
   */
  private writeStatus(ctx: SyncCtx, status: DeploymentStatus, cb: Cb): void {
    const body = { ...clone(ctx.d), status: serializeStatus(status) };
    this.client.updateStatus('deployments', body, (r) => {
      if (r.code !== 200) return cb(errorText(r));
      ctx.d = clone(r.body as Deployment);
      cb();
    });
  }

  /** k/k: scaleReplicaSet — PUT the ReplicaSet with its new size and replica annotations. */
  private scaleReplicaSet(
    ctx: SyncCtx,
    op: ScaleOp,
    cb: (scaled: boolean, err?: string) => void,
  ): void {
    const rs = ctx.rs.get(op.rs.metadata!.name!) ?? op.rs;
    const d = ctx.d;
    const oldScale = specReplicas(rs);
    const sizeChanged = oldScale !== op.replicas;
    const max = replicasOf(d) + maxSurge(d);
    if (!sizeChanged && (!op.force || !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)))
      return cb(false);
    const next = clone(rs);
    next.spec!.replicas = op.replicas;
    setReplicasAnnotations(next, replicasOf(d), max);
    this.client.update('replicasets', next, (r) => {
      if (r.code !== 200) return cb(false, errorText(r));
      const updated = r.body as ReplicaSet;
      ctx.rs.set(updated.metadata!.name!, updated);
      if (sizeChanged) {
        const dir = oldScale < op.replicas ? 'up' : 'down';
        // k/k v1.31 sync.go: "Scaled %s replica set %s from %d to %d".
        this.recorder.event(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled ${dir} replica set ${updated.metadata!.name} from ${oldScale} to ${op.replicas}`,
        );
      }
      cb(sizeChanged);
    });
  }

  /** Run scale operations one after another; stop at the first error. */
  private runOps(ctx: SyncCtx, ops: ScaleOp[], cb: (scaled: boolean, err?: string) => void): void {
    let any = false;
    const next = (i: number) => {
      if (i >= ops.length) return cb(any);
      this.scaleReplicaSet(ctx, ops[i], (scaled, err) => {
        if (err) return cb(any, err);
        any ||= scaled;
        next(i + 1);
      });
    };
    next(0);
  }

  // ---- the new ReplicaSet -------------------------------------------------------------------

  /**
   * k/k: getAllReplicaSetsAndSyncRevision + getNewReplicaSet — find the ReplicaSet whose
   * template is the Deployment's (raising its revision above the old ones), or create it.
   */
  private getNewReplicaSet(
    ctx: SyncCtx,
    create: boolean,
    cb: (newRS: ReplicaSet | undefined, olds: ReplicaSet[], err?: string) => void,
  ): void {
    const d = ctx.d;
    const all = this.list(ctx);
    const existing = findNewReplicaSet(d, all);
    const olds = all.filter((rs) => rs !== existing);
    const newRevision = maxRevision(olds) + 1;
    if (existing) {
      const copy = clone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReady = d.spec?.minReadySeconds ?? 0;
      if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
        copy.spec!.minReadySeconds = minReady || undefined;
        return this.client.update('replicasets', copy, (r) => {
          if (r.code !== 200) return cb(undefined, olds, errorText(r));
          const updated = r.body as ReplicaSet;
          ctx.rs.set(updated.metadata!.name!, updated);
          cb(updated, olds);
        });
      }
      let needsUpdate = setDeploymentRevision(
        d,
        copy.metadata?.annotations?.[REVISION_ANNOTATION] ?? String(newRevision),
      );
      const status: DeploymentStatus = clone(d.status ?? {});
      if (hasProgressDeadline(d) && !getCondition(status, 'Progressing')) {
        setCondition(
          status,
          newCondition(
            'Progressing',
            'True',
            Reasons.FoundNewRS,
            `Found new replica set "${copy.metadata!.name}"`,
            this.clock.timestamp(),
          ),
        );
        needsUpdate = true;
      }
      if (!needsUpdate) return cb(existing, olds);
      return this.writeStatus(ctx, status, (err) => cb(existing, olds, err));
    }
    if (!create) return cb(undefined, olds);
    const template = clone(d.spec!.template!);
    const hash = computeHash(d.spec!.template, d.status?.collisionCount);
    template.metadata = template.metadata ?? {};
    template.metadata.labels = {
      ...(template.metadata.labels ?? {}),
      [POD_TEMPLATE_HASH_LABEL]: hash,
    };
    const selector = clone(d.spec!.selector!);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata!.name}-${hash}`,
        namespace: d.metadata!.namespace,
        labels: template.metadata.labels,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: 0, selector, template },
    };
    if (d.spec?.minReadySeconds) rs.spec!.minReadySeconds = d.spec.minReadySeconds;
    const replicas = newRSNewReplicas(d, [...olds, rs], rs);
    rs.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    const ns = d.metadata!.namespace!;
    const ours = (found: ReplicaSet | undefined): found is ReplicaSet =>
      !!found &&
      controllerOf(found)?.uid === d.metadata?.uid &&
      equalIgnoreHash(d.spec?.template, found.spec?.template);
    const afterCreate = (code: number, created: ReplicaSet, err: string) => {
      const alreadyExists = code === 200;
      if (code !== 201 && code !== 200) {
        const msg = `Failed to create new replica set "${rs.metadata!.name}": ${err}`;
        this.recorder.event(d, 'Warning', Reasons.FailedRSCreate, msg);
        if (!hasProgressDeadline(d)) return cb(undefined, olds, msg);
        const status: DeploymentStatus = clone(d.status ?? {});
        setCondition(
          status,
          newCondition('Progressing', 'False', Reasons.FailedRSCreate, msg, this.clock.timestamp()),
        );
        return this.writeStatus(ctx, status, () => cb(undefined, olds, msg));
      }
      ctx.rs.set(created.metadata!.name!, created);
      if (!alreadyExists && replicas > 0) {
        this.recorder.event(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${created.metadata!.name} from 0 to ${replicas}`,
        );
      }
      let needsUpdate = setDeploymentRevision(d, String(newRevision));
      const status: DeploymentStatus = clone(d.status ?? {});
      if (!alreadyExists && hasProgressDeadline(d)) {
        setCondition(
          status,
          newCondition(
            'Progressing',
            'True',
            Reasons.NewReplicaSet,
            `Created new replica set "${created.metadata!.name}"`,
            this.clock.timestamp(),
          ),
        );
        needsUpdate = true;
      }
      if (!needsUpdate) return cb(created, olds);
      this.writeStatus(ctx, status, (e) => cb(created, olds, e));
    };
    this.client.create('replicasets', ns, rs, (r) => {
      if (r.code !== 409) return afterCreate(r.code, r.body as ReplicaSet, errorText(r));
      // A slow cache (the cache may not show our own create yet: ask the API server), or a
      // hash collision: the same name with another template, which bumps collisionCount.
      const cachedRS = this.rsInf.get(`${ns}/${rs.metadata!.name}`);
      if (ours(cachedRS)) return afterCreate(200, cachedRS, '');
      this.client.get('replicasets', ns, rs.metadata!.name!, (g) => {
        const live = g.body as ReplicaSet;
        if (g.code === 200 && ours(live)) return afterCreate(200, live, '');
        const status: DeploymentStatus = clone(d.status ?? {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        this.writeStatus(ctx, status, () => cb(undefined, olds, errorText(r)));
      });
    });
  }

  // ---- strategies ---------------------------------------------------------------------------

  /** k/k: rolloutRolling — scale up the new ReplicaSet, else scale down old ones, then status. */
  private rolloutRolling(ctx: SyncCtx, done: Done): void {
    this.getNewReplicaSet(ctx, true, (newRS, olds, err) => {
      if (err || !newRS) return done({ error: err ?? 'no new replica set' });
      const all = [...olds, newRS];
      const finish = (e?: string) =>
        e ? done({ error: e }) : this.syncRolloutStatus(ctx, all, newRS, done);
      const up = planNewReplicaSet(all, newRS, ctx.d);
      const scaleDownOrCleanup = () => {
        const ops = planOldReplicaSets(all, activeReplicaSets(olds), newRS, ctx.d);
        this.runOps(ctx, ops, (scaledDown, e2) => {
          if (e2 || scaledDown) return finish(e2);
          if (deploymentComplete(ctx.d, ctx.d.status ?? {})) return this.cleanup(ctx, olds, finish);
          finish();
        });
      };
      if (up === undefined) return scaleDownOrCleanup();
      this.scaleReplicaSet(ctx, { rs: newRS, replicas: up }, (scaledUp, e) =>
        e || scaledUp ? finish(e) : scaleDownOrCleanup(),
      );
    });
  }

  /** k/k: rolloutRecreate — old ReplicaSets to 0, wait for their pods to go, then the new one up. */
  private rolloutRecreate(ctx: SyncCtx, done: Done): void {
    this.getNewReplicaSet(ctx, false, (newRS, olds, err) => {
      if (err) return done({ error: err });
      const all = [...olds, newRS];
      this.runOps(ctx, planRecreateScaleDown(olds), (scaledDown, e) => {
        if (e) return done({ error: e });
        if (scaledDown || oldPodsRunning(newRS, olds, this.podMap(ctx)))
          return this.syncRolloutStatus(ctx, all, newRS, done);
        const scaleUp = (rs: ReplicaSet, olds2: ReplicaSet[]) => {
          const all2 = [...olds2, rs];
          this.scaleReplicaSet(ctx, { rs, replicas: replicasOf(ctx.d) }, (_s, e3) => {
            if (e3) return done({ error: e3 });
            const status = () => this.syncRolloutStatus(ctx, all2, rs, done);
            if (deploymentComplete(ctx.d, ctx.d.status ?? {}))
              return this.cleanup(ctx, olds2, (e4) => (e4 ? done({ error: e4 }) : status()));
            status();
          });
        };
        if (newRS) return scaleUp(newRS, olds);
        this.getNewReplicaSet(ctx, true, (created, olds2, e2) => {
          if (e2 || !created) return done({ error: e2 ?? 'no new replica set' });
          scaleUp(created, olds2);
        });
      });
    });
  }

  /** k/k: isScalingEvent — an active ReplicaSet was sized for another replica count. */
  private isScalingEvent(ctx: SyncCtx): boolean {
    const want = String(replicasOf(ctx.d));
    return activeReplicaSets(this.list(ctx)).some((rs) => {
      const desired = rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'];
      return desired !== undefined && desired !== want;
    });
  }

  /** k/k: sync — resize (proportionally during a rollout); paused Deployments also clean up. */
  private syncScale(ctx: SyncCtx, cb: Cb): void {
    this.getNewReplicaSet(ctx, false, (newRS, olds, err) => {
      if (err) return cb(err);
      this.runOps(ctx, planScale(ctx.d, newRS, olds), (_s, e) => {
        if (e) return cb(e);
        const status = () => this.syncDeploymentStatus(ctx, [...olds, newRS], newRS, cb);
        if (ctx.d.spec?.paused) return this.cleanup(ctx, olds, (e2) => (e2 ? cb(e2) : status()));
        status();
      });
    });
  }

  private syncStatusOnly(ctx: SyncCtx, cb: Cb): void {
    this.getNewReplicaSet(ctx, false, (newRS, olds, err) => {
      if (err) return cb(err);
      this.syncDeploymentStatus(ctx, [...olds, newRS], newRS, cb);
    });
  }

  /** k/k: cleanupDeployment — delete old ReplicaSets beyond revisionHistoryLimit. */
  private cleanup(ctx: SyncCtx, olds: ReplicaSet[], cb: Cb): void {
    const victims = planCleanup(
      olds.map((rs) => ctx.rs.get(rs.metadata!.name!) ?? rs),
      ctx.d,
    );
    const next = (i: number) => {
      if (i >= victims.length) return cb();
      const m = victims[i].metadata!;
      this.client.delete('replicasets', m.namespace, m.name!, (r) =>
        r.code === 200 || r.code === 404 ? next(i + 1) : cb(errorText(r)),
      );
    };
    next(0);
  }

  /** k/k: checkPausedConditions — Progressing Unknown with DeploymentPaused / DeploymentResumed. */
  private checkPausedConditions(ctx: SyncCtx, cb: Cb): void {
    const d = ctx.d;
    if (!hasProgressDeadline(d)) return cb();
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === Reasons.TimedOut) return cb();
    const pausedExists = cond?.reason === Reasons.Paused;
    const status: DeploymentStatus = clone(d.status ?? {});
    const ts = this.clock.timestamp();
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
    else return cb();
    this.writeStatus(ctx, status, cb);
  }

  /** k/k: syncDeploymentStatus — counts and Available only. */
  private syncDeploymentStatus(
    ctx: SyncCtx,
    all: (ReplicaSet | undefined)[],
    newRS: ReplicaSet | undefined,
    cb: Cb,
  ): void {
    const status = calculateStatus(all, newRS, ctx.d, this.clock.timestamp());
    if (jsonEqual(serializeStatus(ctx.d.status ?? {}), serializeStatus(status))) return cb();
    this.writeStatus(ctx, status, cb);
  }

  /** k/k: syncRolloutStatus — counts, Available, and Progressing with its deadline. */
  private syncRolloutStatus(
    ctx: SyncCtx,
    all: (ReplicaSet | undefined)[],
    newRS: ReplicaSet | undefined,
    done: Done,
  ): void {
    const d = ctx.d;
    const status = rolloutStatus(d, all, newRS, this.clock.now, this.clock.timestamp());
    if (jsonEqual(serializeStatus(d.status ?? {}), serializeStatus(status))) {
      const after = stuckRequeueMs(d, status, this.clock.now);
      return done(after === undefined ? undefined : { requeueAfterMs: after });
    }
    this.writeStatus(ctx, status, (err) => done(err ? { error: err } : undefined));
  }
}
