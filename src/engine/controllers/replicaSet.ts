import { jsonEqual } from '../apiserver/patch';
import { matchesLabelSelector, matchesSelectorMap } from '../api/labels';
import type { Component } from '../component';
import type {
  LabelSelector,
  OwnerReference,
  Pod,
  ReplicaSet,
  ReplicaSetCondition,
} from '../api/types';
import type { Stored } from '../api/stored';
import { all, suspend, type Co, type Task } from '../client/coroutine';
import { objectKey, type Cached, type Informer } from '../client/informer';
import {
  BURST_REPLICAS,
  controllerOf,
  errorText,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
  rankPodsForDeletion,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatchCo,
} from './controllerUtils';
import { ControllerExpectations } from './expectations';
import { OwnedPodCounts, type PodCounts } from './ownedPodCounts';
import { OwnerIndex } from './ownerIndex';
import { claimObjects } from './refManager';
import { SyncController, type SyncResult } from './syncController';

type RSStatus = NonNullable<ReplicaSet['status']>;

/**
 * What the controller manages: ReplicaSets, or ReplicationControllers through the same code, as
 * k/k's replication manager does (pkg/controller/replication: NewBaseController with the RC's
 * GroupVersionKind and informers adapted to look like ReplicaSets).
 */
export interface ReplicatedKind {
  plural: string;
  kind: string;
  apiVersion: string;
  /** The controller's name in kube-controller-manager, and its events' source. */
  name: string;
  source: string;
  /** The label selector of its spec (an RC's selector is a plain label map). */
  selector(spec: ReplicaSet['spec']): LabelSelector | undefined;
}

export const REPLICA_SET_KIND: ReplicatedKind = {
  plural: 'replicasets',
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  name: 'replicaset',
  source: 'replicaset-controller',
  selector: (spec) => spec?.selector,
};

/**
 * The ReplicaSet controller (k/k: pkg/controller/replicaset/replica_set.go): keeps
 * `spec.replicas` active pods matching the selector. It adopts matching orphans, creates missing
 * pods in slow-start batches (1, 2, 4…) named `<rs>-<5 chars>`, deletes surplus pods in the order
 * of `rankPodsForDeletion`, never acts twice while its creates or deletes are still unobserved
 * (expectations), and reports replicas, fullyLabeledReplicas, readyReplicas and
 * availableReplicas through PUT replicasets/status.
 */
export class ReplicaSetController extends SyncController {
  private rsInf!: Informer<ReplicaSet>;
  private podInf!: Informer<Pod>;
  private pods!: OwnerIndex<Pod>;
  private rsByOwner!: OwnerIndex<ReplicaSet>;
  private podCounts!: OwnedPodCounts;
  readonly expectations: ControllerExpectations;

  constructor(
    manager: Component,
    private readonly kind: ReplicatedKind = REPLICA_SET_KIND,
  ) {
    super(manager, kind.name, kind.source);
    this.expectations = new ControllerExpectations(manager.clock);
  }

  setup(): void {
    this.resetSyncs();
    this.expectations.clear();
    this.rsInf = this.informers.informer<ReplicaSet>(this.kind.plural);
    this.podInf = this.informers.informer<Pod>('pods');
    this.pods = OwnerIndex.of(this.podInf);
    this.rsByOwner = OwnerIndex.of(this.rsInf);
    this.podCounts = new OwnedPodCounts(this.podInf, this.pods);
    this.rsInf.on({
      add: (rs) => this.enqueue(rs),
      update: (_old, rs) => this.enqueue(rs),
      delete: (rs) => {
        this.expectations.delete(objectKey(rs));
        this.podCounts.forget(rs.metadata.uid);
        this.enqueue(rs);
      },
    });
    this.podInf.on({
      add: (pod) => this.addPod(pod),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (pod) => this.deletePod(pod),
    });
  }

  /** The ReplicaSet a controller reference points to, if it still exists with that uid. */
  private resolveControllerRef(
    namespace: string,
    ref: OwnerReference,
  ): Cached<ReplicaSet> | undefined {
    if (ref.kind !== this.kind.kind) return undefined;
    const rs = this.rsInf.get(`${namespace}/${ref.name}`);
    return rs && rs.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets whose selector matches an orphan pod (k/k: getPodReplicaSets). */
  private podReplicaSets(pod: Cached<Pod>): Cached<ReplicaSet>[] {
    const ns = pod.metadata?.namespace;
    return this.rsInf.list().filter((rs) => {
      const sel = this.kind.selector(rs.spec);
      const empty = !sel?.matchLabels && !sel?.matchExpressions?.length;
      return (
        rs.metadata?.namespace === ns && !empty && matchesLabelSelector(pod.metadata?.labels, sel)
      );
    });
  }

  private addPod(pod: Cached<Pod>): void {
    // A pod already being deleted at a relist is not a creation to observe.
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace!, ref);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.enqueue(rs);
      return;
    }
    for (const rs of this.podReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: Cached<Pod>, cur: Cached<Pod>): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelChanged = !jsonEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // A graceful delete shows up as an update first: count it as the deletion, so a
      // replacement is created at once rather than when the kubelet finishes.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace!, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata.namespace!, curRef);
      if (!rs) return;
      this.enqueue(rs);
      // A pod that became ready counts as available minReadySeconds later.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(objectKey(rs), minReady * 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.podReplicaSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: Cached<Pod>): void {
    const ref = controllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata.namespace!, ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.queue.add(key);
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncReplicaSet(key), done);
  }

  /**
   * k/k: syncReplicaSet — claim the matching pods, create or delete pods unless earlier creates
   * and deletes are still unobserved, then write the status.
   */
  private *syncReplicaSet(key: string): Co<SyncResult> {
    if (!this.synced(this.rsInf, this.podInf)) return { requeueAfterMs: 100 };
    const rs = this.rsInf.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return undefined;
    }
    const rsNeedsSync = this.expectations.satisfied(key);
    const manage = rsNeedsSync && !rs.metadata?.deletionTimestamp;
    // The counts alone, when claiming would change nothing and no pod has to be picked.
    const counts = this.claimWithoutChanges(rs, manage);
    let filteredPods: Stored<Pod>[] = [];
    if (!counts) {
      const allPods = this.pods.candidates(rs.metadata.uid, rs.metadata.namespace!);
      filteredPods = yield* this.claimPods(rs, allPods.filter(isPodActive));
    }
    const claimed = counts?.claimed ?? filteredPods.length;
    let manageReplicasErr: string | undefined;
    if (manage) manageReplicasErr = yield* this.manageReplicas(claimed, filteredPods, rs);
    const newStatus = counts
      ? statusFromCounts(rs, counts, counts.ready, manageReplicasErr, () => this.clock.timestamp())
      : calculateStatus(rs, filteredPods, manageReplicasErr, this.clock.now, () =>
          this.clock.timestamp(),
        );
    const [updatedRS, err] = yield* this.updateReplicaSetStatus(rs, newStatus);
    if (err) return { error: err };
    if (manageReplicasErr) return { error: manageReplicasErr };
    // Look again when the ready pods have been ready for minReadySeconds: they become available.
    const minReady = updatedRS.spec?.minReadySeconds ?? 0;
    const st = updatedRS.status ?? { replicas: 0 };
    if (
      minReady > 0 &&
      (st.readyReplicas ?? 0) === updatedRS.spec?.replicas &&
      (st.availableReplicas ?? 0) !== updatedRS.spec?.replicas
    )
      return { requeueAfterMs: minReady * 1000 };
    return undefined;
  }

  /**
   * What claimPods and calculateStatus would find, from the running counts, when claiming would
   * adopt and release nothing and the status needs no pod's ready time (minReadySeconds 0);
   * undefined when the pods themselves are needed: an orphan to adopt, a pod to release, pods to
   * delete (`manage` with more pods than replicas).
   */
  private claimWithoutChanges(rs: Cached<ReplicaSet>, manage: boolean): PodCounts | undefined {
    if (rs.spec?.minReadySeconds) return undefined;
    const selector = this.kind.selector(rs.spec);
    const counts = this.podCounts.counts(
      rs.metadata.uid,
      selector,
      rs.spec?.template?.metadata?.labels ?? {},
    );
    if (counts.mismatched > 0) return undefined;
    if (manage && counts.claimed > (rs.spec?.replicas ?? 1)) return undefined;
    if (!rs.metadata.deletionTimestamp)
      for (const o of this.pods.orphansIn(rs.metadata.namespace!))
        if (isPodActive(o) && matchesLabelSelector(o.metadata?.labels, selector)) return undefined;
    // A copy: the running counts move on while this sync waits for the API server.
    return { ...counts };
  }

  /** Adopt matching orphans, release pods that stopped matching (k/k: claimPods). */
  private claimPods(rs: Cached<ReplicaSet>, candidates: Stored<Pod>[]): Co<Stored<Pod>[]> {
    const selector = this.kind.selector(rs.spec);
    return suspend((resume) =>
      claimObjects<Pod>(
        {
          client: this.client,
          resource: 'pods',
          owner: rs,
          ref: newControllerRef(rs, this.kind.apiVersion, this.kind.kind),
          matches: (p) => matchesLabelSelector(p.metadata?.labels, selector),
          candidates,
        },
        resume,
      ),
    );
  }

  /**
   * Create or delete pods so that `pods.length` becomes `spec.replicas`, at most BURST_REPLICAS
   * at a time (k/k: manageReplicas). Returns the last error.
   */
  private *manageReplicas(
    claimed: number,
    filteredPods: Stored<Pod>[],
    rs: Cached<ReplicaSet>,
  ): Co<string | undefined> {
    const diff = claimed - (rs.spec?.replicas ?? 1);
    const rsKey = objectKey(rs);
    const ns = rs.metadata.namespace!;
    let lastErr: string | undefined;
    if (diff < 0) {
      const toCreate = Math.min(-diff, BURST_REPLICAS);
      // Expect the creations before any is sent: their watch events may come before the replies.
      this.expectations.expectCreations(rsKey, toCreate);
      const ref = newControllerRef(rs, this.kind.apiVersion, this.kind.kind);
      // One string for the burst's pods (scale: each stored pod keeps its generateName).
      const generateName = `${rs.metadata.name}-`;
      const { api, recorder } = this;
      const successfulCreations = yield* slowStartBatchCo(
        toCreate,
        SLOW_START_INITIAL_BATCH_SIZE,
        function* () {
          const pod = podFromTemplate(rs.spec!.template!, ns, generateName, ref, true);
          const r = yield* api.create('pods', ns, pod);
          if (r.code === 201) {
            const name = (r.body as Stored<Pod>).metadata.name;
            recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
            return true;
          }
          // A terminating namespace refuses every create: nothing to report.
          if (r.code === 403 && errorText(r).includes('because it is being terminated'))
            return true;
          lastErr = errorText(r);
          recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${lastErr}`);
          return false;
        },
      );
      // Pods never created will never be observed.
      for (let i = successfulCreations; i < toCreate; i++)
        this.expectations.creationObserved(rsKey);
      return lastErr;
    }
    if (diff === 0) return undefined;
    const toDelete = Math.min(diff, BURST_REPLICAS);
    const podsToDelete = this.podsToDelete(filteredPods, this.relatedPods(rs), toDelete);
    this.expectations.expectDeletions(
      rsKey,
      podsToDelete.map((p) => objectKey(p)),
    );
    const { api, recorder, expectations } = this;
    yield* all(
      podsToDelete.map(function* (pod) {
        const name = pod.metadata.name;
        const r = yield* api.delete('pods', ns, name);
        if (r.code === 200) {
          recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
          return;
        }
        // Its deletion will never be observed.
        expectations.deletionObserved(rsKey, objectKey(pod));
        if (r.code !== 404) {
          lastErr = errorText(r);
          recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${lastErr}`);
        }
      }),
    );
    return lastErr;
  }

  /** Active pods of every ReplicaSet with the same controlling owner (k/k: getIndirectlyRelatedPods). */
  private relatedPods(rs: Cached<ReplicaSet>): Stored<Pod>[] {
    const owner = controllerOf(rs);
    const siblings = owner ? this.rsByOwner.ownedBy(owner.uid) : [rs];
    return siblings.flatMap((x) => this.pods.ownedBy(x.metadata.uid)).filter(isPodActive);
  }

  /** k/k: getPodsToDelete with getPodsRankedByRelatedPodsOnSameNode. */
  private podsToDelete(pods: Stored<Pod>[], related: Stored<Pod>[], diff: number): Stored<Pod>[] {
    if (diff >= pods.length) return pods;
    const onNode = new Map<string, number>();
    for (const p of related) {
      const n = p.spec?.nodeName;
      if (n) onNode.set(n, (onNode.get(n) ?? 0) + 1);
    }
    const ranks = pods.map((p) => onNode.get(p.spec?.nodeName ?? '') ?? 0);
    return rankPodsForDeletion(pods, ranks, this.clock.now).slice(0, diff);
  }

  /**
   * PUT replicasets/status when the counts changed (k/k: updateReplicaSetStatus; here one retry,
   * after a conflict, with the object read again). Returns the ReplicaSet as written, or the
   * error.
   */
  private *updateReplicaSetStatus(
    rs: Stored<ReplicaSet>,
    newStatus: RSStatus,
  ): Co<[Stored<ReplicaSet>, string?]> {
    for (let i = 0; ; i++) {
      if (statusUnchanged(rs, newStatus)) return [rs];
      // The API server copies the status and metadata it keeps: the cached spec is sent as is.
      const next = { ...rs, status: withObservedGeneration(newStatus, rs.metadata?.generation) };
      const r = yield* this.api.updateStatus(this.kind.plural, next);
      if (r.code === 200) return [r.body as Stored<ReplicaSet>];
      if (r.code !== 409 || i > 0) return [rs, errorText(r)];
      const g = yield* this.api.get(this.kind.plural, rs.metadata.namespace, rs.metadata.name);
      if (g.code !== 200) return [rs, errorText(g)];
      rs = g.body as Stored<ReplicaSet>;
    }
  }
}

/** The status the ReplicaSet already has: no write needed. */
function statusUnchanged(rs: ReplicaSet, status: RSStatus): boolean {
  const cur = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === status.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    rs.metadata?.generation === cur.observedGeneration &&
    jsonEqual(cur.conditions ?? [], status.conditions ?? [])
  );
}

/** Go's omitempty: zero counts are left out, `replicas` always shown. */
function withObservedGeneration(s: RSStatus, generation: number | undefined): RSStatus {
  const out: RSStatus = { replicas: s.replicas };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (generation) out.observedGeneration = generation;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}

/** k/k: calculateStatus — counts over the claimed active pods, and the ReplicaFailure condition. */
export function calculateStatus(
  rs: ReplicaSet,
  pods: Pod[],
  manageErr: string | undefined,
  nowMs: number,
  timestamp: () => string,
): RSStatus {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (matchesSelectorMap(p.metadata?.labels, templateLabels)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, nowMs)) available++;
    }
  }
  const counts = { claimed: pods.length, mismatched: 0, fullyLabeled, ready };
  return statusFromCounts(rs, counts, available, manageErr, timestamp);
}

/** calculateStatus from the counts over the claimed pods. */
function statusFromCounts(
  rs: ReplicaSet,
  counts: PodCounts,
  available: number,
  manageErr: string | undefined,
  timestamp: () => string,
): RSStatus {
  let conditions: ReplicaSetCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageErr && !failure) {
    const diff = counts.claimed - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: timestamp(),
      reason,
      message: manageErr,
    });
  } else if (!manageErr && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: RSStatus = {
    replicas: counts.claimed,
    fullyLabeledReplicas: counts.fullyLabeled,
    readyReplicas: counts.ready,
    availableReplicas: available,
  };
  if (conditions.length) status.conditions = conditions;
  return status;
}
