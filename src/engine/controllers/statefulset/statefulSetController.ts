import { jsonEqual } from '../../apiserver/patch';
import { matchesLabelSelector } from '../../api/labels';
import type { Component } from '../../component';
import type {
  ControllerRevision,
  OwnerReference,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
} from '../../api/types';
import type { Named, Stored } from '../../api/stored';
import type { Co, Task } from '../../client/coroutine';
import { objectKey, type Cached, type Informer } from '../../client/informer';
import { controllerOf, errorText, isPodReady, newControllerRef } from '../controllerUtils';
import { cleanupHistory, constructHistory } from '../history';
import { OwnerIndex } from '../ownerIndex';
import { claim } from '../refManager';
import { SyncController, type SyncResult } from '../syncController';
import { onDemand } from '../../onDemand';
// The update of the pods (control.ts) is loaded on demand (../../onDemand.ts): only a learner's
// StatefulSet is synced.
import type { STSStatus } from './control';
import { ordinalOf, podRevision } from './utils';

/**
 * The StatefulSet controller (k/k: pkg/controller/statefulset/stateful_set.go): pods with
 * stable names `web-0`, `web-1`… created in order and removed in reverse order (OrderedReady),
 * or all at once (Parallel); each with its own PersistentVolumeClaims from
 * `volumeClaimTemplates` and the hostname and subdomain of the headless Service's per-pod DNS
 * name; a new template rolled out from the highest ordinal down to `partition`, its revisions
 * kept as ControllerRevisions. One sync's steps are in ./control.
 */
export class StatefulSetController extends SyncController {
  private setInf!: Informer<StatefulSet>;
  private podInf!: Informer<Pod>;
  private crInf!: Informer<ControllerRevision>;
  private pvcInf!: Informer<PersistentVolumeClaim>;
  private pods!: OwnerIndex<Pod>;
  private revisions!: OwnerIndex<ControllerRevision>;
  /** Pods created and not yet seen by the informer, by set key: their names are taken. */
  private creating = new Map<string, Set<string>>();

  constructor(manager: Component) {
    super(manager, 'statefulset', 'statefulset-controller');
  }

  setup(): void {
    this.resetSyncs();
    this.creating.clear();
    this.setInf = this.informers.informer<StatefulSet>('statefulsets');
    this.podInf = this.informers.informer<Pod>('pods');
    this.crInf = this.informers.informer<ControllerRevision>('controllerrevisions');
    this.pvcInf = this.informers.informer<PersistentVolumeClaim>('persistentvolumeclaims');
    this.pods = OwnerIndex.of(this.podInf);
    this.revisions = OwnerIndex.of(this.crInf);
    this.setInf.on({
      add: (s) => this.enqueue(s),
      update: (_o, s) => this.enqueue(s),
      delete: (s) => {
        this.creating.delete(objectKey(s));
        this.enqueue(s);
      },
    });
    this.podInf.on({
      add: (pod) => this.podChanged(pod),
      update: (old, pod) => {
        if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
        this.podChanged(pod);
        const set = this.resolve(pod.metadata.namespace!, controllerOf(pod));
        const minReady = set?.spec?.minReadySeconds ?? 0;
        if (set && minReady > 0 && !isPodReady(old) && isPodReady(pod))
          this.queue.addAfter(objectKey(set), minReady * 1000);
      },
      delete: (pod) => this.podChanged(pod),
    });
  }

  private resolve(ns: string, ref: OwnerReference | undefined): Cached<StatefulSet> | undefined {
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    const set = this.setInf.get(`${ns}/${ref.name}`);
    return set && set.metadata?.uid === ref.uid ? set : undefined;
  }

  /** k/k: addPod/updatePod/deletePod — the owner, or every set that may adopt an orphan. */
  private podChanged(pod: Cached<Pod>): void {
    const ns = pod.metadata.namespace!;
    const ref = controllerOf(pod);
    if (ref) {
      const set = this.resolve(ns, ref);
      if (!set) return;
      this.creating.get(objectKey(set))?.delete(pod.metadata.name!);
      this.enqueue(set);
      return;
    }
    for (const set of this.setInf.list()) {
      if (
        set.metadata.namespace === ns &&
        matchesLabelSelector(pod.metadata?.labels, set.spec?.selector)
      )
        this.enqueue(set);
    }
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncStatefulSet(key), done);
  }

  /**
   * k/k: syncStatefulSet — claim the pods, build the revisions, run one pass of
   * updateStatefulSet, write the status, trim the history.
   */
  private *syncStatefulSet(key: string): Co<SyncResult> {
    if (!this.synced(this.setInf, this.podInf, this.crInf, this.pvcInf))
      return { requeueAfterMs: 100 };
    const set = this.setInf.get(key);
    if (!set) {
      this.creating.delete(key);
      return undefined;
    }
    if (set.metadata?.deletionTimestamp) return undefined;
    const ns = set.metadata.namespace!;
    const candidates = this.pods.candidates(set.metadata.uid, ns);
    const pods = yield* claim<Pod>({
      client: this.client,
      resource: 'pods',
      owner: set,
      ref: newControllerRef(set, 'apps/v1', 'StatefulSet'),
      // k/k: a pod is the set's when its selector matches and its name has the set's prefix.
      matches: (p) =>
        matchesLabelSelector(p.metadata?.labels, set.spec!.selector) && ordinalOf(set, p) >= 0,
      candidates,
    });
    const history = yield* constructHistory(
      this.api,
      set,
      'StatefulSet',
      this.revisions.candidates(set.metadata.uid, ns),
    );
    if ('error' in history) return { error: history.error };
    const update = history.current;
    const currentName = set.status?.currentRevision;
    const current =
      (currentName && history.old.find((cr) => cr.metadata?.name === currentName)) || update;
    // Pods whose create is in flight count as present (their names are taken).
    const taken = this.creating.get(key) ?? new Set<string>();
    this.creating.set(key, taken);
    const present = new Set(pods.map((p) => p.metadata.name));
    const placeholders: Named<Pod>[] = [...taken]
      .filter((n) => !present.has(n))
      .map((name) => ({ metadata: { name, namespace: ns } }));
    const result = yield* onDemand().updateStatefulSet(
      {
        api: this.api,
        recorder: this.recorder,
        nowMs: this.clock.now,
        hasClaim: (name) => !!this.pvcInf.get(`${ns}/${name}`),
        created: (name) => taken.add(name),
      },
      set,
      [...pods, ...placeholders],
      current,
      update,
    );
    const status = completeRollingUpdate(set, result.status);
    const statusErr = yield* this.updateStatus(set, status);
    const live = new Set(pods.map(podRevision));
    live.add(status.currentRevision ?? '');
    live.add(status.updateRevision ?? '');
    const histErr = yield* cleanupHistory(this.api, set, history.old, (cr) =>
      live.has(cr.metadata?.name ?? ''),
    );
    const err = result.error ?? statusErr ?? histErr;
    if (err) return { error: err };
    return result.requeueAfterMs ? { requeueAfterMs: result.requeueAfterMs } : undefined;
  }

  /** PUT statefulsets/status when it changed (one retry after a conflict). */
  private *updateStatus(set: Stored<StatefulSet>, status: STSStatus): Co<string | undefined> {
    let cur = set;
    for (let attempt = 0; ; attempt++) {
      const want = serialize(status);
      if (jsonEqual(want, serialize(cur.status ?? ({} as STSStatus)))) return undefined;
      const r = yield* this.api.updateStatus('statefulsets', { ...cur, status: want });
      if (r.code === 200) return undefined;
      if (r.code !== 409 || attempt > 0) return errorText(r);
      const g = yield* this.api.get('statefulsets', set.metadata.namespace, set.metadata.name);
      if (g.code !== 200) return errorText(g);
      cur = g.body as Stored<StatefulSet>;
    }
  }
}

/**
 * k/k: completeRollingUpdate — once every replica runs the update revision and is ready, it
 * becomes the current revision.
 */
function completeRollingUpdate(set: StatefulSet, s: STSStatus): STSStatus {
  if (
    set.spec?.updateStrategy?.type === 'RollingUpdate' &&
    s.updatedReplicas === s.replicas &&
    s.readyReplicas === s.replicas
  ) {
    return { ...s, currentReplicas: s.updatedReplicas, currentRevision: s.updateRevision };
  }
  return s;
}

/** apps/v1 StatefulSetStatus as it serialises: zero counts omitted but replicas and availableReplicas. */
function serialize(s: STSStatus): STSStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || v === null) continue;
    if (v === 0 && k !== 'replicas' && k !== 'availableReplicas' && k !== 'collisionCount')
      continue;
    out[k] = v;
  }
  return out as unknown as STSStatus;
}
