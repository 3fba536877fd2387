import { jsonEqual } from '../../apiserver/patch';
import { matchesLabelSelector } from '../../api/labels';
import type { Component } from '../../component';
import type { Deployment, OwnerReference, Pod, ReplicaSet } from '../../api/types';
import type { Co, Task } from '../../client/coroutine';
import type { Cached, Informer } from '../../client/informer';
import { controllerOf, newControllerRef } from '../controllerUtils';
import { rolloutRecreate, rolloutRolling } from './strategy';
import { workingCopy } from './util';
import {
  checkPausedConditions,
  isScalingEvent,
  syncScale,
  syncStatusOnly,
  type SyncCtx,
} from './sync';
import { OwnerIndex } from '../ownerIndex';
import { claim } from '../refManager';
import { SyncController, type SyncResult } from '../syncController';

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
    this.rsIndex = OwnerIndex.of(this.rsInf);
    this.podIndex = OwnerIndex.of(this.podInf);
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

  private resolve(ns: string, ref: OwnerReference | undefined): Cached<Deployment> | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInf.get(`${ns}/${ref.name}`);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  private enqueueRef(ns: string, ref: OwnerReference | undefined): void {
    const d = this.resolve(ns, ref);
    if (d) this.enqueue(d);
  }

  /** k/k: addReplicaSet / updateReplicaSet — the owner, or every Deployment that may adopt it. */
  private rsChanged(old: Cached<ReplicaSet> | undefined, rs: Cached<ReplicaSet>): void {
    if (old && old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const ns = rs.metadata.namespace!;
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
  private podDeleted(pod: Cached<Pod>): void {
    const ns = pod.metadata.namespace!;
    const rsRef = controllerOf(pod);
    if (rsRef?.kind !== 'ReplicaSet') return;
    const rs = this.rsInf.get(`${ns}/${rsRef.name}`);
    const d = rs && this.resolve(ns, controllerOf(rs));
    if (d && d.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncDeployment(key), done);
  }

  /**
   * k/k: syncDeployment — claim the ReplicaSets, then: a Deployment being deleted only updates
   * its status; a paused one or a scaling event resizes; otherwise its strategy rolls out.
   */
  private *syncDeployment(key: string): Co<SyncResult> {
    if (!this.synced(this.dInf, this.rsInf, this.podInf)) return { requeueAfterMs: 100 };
    const cached = this.dInf.get(key);
    if (!cached) return undefined;
    const ctx: SyncCtx = {
      api: this.api,
      clock: this.clock,
      recorder: this.recorder,
      rsInf: this.rsInf,
      podIndex: this.podIndex,
      d: workingCopy(cached),
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
      return undefined;
    }
    const rsList = yield* claim<ReplicaSet>({
      client: this.client,
      resource: 'replicasets',
      owner: d,
      ref: newControllerRef(d, 'apps/v1', 'Deployment'),
      matches: (rs) => matchesLabelSelector(rs.metadata?.labels, sel),
      candidates: this.rsIndex.candidates(cached.metadata.uid, cached.metadata.namespace!),
    });
    for (const rs of rsList) ctx.rs.set(rs.metadata.name, rs);
    if (d.metadata?.deletionTimestamp) return failed(yield* syncStatusOnly(ctx));
    const err = yield* checkPausedConditions(ctx);
    if (err) return { error: err };
    if (ctx.d.spec?.paused || isScalingEvent(ctx)) return failed(yield* syncScale(ctx));
    if (ctx.d.spec?.strategy?.type === 'Recreate') return yield* rolloutRecreate(ctx);
    return yield* rolloutRolling(ctx);
  }
}

/** A step's error as the sync's result. */
const failed = (err: string | undefined): SyncResult => (err ? { error: err } : undefined);
