import { clone, jsonEqual } from '../../apiserver/patch';
import { matchesLabelSelector } from '../../api/labels';
import type { Component } from '../../component';
import type { Deployment, OwnerReference, Pod, ReplicaSet } from '../../api/types';
import type { Informer } from '../../client/informer';
import { controllerOf, newControllerRef } from '../controllerUtils';
import { rolloutRecreate, rolloutRolling } from './strategy';
import {
  checkPausedConditions,
  isScalingEvent,
  syncScale,
  syncStatusOnly,
  type Done,
  type SyncCtx,
} from './sync';
import { OwnerIndex } from '../ownerIndex';
import { claimObjects } from '../refManager';
import { SyncController } from '../syncController';

/**
 * The Deployment controller (k/k: pkg/controller/deployment): owns ReplicaSets named
 * `<deployment>-<pod-template-hash>`, rolls a new template out with RollingUpdate (maxSurge /
 * maxUnavailable) or Recreate, resizes proportionally, keeps revisionHistoryLimit old
 * ReplicaSets, honours `spec.paused`, and reports status with the Available and Progressing
 * conditions. A template changed back to an old one reuses that ReplicaSet (a rollback).
 * This file is k/k deployment_controller.go (event handlers, syncDeployment); one sync's steps
 * are in ./sync and ./strategy.
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
      delete: (rs) => this.enqueueRef(rs.metadata.namespace!, controllerOf(rs)),
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
    const ctx: SyncCtx = {
      client: this.client,
      clock: this.clock,
      recorder: this.recorder,
      rsInf: this.rsInf,
      podIndex: this.podIndex,
      d: clone(cached),
      rs: new Map(),
    };
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
        if (d.metadata?.deletionTimestamp) return syncStatusOnly(ctx, fail);
        checkPausedConditions(ctx, (err) => {
          if (err) return done({ error: err });
          if (ctx.d.spec?.paused || isScalingEvent(ctx)) return syncScale(ctx, fail);
          if (ctx.d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(ctx, done);
          rolloutRolling(ctx, done);
        });
      },
    );
  }
}
