/**
 * hpa: the HorizontalPodAutoscaler controller (k/k: pkg/controller/podautoscaler/horizontal.go,
 * v1.31). Every 15 s (`--horizontal-pod-autoscaler-sync-period`) each HPA is reconciled
 * (./horizontalReconcile.ts): read the target's `scale` subresource, read the pods' usage from the
 * resource metrics API (metrics.k8s.io, served by metrics-server through the API server), compute
 * the replicas each metric wants (./replicaCalculator.ts), stabilize and limit the change, write
 * the new size through `scale`, and record status, conditions and events with the real texts.
 */
import { clone } from '../../apiserver/patch';
import type { Pod } from '../../api/types';
import type { Co, Task } from '../../client/coroutine';
import type { Informer } from '../../client/informer';
import type { Component } from '../../component';
import { SyncController, type SyncResult } from '../syncController';
import { onDemand } from '../../onDemand';
// The reconcile, the replica calculation and its normalization are loaded on demand
// (../../onDemand.ts): only a learner's HorizontalPodAutoscaler is synced.
import type { HPA } from './horizontalReconcile';
import type { Recommendation, ScaleEvent } from './normalize';

/** `--horizontal-pod-autoscaler-sync-period`. */
export const HPA_SYNC_PERIOD_MS = 15_000;

export class HorizontalController extends SyncController {
  private hpas!: Informer<HPA>;
  private pods!: Informer<Pod>;
  /** Recent recommendations and scale events, per HPA (the controller's memory, not in etcd). */
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(manager: Component) {
    super(manager, 'horizontalpodautoscaling', 'horizontal-pod-autoscaler');
  }

  setup(): void {
    this.resetSyncs();
    this.hpas = this.informers.informer('horizontalpodautoscalers');
    this.pods = this.informers.informer<Pod>('pods');
    this.hpas.on({
      add: (h) => this.enqueue(h),
      update: (old, h) => {
        if (old.metadata?.generation !== h.metadata?.generation) this.enqueue(h);
      },
      delete: (h) => {
        const key = `${h.metadata.namespace}/${h.metadata.name}`;
        this.recommendations.delete(key);
        this.scaleUpEvents.delete(key);
        this.scaleDownEvents.delete(key);
      },
    });
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncHPA(key), done);
  }

  /** k/k: reconcileKey + reconcileAutoscaler; then again after the sync period. */
  private *syncHPA(key: string): Co<SyncResult> {
    if (!this.synced(this.hpas, this.pods)) return { requeueAfterMs: 100 };
    const live = this.hpas.get(key);
    if (!live) return undefined;
    yield* onDemand().reconcileAutoscaler(
      {
        api: this.api,
        recorder: this.recorder,
        clock: this.clock,
        pods: this.pods,
        recommendations: this.recommendations,
        scaleUpEvents: this.scaleUpEvents,
        scaleDownEvents: this.scaleDownEvents,
      },
      clone(live) as HPA,
      key,
    );
    return { requeueAfterMs: HPA_SYNC_PERIOD_MS };
  }
}
