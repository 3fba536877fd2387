import type { Node, Pod, Taint, Toleration } from '../api/types';
import { jsonEqual } from '../apiserver/patch';
import type { Informer } from '../client/informer';
import type { Co } from '../client/coroutine';
import type { Component } from '../component';
import type { TimerId } from '../sim/clock';
import { Controller } from './controller';

/** k/k: v1helper ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return true;
  // An empty key with operator Exists matches all; otherwise Equal compares values.
  return !!t.key && (t.value ?? '') === (taint.value ?? '');
}

/**
 * k/k taint_eviction.go getMinTolerationTime over GetMatchingTolerations: undefined when some
 * taint is not tolerated (evict now), -1 when tolerated forever, else the smallest
 * tolerationSeconds (0 or less means now), in ms.
 */
export function evictionDelayMs(taints: Taint[], tolerations: Toleration[]): number | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return undefined;
    used.push(t);
  }
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/** One scheduled deletion (k/k TimedWorker). */
interface Work {
  timer: TimerId;
  createdAt: number;
  fireAt: number;
}

/**
 * The taint eviction controller (k/k: pkg/controller/tainteviction, split out of the node
 * lifecycle controller in v1.29 as `taint-eviction-controller`). Pods on a node with NoExecute
 * taints they do not tolerate are deleted at once; pods tolerating them for `tolerationSeconds`
 * (300 s for not-ready/unreachable, from DefaultTolerationSeconds) are deleted when that runs out,
 * with the event `TaintManagerEviction`. If the taints go first, the deletion is cancelled.
 */
export class TaintEvictionController extends Controller {
  private nodes!: Informer<Node>;
  private pods!: Informer<Pod>;
  /** NoExecute taints per node. */
  private tainted = new Map<string, Taint[]>();
  private work = new Map<string, Work>();

  constructor(manager: Component) {
    super(manager, 'taint-eviction-controller', 'taint-eviction-controller');
  }

  setup(): void {
    // A restart forgets scheduled deletions; they are computed again from now, as in k/k.
    for (const w of this.work.values()) this.clock.clearTimeout(w.timer);
    this.work.clear();
    this.tainted.clear();
    this.nodes = this.informers.informer<Node>('nodes');
    this.pods = this.informers.informer<Pod>('pods');
    const noExecute = (n: Node | undefined) =>
      (n?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    this.nodes.on({
      add: (n) => this.queue.add(`node:${n.metadata.name}`),
      update: (o, n) => {
        if (!jsonEqual(noExecute(o), noExecute(n))) this.queue.add(`node:${n.metadata.name}`);
      },
      delete: (n) => this.queue.add(`node:${n.metadata.name}`),
    });
    // k/k PodUpdated returns at once for a pod on no node (before and after): only a bound pod
    // can be on a tainted node, so pending pods never enter the queue.
    this.pods.on({
      add: (p) => {
        if (p.spec?.nodeName) this.queue.add(`pod:${p.metadata.namespace}/${p.metadata.name}`);
      },
      update: (o, p) => {
        if (
          o.spec?.nodeName !== p.spec?.nodeName ||
          !jsonEqual(o.spec?.tolerations ?? [], p.spec?.tolerations ?? [])
        ) {
          this.queue.add(`pod:${p.metadata.namespace}/${p.metadata.name}`);
        }
      },
      delete: (p) => {
        if (p.spec?.nodeName) this.queue.add(`pod:${p.metadata.namespace}/${p.metadata.name}`);
      },
    });
  }

  reconcile(key: string): void {
    if (!this.synced(this.nodes, this.pods)) return this.queue.addAfter(key, 100);
    if (key.startsWith('node:')) this.handleNodeUpdate(key.slice(5));
    else this.handlePodUpdate(key.slice(4));
  }

  private handleNodeUpdate(name: string): void {
    const node = this.nodes.get(name);
    if (!node) {
      this.tainted.delete(name);
      return;
    }
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length) this.tainted.set(name, taints);
    else this.tainted.delete(name);
    const now = this.clock.now;
    for (const pod of this.pods.list()) {
      if (pod.spec?.nodeName !== name) continue;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      // All taints were removed from the node: cancel all evictions.
      if (!taints.length) this.cancel(key);
      else this.processPodOnNode(key, pod.spec.tolerations ?? [], taints, now);
    }
  }

  private handlePodUpdate(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return this.cancel(key);
    const node = pod.spec?.nodeName;
    const taints = node ? this.tainted.get(node) : undefined;
    if (!taints) return;
    this.processPodOnNode(key, pod.spec?.tolerations ?? [], taints, this.clock.now);
  }

  private processPodOnNode(
    key: string,
    tolerations: Toleration[],
    taints: Taint[],
    now: number,
  ): void {
    if (taints.length === 0) return this.cancel(key);
    const delay = evictionDelayMs(taints, tolerations);
    if (delay === undefined) {
      // Not all taints are tolerated: delete right away.
      this.cancel(key);
      return this.schedule(key, now, now);
    }
    // A negative delay means the pod tolerates the taints forever.
    if (delay < 0) return this.cancel(key);
    let start = now;
    const existing = this.work.get(key);
    if (existing) {
      // An eviction already scheduled earlier stands.
      start = existing.createdAt;
      if (start + delay < now + delay) return;
      this.cancel(key);
    }
    this.schedule(key, start, now + delay);
  }

  private schedule(key: string, createdAt: number, fireAt: number): void {
    const timer = this.clock.setTimeout(
      () => {
        this.work.delete(key);
        if (this.manager.running) this.evict(key);
      },
      Math.max(0, fireAt - this.clock.now),
    );
    this.work.set(key, { timer, createdAt, fireAt });
  }

  /** Cancel a scheduled deletion, with the event k/k emits (emitCancelPodDeletionEvent). */
  private cancel(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.clock.clearTimeout(w.timer);
    this.work.delete(key);
    this.recorder.event(
      this.podRef(key),
      'Normal',
      'TaintManagerEviction',
      `Cancelling deletion of Pod ${key}`,
    );
  }

  private podRef(key: string) {
    const [namespace, name] = key.split('/');
    return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
  }

  /**
   * k/k deletePodHandler + addConditionAndDeletePod: the event, the DisruptionTarget condition
   * (PodDisruptionConditions, GA in v1.31), then DELETE.
   */
  private evict(key: string): void {
    const [namespace, name] = key.split('/');
    this.recorder.event(
      this.podRef(key),
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${key}`,
    );
    this.go(this.addConditionAndDeletePod(namespace, name));
  }

  /** k/k: addConditionAndDeletePod — read the pod, add DisruptionTarget unless there, delete. */
  private *addConditionAndDeletePod(namespace: string, name: string): Co<void> {
    const r = yield* this.api.get('pods', namespace, name);
    if (r.code !== 200) return;
    const pod = r.body as Pod;
    const has = pod.status?.conditions?.some(
      (c) => c.type === 'DisruptionTarget' && c.status === 'True',
    );
    if (!has) {
      const condition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: this.clock.timestamp(),
        lastProbeTime: null,
      };
      yield* this.api.patchStatus('pods', namespace, name, { status: { conditions: [condition] } });
    }
    yield* this.api.delete('pods', namespace, name);
  }
}
