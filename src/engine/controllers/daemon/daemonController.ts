import { jsonEqual } from '../../apiserver/patch';
import { matchesLabelSelector } from '../../api/labels';
import type { Component } from '../../component';
import type { ControllerRevision, DaemonSet, Node, OwnerReference, Pod } from '../../api/types';
import type { Stored } from '../../api/stored';
import { all, type Co, type Task } from '../../client/coroutine';
import { objectKey, type Cached, type Informer } from '../../client/informer';
import {
  BURST_REPLICAS,
  controllerOf,
  errorText,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatchCo,
} from '../controllerUtils';
import { ControllerExpectations } from '../expectations';
import { OwnerIndex } from '../ownerIndex';
import { claim } from '../refManager';
import { SyncController, type SyncResult } from '../syncController';
import { cleanupHistory, constructHistory, REVISION_HASH_LABEL } from '../history';
import { calculateDaemonSetStatus, omitZero, type DSStatus } from './status';
import {
  allowsSurge,
  byCreationAndPhase,
  daemonPodTemplate,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  planRollingUpdate,
  targetNodeName,
  templateGeneration,
  withNodeAffinity,
} from './util';

/** A failed daemon pod is replaced after a back-off of 1 s doubling to 15 min (k/k: failedPodsBackoff). */
const FAILED_POD_BACKOFF_MS = [1_000, 15 * 60_000] as const;

/**
 * The DaemonSet controller (k/k: pkg/controller/daemon/daemon_controller.go): one pod per
 * eligible node. A node is eligible when the template's nodeName, nodeSelector and node
 * affinity match it and its NoSchedule/NoExecute taints are tolerated — so the control-plane
 * node only with a toleration for `node-role.kubernetes.io/control-plane:NoSchedule`. Since
 * v1.12 the controller does not place pods itself: each pod gets a required node affinity on
 * `metadata.name` and the default scheduler binds it. New nodes get their pod; pods on nodes
 * that stop matching are deleted; a changed template rolls out node by node within
 * maxUnavailable (or maxSurge), recorded in ControllerRevisions (./history).
 */
export class DaemonSetsController extends SyncController {
  private dsInf!: Informer<DaemonSet>;
  private podInf!: Informer<Pod>;
  private nodeInf!: Informer<Node>;
  private crInf!: Informer<ControllerRevision>;
  private pods!: OwnerIndex<Pod>;
  private revisions!: OwnerIndex<ControllerRevision>;
  readonly expectations: ControllerExpectations;
  /** Per `ds/node`: when the next failed pod may be deleted, and the current back-off. */
  private failedBackoff = new Map<string, { until: number; delay: number }>();

  constructor(manager: Component) {
    super(manager, 'daemonset', 'daemonset-controller');
    this.expectations = new ControllerExpectations(manager.clock);
  }

  setup(): void {
    this.resetSyncs();
    this.expectations.clear();
    this.failedBackoff.clear();
    this.dsInf = this.informers.informer<DaemonSet>('daemonsets');
    this.podInf = this.informers.informer<Pod>('pods');
    this.nodeInf = this.informers.informer<Node>('nodes');
    this.crInf = this.informers.informer<ControllerRevision>('controllerrevisions');
    this.pods = OwnerIndex.of(this.podInf);
    this.revisions = OwnerIndex.of(this.crInf);
    this.dsInf.on({
      add: (ds) => this.enqueue(ds),
      update: (_old, ds) => this.enqueue(ds),
      delete: (ds) => {
        this.expectations.delete(objectKey(ds));
        this.enqueue(ds);
      },
    });
    this.podInf.on({
      add: (pod) => {
        if (pod.metadata?.deletionTimestamp) return this.podDeleted(pod);
        const ds = this.resolve(pod.metadata.namespace!, controllerOf(pod));
        if (ds) {
          this.expectations.creationObserved(objectKey(ds));
          this.enqueue(ds);
        } else if (!controllerOf(pod)) this.enqueueMatching(pod);
      },
      update: (old, cur) => {
        if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
        if (cur.metadata?.deletionTimestamp) return this.podDeleted(cur);
        const ds = this.resolve(cur.metadata.namespace!, controllerOf(cur));
        if (ds) {
          this.enqueue(ds);
          const minReady = ds.spec?.minReadySeconds ?? 0;
          if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
            this.queue.addAfter(objectKey(ds), minReady * 1000);
        } else if (!controllerOf(cur)) this.enqueueMatching(cur);
      },
      delete: (pod) => this.podDeleted(pod),
    });
    this.nodeInf.on({
      add: () => this.enqueueAll(),
      update: (old, cur) => {
        if (!nodeUpdateMatters(old, cur)) return;
        this.enqueueAll();
      },
      delete: () => this.enqueueAll(),
    });
    this.crInf.on({
      add: (cr) => {
        const ds = this.resolve(cr.metadata.namespace!, controllerOf(cr));
        if (ds) this.enqueue(ds);
      },
    });
  }

  private resolve(ns: string, ref: OwnerReference | undefined): Cached<DaemonSet> | undefined {
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.dsInf.get(`${ns}/${ref.name}`);
    return ds && ds.metadata?.uid === ref.uid ? ds : undefined;
  }

  private enqueueAll(): void {
    for (const ds of this.dsInf.list()) this.enqueue(ds);
  }

  /** An orphan pod: every DaemonSet whose selector matches it may adopt it. */
  private enqueueMatching(pod: Cached<Pod>): void {
    for (const ds of this.dsInf.list()) {
      if (ds.metadata.namespace !== pod.metadata.namespace) continue;
      if (matchesLabelSelector(pod.metadata?.labels, ds.spec?.selector)) this.enqueue(ds);
    }
  }

  private podDeleted(pod: Cached<Pod>): void {
    const ds = this.resolve(pod.metadata.namespace!, controllerOf(pod));
    if (!ds) return;
    this.expectations.deletionObserved(objectKey(ds), objectKey(pod));
    this.enqueue(ds);
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncDaemonSet(key), done);
  }

  /**
   * k/k: syncDaemonSet — build the history and the current hash, then (unless creates or
   * deletes are still unobserved) manage the pods and roll the update, then write the status.
   */
  private *syncDaemonSet(key: string): Co<SyncResult> {
    if (!this.synced(this.dsInf, this.podInf, this.nodeInf, this.crInf))
      return { requeueAfterMs: 100 };
    const ds = this.dsInf.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return undefined;
    }
    const sel = ds.spec?.selector;
    if (!sel?.matchLabels && !sel?.matchExpressions?.length) {
      this.recorder.event(
        ds,
        'Warning',
        'SelectingAll',
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return undefined;
    }
    // k/k: the history of a DaemonSet being deleted may already be gone; its status is left.
    if (ds.metadata?.deletionTimestamp) return undefined;
    const nodes = this.nodeInf.list();
    const history = yield* constructHistory(
      this.api,
      ds,
      'DaemonSet',
      this.revisions.candidates(ds.metadata.uid, ds.metadata.namespace!),
    );
    if ('error' in history) return { error: history.error };
    const { old } = history;
    const hash = history.current.metadata?.labels?.[REVISION_HASH_LABEL] ?? '';
    let err: string | undefined;
    let requeueAfterMs: number | undefined;
    // Unobserved creates or deletes: only the status is written, its observedGeneration kept.
    const observe = this.expectations.satisfied(key);
    if (observe) {
      const managed = yield* this.manage(ds, nodes, hash);
      err = managed.error;
      requeueAfterMs = managed.requeueAfterMs;
      if (
        !err &&
        this.expectations.satisfied(key) &&
        ds.spec?.updateStrategy?.type === 'RollingUpdate'
      ) {
        const nodeToPods = yield* this.nodesToDaemonPods(ds);
        const plan = planRollingUpdate(ds, nodes, nodeToPods, hash, this.clock.now);
        err = yield* this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash);
      }
      const liveHashes = new Set(
        this.pods.ownedBy(ds.metadata.uid).map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL]),
      );
      const cleaned = yield* cleanupHistory(this.api, ds, old, (cr) =>
        liveHashes.has(cr.metadata?.labels?.[REVISION_HASH_LABEL]),
      );
      err = err ?? cleaned;
    }
    const [status, statusErr] = yield* this.updateStatus(ds, nodes, hash, observe);
    if (err ?? statusErr) return { error: (err ?? statusErr)! };
    // k/k: look again after minReadySeconds while ready pods are not yet available.
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.numberReady !== status.numberAvailable)
      requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, minReady * 1000);
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  /**
   * k/k: getNodesToDaemonPods — claim the pods the selector matches and group them by the node
   * they are on or meant for. Terminal pods being deleted are left out.
   */
  private *nodesToDaemonPods(ds: Cached<DaemonSet>): Co<Map<string, Stored<Pod>[]>> {
    const candidates = this.pods.candidates(ds.metadata.uid, ds.metadata.namespace!).filter((p) => {
      const phase = p.status?.phase;
      return !(p.metadata?.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed'));
    });
    const claimed = yield* claim<Pod>({
      client: this.client,
      resource: 'pods',
      owner: ds,
      ref: newControllerRef(ds, 'apps/v1', 'DaemonSet'),
      matches: (p) => matchesLabelSelector(p.metadata?.labels, ds.spec!.selector),
      candidates,
    });
    const out = new Map<string, Stored<Pod>[]>();
    for (const pod of claimed) {
      const node = targetNodeName(pod);
      if (!node) continue;
      const list = out.get(node) ?? [];
      list.push(pod);
      out.set(node, list);
    }
    return out;
  }

  /** k/k: manage — which nodes need a daemon pod and which pods must go, then syncNodes. */
  private *manage(
    ds: Cached<DaemonSet>,
    nodes: Cached<Node>[],
    hash: string,
  ): Co<{ error?: string; requeueAfterMs?: number }> {
    const nodeToPods = yield* this.nodesToDaemonPods(ds);
    const needing: string[] = [];
    const toDelete: string[] = [];
    let requeueAfterMs: number | undefined;
    const nodeNames = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name;
      nodeNames.add(name);
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      const pods = nodeToPods.get(name);
      if (shouldRun && !pods) {
        needing.push(name);
      } else if (shouldContinueRunning && pods) {
        const running: Stored<Pod>[] = [];
        for (const pod of pods) {
          if (pod.metadata?.deletionTimestamp) continue;
          const phase = pod.status?.phase;
          if (phase === 'Failed') {
            // k/k: the controller and a kubelet that rejects the pod could fight; back off.
            const wait = this.failedPodWait(ds, name);
            if (wait > 0) {
              requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, wait);
              continue;
            }
            this.recorder.event(
              ds,
              'Warning',
              'FailedDaemonPod',
              `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`,
            );
            toDelete.push(pod.metadata.name);
          } else if (phase === 'Succeeded') {
            toDelete.push(pod.metadata.name);
          } else running.push(pod);
        }
        if (!allowsSurge(ds)) {
          // More than one running pod on a node: keep the oldest.
          running.sort(byCreationAndPhase);
          for (const extra of running.slice(1)) toDelete.push(extra.metadata.name);
        } else {
          toDelete.push(...surgeExtras(ds, running, hash, this.clock.now));
        }
      } else if (!shouldContinueRunning && pods) {
        for (const pod of pods)
          if (!pod.metadata?.deletionTimestamp) toDelete.push(pod.metadata.name);
      }
    }
    // Pods meant for a node that no longer exists (k/k: getUnscheduledPodsWithoutNode).
    for (const [node, pods] of nodeToPods) {
      if (nodeNames.has(node)) continue;
      for (const pod of pods)
        if (!pod.spec?.nodeName && !pod.metadata?.deletionTimestamp)
          toDelete.push(pod.metadata.name);
    }
    const error = yield* this.syncNodes(ds, toDelete, needing, hash);
    return { error, requeueAfterMs };
  }

  /** Milliseconds to wait before deleting another failed pod on this node, or 0 (and count it). */
  private failedPodWait(ds: Cached<DaemonSet>, node: string): number {
    const key = `${objectKey(ds)}/${node}`;
    const now = this.clock.now;
    const b = this.failedBackoff.get(key);
    if (b && now < b.until) return b.until - now;
    const delay = b ? Math.min(b.delay * 2, FAILED_POD_BACKOFF_MS[1]) : FAILED_POD_BACKOFF_MS[0];
    this.failedBackoff.set(key, { until: now + delay, delay });
    return 0;
  }

  /**
   * k/k: syncNodes — delete the named pods and create one pod per named node (slow-start
   * batches), expecting both before any request goes out.
   */
  private *syncNodes(
    ds: Cached<DaemonSet>,
    podsToDelete: string[],
    nodesNeeding: string[],
    hash: string,
  ): Co<string | undefined> {
    const dsKey = objectKey(ds);
    const ns = ds.metadata.namespace!;
    const create = nodesNeeding.slice(0, BURST_REPLICAS);
    const del = podsToDelete.slice(0, BURST_REPLICAS);
    if (create.length === 0 && del.length === 0) return undefined;
    this.expectations.expect(
      dsKey,
      create.length,
      del.map((n) => `${ns}/${n}`),
    );
    const template = daemonPodTemplate(ds, hash);
    const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
    const { api, recorder, expectations } = this;
    let lastErr: string | undefined;
    let i = 0;
    const created = yield* slowStartBatchCo(
      create.length,
      SLOW_START_INITIAL_BATCH_SIZE,
      function* () {
        const node = create[i++];
        const pod = podFromTemplate(
          withNodeAffinity(template, node),
          ns,
          `${ds.metadata.name}-`,
          ref,
        );
        const r = yield* api.create('pods', ns, pod);
        if (r.code === 201) {
          recorder.event(
            ds,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${(r.body as Stored<Pod>).metadata.name}`,
          );
          return true;
        }
        if (r.code === 403 && errorText(r).includes('because it is being terminated')) return true;
        lastErr = errorText(r);
        recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${lastErr}`);
        return false;
      },
    );
    for (let k = created; k < create.length; k++) expectations.creationObserved(dsKey);
    yield* all(
      del.map(function* (name) {
        const r = yield* api.delete('pods', ns, name);
        if (r.code === 200) {
          recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
          return;
        }
        expectations.deletionObserved(dsKey, `${ns}/${name}`);
        if (r.code !== 404) {
          lastErr = errorText(r);
          recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${lastErr}`);
        }
      }),
    );
    return lastErr;
  }

  /** k/k: updateDaemonSetStatus and storeDaemonSetStatus (one retry after a conflict). */
  private *updateStatus(
    ds: Cached<DaemonSet>,
    nodes: Cached<Node>[],
    hash: string,
    observe: boolean,
  ): Co<[DSStatus, string?]> {
    const nodeToPods = new Map<string, Stored<Pod>[]>();
    for (const pod of this.pods.ownedBy(ds.metadata.uid)) {
      const phase = pod.status?.phase;
      if (pod.metadata?.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed'))
        continue;
      const node = targetNodeName(pod);
      if (!node) continue;
      nodeToPods.set(node, [...(nodeToPods.get(node) ?? []), pod]);
    }
    const status = calculateDaemonSetStatus(ds, nodes, nodeToPods, hash, this.clock.now);
    let cur: DaemonSet = ds as DaemonSet;
    for (let attempt = 0; ; attempt++) {
      const want: DSStatus = {
        ...status,
        observedGeneration: observe ? cur.metadata?.generation : cur.status?.observedGeneration,
      };
      if (cur.status?.collisionCount !== undefined) want.collisionCount = cur.status.collisionCount;
      if (jsonEqual(omitZero(want), omitZero((cur.status ?? {}) as DSStatus))) return [status];
      const next: DaemonSet = { ...cur, status: omitZero(want) };
      const r = yield* this.api.updateStatus('daemonsets', next);
      if (r.code === 200) return [status];
      if (r.code !== 409 || attempt > 0) return [status, errorText(r)];
      const g = yield* this.api.get('daemonsets', ds.metadata.namespace, ds.metadata.name!);
      if (g.code !== 200) return [status, errorText(g)];
      cur = g.body as DaemonSet;
    }
  }
}

/** With surge, a node keeps its oldest old pod and newest new pod; others go (k/k: podsShouldBeOnNode). */
function surgeExtras(ds: DaemonSet, running: Stored<Pod>[], hash: string, nowMs: number): string[] {
  const gen = templateGeneration(ds);
  const sorted = [...running].sort(byCreationAndPhase);
  let oldestNew: Stored<Pod> | undefined;
  let oldestOld: Stored<Pod> | undefined;
  const extra: string[] = [];
  for (const pod of sorted) {
    if (isPodUpdated(pod, hash, gen)) {
      if (oldestNew) extra.push(oldestNew.metadata.name);
      oldestNew = pod;
    } else if (oldestOld) extra.push(pod.metadata.name);
    else oldestOld = pod;
  }
  // An available new pod replaces the old one.
  if (oldestNew && oldestOld && isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, nowMs))
    extra.push(oldestOld.metadata.name);
  return extra;
}

/** Labels, taints, unschedulable or the Ready condition changed (k/k: shouldIgnoreNodeUpdate, inverted). */
function nodeUpdateMatters(old: Node, cur: Node): boolean {
  const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return (
    !jsonEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {}) ||
    !jsonEqual(old.spec?.taints ?? [], cur.spec?.taints ?? []) ||
    !!old.spec?.unschedulable !== !!cur.spec?.unschedulable ||
    ready(old) !== ready(cur)
  );
}
