import type { Node, Pod } from '../api/types';
import { all, type Co } from '../client/coroutine';
import type { Cached, Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';
import { parseTime } from './controllerUtils';

/** k/k: gcCheckPeriod — PodGC looks every 20 s. */
export const POD_GC_PERIOD_MS = 20_000;
/** k/k: quarantineTime — a missing node must stay missing this long before its pods go. */
export const POD_GC_QUARANTINE_MS = 40_000;
/** kube-controller-manager --terminated-pod-gc-threshold default. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;

const GC_KEY = 'gc';

const isTerminated = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * The pod garbage collector (k/k: pkg/controller/podgc/gc_controller.go): every 20 s it deletes
 * terminated pods beyond the threshold (oldest first), pods bound to a node that no longer
 * exists (after a 40 s quarantine and a GET confirming the node is gone: marked Failed with a
 * `DisruptionTarget` condition, then force-deleted), and unscheduled pods being deleted.
 */
export class PodGCController extends Controller {
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  /** Node name → when its absence was first noticed. */
  private missingSince = new Map<string, number>();

  constructor(
    manager: Component,
    private readonly terminatedThreshold = TERMINATED_POD_GC_THRESHOLD,
  ) {
    super(manager, 'podgc', 'pod-garbage-collector');
  }

  setup(): void {
    this.missingSince.clear();
    this.pods = this.informers.informer<Pod>('pods');
    this.nodes = this.informers.informer<Node>('nodes');
    this.queue.addAfter(GC_KEY, POD_GC_PERIOD_MS);
  }

  reconcile(key: string): void {
    if (key !== GC_KEY) return;
    this.queue.addAfter(GC_KEY, POD_GC_PERIOD_MS);
    if (!this.synced(this.pods, this.nodes)) return;
    const pods = this.pods.list();
    if (this.terminatedThreshold > 0) this.gcTerminated(pods);
    this.gcOrphaned(pods);
    for (const p of pods)
      if (p.metadata?.deletionTimestamp && !p.spec?.nodeName) this.forceDelete(p);
  }

  /** k/k: gcTerminated — keep at most `threshold` terminated pods, deleting the oldest. */
  private gcTerminated(pods: Cached<Pod>[]): void {
    const terminated = pods.filter(isTerminated);
    const n = terminated.length - this.terminatedThreshold;
    if (n <= 0) return;
    terminated.sort(
      (a, b) =>
        (parseTime(a.metadata?.creationTimestamp) ?? 0) -
        (parseTime(b.metadata?.creationTimestamp) ?? 0),
    );
    for (const p of terminated.slice(0, n)) this.forceDelete(p);
  }

  /** k/k: gcOrphaned + discoverDeletedNodes. */
  private gcOrphaned(pods: Cached<Pod>[]): void {
    const existing = new Set(this.nodes.list().map((n) => n.metadata.name));
    const byNode = new Map<string, Cached<Pod>[]>();
    for (const p of pods) {
      const n = p.spec?.nodeName;
      if (!n || existing.has(n)) continue;
      if (!byNode.has(n)) byNode.set(n, []);
      byNode.get(n)!.push(p);
    }
    for (const n of this.missingSince.keys()) if (!byNode.has(n)) this.missingSince.delete(n);
    for (const [node, orphans] of byNode) {
      const since = this.missingSince.get(node);
      if (since === undefined) {
        this.missingSince.set(node, this.clock.now);
        continue;
      }
      if (this.clock.now - since < POD_GC_QUARANTINE_MS) continue;
      this.go(this.gcOrphansOf(node, orphans));
    }
  }

  /** k/k: checkIfNodeExists — GET the node; only a 404 lets its pods go. */
  private *gcOrphansOf(node: string, orphans: Cached<Pod>[]): Co<void> {
    const r = yield* this.api.get('nodes', undefined, node);
    if (r.code !== 404) {
      if (r.code === 200) this.missingSince.delete(node);
      return;
    }
    this.missingSince.delete(node);
    yield* all(orphans.map((p) => this.markFailedAndDelete(p)));
  }

  /** k/k: markFailedAndDeletePodWithCondition — phase Failed, DisruptionTarget, then delete. */
  private *markFailedAndDelete(pod: Cached<Pod>): Co<void> {
    const m = pod.metadata;
    if (!isTerminated(pod)) {
      const condition = {
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: this.clock.timestamp(),
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      };
      const status = { phase: 'Failed', conditions: [condition] };
      yield* this.api.patchStatus('pods', m.namespace, m.name, { status });
    }
    this.forceDelete(pod);
  }

  private forceDelete(pod: Cached<Pod>): void {
    const m = pod.metadata;
    this.client.delete('pods', m.namespace, m.name, undefined, { gracePeriodSeconds: 0 });
  }
}
