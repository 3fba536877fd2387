import type { ApiResponse } from '../apiserver/types';
import { clone, jsonEqual } from '../apiserver/patch';
import { matchesLabelSelector, matchesSelectorMap } from '../api/labels';
import type { Component } from '../component';
import type { OwnerReference, Pod, ReplicaSet, ReplicaSetCondition } from '../api/types';
import { objectKey, type Informer } from '../client/informer';
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
  slowStartBatch,
  Latch,
} from './controllerUtils';
import { ControllerExpectations } from './expectations';
import { OwnerIndex } from './ownerIndex';
import { claimObjects } from './refManager';
import { SyncController, type SyncResult } from './syncController';

type RSStatus = NonNullable<ReplicaSet['status']>;

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
  readonly expectations: ControllerExpectations;

  constructor(manager: Component) {
    super(manager, 'replicaset', 'replicaset-controller');
    this.expectations = new ControllerExpectations(manager.clock);
  }

  setup(): void {
    this.resetSyncs();
    this.expectations.clear();
    this.rsInf = this.informers.informer<ReplicaSet>('replicasets');
    this.podInf = this.informers.informer<Pod>('pods');
    this.pods = new OwnerIndex(this.podInf);
    this.rsByOwner = new OwnerIndex(this.rsInf);
    this.rsInf.on({
      add: (rs) => this.enqueue(rs),
      update: (_old, rs) => this.enqueue(rs),
      delete: (rs) => {
        this.expectations.delete(objectKey(rs));
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
  private resolveControllerRef(namespace: string, ref: OwnerReference): ReplicaSet | undefined {
    if (ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInf.get(`${namespace}/${ref.name}`);
    return rs && rs.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets whose selector matches an orphan pod (k/k: getPodReplicaSets). */
  private podReplicaSets(pod: Pod): ReplicaSet[] {
    const ns = pod.metadata?.namespace;
    return this.rsInf.list().filter((rs) => {
      const sel = rs.spec?.selector;
      const empty = !sel?.matchLabels && !sel?.matchExpressions?.length;
      return (
        rs.metadata?.namespace === ns && !empty && matchesLabelSelector(pod.metadata?.labels, sel)
      );
    });
  }

  private addPod(pod: Pod): void {
    // A pod already being deleted at a relist is not a creation to observe.
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata!.namespace!, ref);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.enqueue(rs);
      return;
    }
    for (const rs of this.podReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: Pod, cur: Pod): void {
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
      const rs = this.resolveControllerRef(old.metadata!.namespace!, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata!.namespace!, curRef);
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

  private deletePod(pod: Pod): void {
    const ref = controllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata!.namespace!, ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.queue.add(key);
  }

  protected sync(key: string, done: (result?: SyncResult) => void): void {
    if (!this.synced(this.rsInf, this.podInf)) return done({ requeueAfterMs: 100 });
    const rs = this.rsInf.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return done();
    }
    const needsSync = this.expectations.satisfied(key);
    const ns = rs.metadata!.namespace!;
    const selector = rs.spec!.selector;
    const active = this.pods.candidates(rs.metadata!.uid, ns).filter(isPodActive);
    claimObjects<Pod>(
      {
        client: this.client,
        resource: 'pods',
        owner: rs,
        ref: newControllerRef(rs, 'apps/v1', 'ReplicaSet'),
        matches: (p) => matchesLabelSelector(p.metadata?.labels, selector),
        candidates: active,
      },
      (pods) => {
        const afterManage = (manageErr?: string) => {
          const status = calculateStatus(rs, pods, manageErr, this.clock.now, () =>
            this.clock.timestamp(),
          );
          this.updateStatus(rs, status, (updated, err) => {
            if (err) return done({ error: err });
            if (manageErr) return done({ error: manageErr });
            const minReady = updated.spec?.minReadySeconds ?? 0;
            const st = updated.status ?? { replicas: 0 };
            if (
              minReady > 0 &&
              (st.readyReplicas ?? 0) === updated.spec?.replicas &&
              (st.availableReplicas ?? 0) !== updated.spec?.replicas
            ) {
              return done({ requeueAfterMs: minReady * 1000 });
            }
            done();
          });
        };
        if (needsSync && !rs.metadata?.deletionTimestamp)
          this.manageReplicas(pods, rs, afterManage);
        else afterManage();
      },
    );
  }

  /** Create or delete pods so that `pods.length` becomes `spec.replicas` (k/k: manageReplicas). */
  private manageReplicas(pods: Pod[], rs: ReplicaSet, done: (err?: string) => void): void {
    const key = objectKey(rs);
    const ns = rs.metadata!.namespace!;
    let diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      diff = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, diff);
      let lastErr: string | undefined;
      const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
      slowStartBatch(
        diff,
        SLOW_START_INITIAL_BATCH_SIZE,
        (cb) => {
          const pod = podFromTemplate(rs.spec!.template!, ns, `${rs.metadata!.name}-`, ref);
          this.client.create('pods', ns, pod, (r) => {
            if (r.code === 201) {
              this.recorder.event(
                rs,
                'Normal',
                'SuccessfulCreate',
                `Created pod: ${(r.body as Pod).metadata!.name}`,
              );
              return cb(true);
            }
            // A terminating namespace refuses every create: nothing to report.
            if (r.code === 403 && errorText(r).includes('because it is being terminated'))
              return cb(true);
            lastErr = errorText(r);
            this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${lastErr}`);
            cb(false);
          });
        },
        (successes) => {
          // Pods never created will never be observed.
          for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
          done(lastErr);
        },
      );
      return;
    }
    if (diff === 0) return done();
    diff = Math.min(diff, BURST_REPLICAS);
    const toDelete = this.podsToDelete(pods, this.relatedPods(rs), diff);
    this.expectations.expectDeletions(
      key,
      toDelete.map((p) => objectKey(p)),
    );
    let lastErr: string | undefined;
    const latch = new Latch(() => done(lastErr));
    for (const pod of toDelete) {
      latch.add();
      this.client.delete('pods', ns, pod.metadata!.name!, (r: ApiResponse) => {
        if (r.code === 200) {
          this.recorder.event(
            rs,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${pod.metadata!.name}`,
          );
        } else {
          this.expectations.deletionObserved(key, objectKey(pod));
          if (r.code !== 404) {
            lastErr = errorText(r);
            this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${lastErr}`);
          }
        }
        latch.finish();
      });
    }
    latch.seal();
  }

  /** Active pods of every ReplicaSet with the same controlling owner (k/k: getIndirectlyRelatedPods). */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs);
    const siblings = owner ? this.rsByOwner.ownedBy(owner.uid) : [rs];
    return siblings.flatMap((x) => this.pods.ownedBy(x.metadata!.uid)).filter(isPodActive);
  }

  /** k/k: getPodsToDelete with getPodsRankedByRelatedPodsOnSameNode. */
  private podsToDelete(pods: Pod[], related: Pod[], diff: number): Pod[] {
    if (diff >= pods.length) return pods;
    const onNode = new Map<string, number>();
    for (const p of related) {
      const n = p.spec?.nodeName;
      if (n) onNode.set(n, (onNode.get(n) ?? 0) + 1);
    }
    const ranks = pods.map((p) => onNode.get(p.spec?.nodeName ?? '') ?? 0);
    return rankPodsForDeletion(pods, ranks, this.clock.now).slice(0, diff);
  }

  /** PUT replicasets/status when the counts changed (k/k: updateReplicaSetStatus; one retry on conflict). */
  private updateStatus(
    rs: ReplicaSet,
    status: RSStatus,
    cb: (updated: ReplicaSet, err?: string) => void,
    retried = false,
  ): void {
    const cur = rs.status ?? { replicas: 0 };
    const same =
      (cur.replicas ?? 0) === status.replicas &&
      (cur.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
      (cur.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
      (cur.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
      rs.metadata?.generation === cur.observedGeneration &&
      jsonEqual(cur.conditions ?? [], status.conditions ?? []);
    if (same) return cb(rs);
    const next = clone(rs);
    next.status = withObservedGeneration(status, rs.metadata?.generation);
    this.client.updateStatus('replicasets', next, (r) => {
      if (r.code === 200) return cb(r.body as ReplicaSet);
      if (r.code === 409 && !retried) {
        return this.client.get('replicasets', rs.metadata!.namespace, rs.metadata!.name!, (g) => {
          if (g.code !== 200) return cb(rs, errorText(g));
          this.updateStatus(g.body as ReplicaSet, status, cb, true);
        });
      }
      cb(rs, errorText(r));
    });
  }
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
  let conditions: ReplicaSetCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageErr && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
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
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
  };
  if (conditions.length) status.conditions = conditions;
  return status;
}
