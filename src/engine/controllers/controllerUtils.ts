/**
 * Helpers the workload controllers share, after k/k: pkg/controller/controller_utils.go,
 * pkg/controller/controller_ref_manager.go and pkg/api/v1/pod/util.go.
 */
import type { ApiResponse } from '../apiserver/types';
import type { KubeObject, OwnerReference, Pod, PodTemplateSpec, Status } from '../api/types';
import { clone } from '../apiserver/patch';
import type { StoredObject } from '../api/stored';
import { EPOCH_MS } from '../sim/clock';
import { all, type Co } from '../client/coroutine';

/** How many pods one sync may create or delete at most (k/k: BurstReplicas, MaxPodCreateDeletePerSync). */
export const BURST_REPLICAS = 500;
/** Slow-start batches begin with one create (k/k: SlowStartInitialBatchSize). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** Virtual ms of an RFC 3339 timestamp (the inverse of `Clock.timestamp`). */
export function parseTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms - EPOCH_MS;
}

/** The error text of a failed response, as client-go's error prints it. */
export function errorText(r: ApiResponse): string {
  const b = r.body as Status | string | undefined;
  if (typeof b === 'string') return b;
  return b?.message ?? `the server responded with status ${r.code}`;
}

/** The owner reference that is the object's controller (metav1.GetControllerOf). */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  // scale: a loop, not `find` with a closure: every controller asks this of every pod event.
  const refs = obj.metadata?.ownerReferences;
  if (refs) for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return refs[i];
  return undefined;
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion are both true. */
export function newControllerRef(
  owner: StoredObject,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Terminal or being deleted pods do not count (k/k: controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** k/k: controller.IsPodTerminating — being deleted but not yet terminal. */
export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !!pod.metadata?.deletionTimestamp;
}

/** k/k: podutil.IsPodReady — the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  // A loop, not `some` with a closure: asked of pod events by several controllers.
  const conditions = pod.status?.conditions;
  if (conditions)
    for (let i = 0; i < conditions.length; i++)
      if (conditions[i].type === 'Ready' && conditions[i].status === 'True') return true;
  return false;
}

/** When the pod last became ready (virtual ms), if it is ready. */
export function podReadySince(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return c ? parseTime(c.lastTransitionTime) : undefined;
}

/**
 * k/k: podutil.IsPodAvailable — ready for at least minReadySeconds. The condition time has
 * second precision, as on a real cluster.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/**
 * k/k: controller.GetPodFromTemplate — a pod from a template: its labels, annotations and
 * finalizers, `generateName` `<parent>-`, and the controller reference.
 *
 * `sendAsIs`: the caller sends the pod to the API server unchanged, and the server copies a
 * create's body before anything touches it, so a frozen (informer) template's parts are shared
 * instead of deep-copied here too. Callers that edit the pod first must leave it false.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  namespace: string,
  generateName: string,
  controllerRef: OwnerReference,
  sendAsIs = false,
): Pod & { metadata: NonNullable<Pod['metadata']> } {
  const t = sendAsIs && Object.isFrozen(template) ? template : clone(template);
  const meta: Pod['metadata'] = { generateName, namespace };
  if (t.metadata?.labels) meta.labels = t.metadata.labels;
  if (t.metadata?.annotations) meta.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers) meta.finalizers = t.metadata.finalizers;
  meta.ownerReferences = [controllerRef];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: t.spec };
}

/** Calls `done` once `add()`ed tasks have all reported `finish()`. */
export class Latch {
  private pending = 1;
  private closed = false;

  constructor(private readonly done: () => void) {}

  add(n = 1): void {
    this.pending += n;
  }

  finish(): void {
    if (--this.pending === 0 && !this.closed) {
      this.closed = true;
      this.done();
    }
  }

  /** No more tasks will be added. */
  seal(): void {
    this.finish();
  }
}

/**
 * k/k: slowStartBatch — run `count` calls in batches of 1, 2, 4…; a batch starts only when
 * every call of the previous one succeeded, so a failing create (quota, a terminating namespace)
 * is tried a handful of times rather than hundreds. `done(successes)`.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (cb: (ok: boolean) => void) => void,
  done: (successes: number) => void,
): void {
  let remaining = count;
  let successes = 0;
  let batchSize = Math.min(remaining, initialBatchSize);
  const runBatch = () => {
    if (batchSize <= 0) return done(successes);
    let left = batchSize;
    let failed = false;
    for (let i = 0; i < batchSize; i++) {
      fn((ok) => {
        if (ok) successes++;
        else failed = true;
        if (--left > 0) return;
        if (failed) return done(successes);
        remaining -= batchSize;
        batchSize = Math.min(2 * batchSize, remaining);
        runBatch();
      });
    }
  };
  runBatch();
}

/**
 * k/k: slowStartBatch, for coroutines — run `count` calls of `fn` in batches of 1, 2, 4…, the
 * calls of a batch side by side; a batch starts only when every call of the previous one
 * succeeded. Returns how many succeeded.
 */
export function* slowStartBatchCo(
  count: number,
  initialBatchSize: number,
  fn: () => Co<boolean>,
): Co<number> {
  let remaining = count;
  let successes = 0;
  for (let batchSize = Math.min(remaining, initialBatchSize); batchSize > 0;) {
    const oks = yield* all(Array.from({ length: batchSize }, fn));
    successes += oks.filter(Boolean).length;
    if (oks.includes(false)) return successes;
    remaining -= batchSize;
    batchSize = Math.min(2 * batchSize, remaining);
  }
  return successes;
}

/** Max restart count over a pod's containers (used to rank pods for deletion). */
function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const s of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ]) {
    max = Math.max(max, s.restartCount ?? 0);
  }
  return max;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** k/k: logarithmicRankDiff — compare durations on a log2 scale (in nanoseconds, as Go does). */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e6;
  const d2 = (now - t2) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const n = v === undefined ? 0 : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

/**
 * k/k: ActivePodsWithRanks.Less with LogarithmicScaleDown — the order in which a ReplicaSet
 * deletes surplus pods: unscheduled < scheduled; Pending < Unknown < Running; not ready < ready;
 * lower pod-deletion-cost first; more pods of the same owner on the node first; ready for less
 * time first; more restarts first; newer first. `rank[i]` is the number of related pods on
 * pod i's node.
 */
export function rankPodsForDeletion<P extends Pod>(pods: P[], ranks: number[], nowMs: number): P[] {
  const idx = pods.map((_, i) => i);
  const less = (i: number, j: number): number => {
    const a = pods[i];
    const b = pods[j];
    const na = a.spec?.nodeName ?? '';
    const nb = b.spec?.nodeName ?? '';
    if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
    const pa = PHASE_ORDINAL[a.status?.phase ?? 'Pending'] ?? 0;
    const pb = PHASE_ORDINAL[b.status?.phase ?? 'Pending'] ?? 0;
    if (pa !== pb) return pa - pb;
    const ra = isPodReady(a);
    const rb = isPodReady(b);
    if (ra !== rb) return ra ? 1 : -1;
    const ca = deletionCost(a);
    const cb = deletionCost(b);
    if (ca !== cb) return ca - cb;
    if (ranks[i] !== ranks[j]) return ranks[j] - ranks[i];
    const uidOrder = () => ((a.metadata?.uid ?? '') < (b.metadata?.uid ?? '') ? -1 : 1);
    if (ra && rb) {
      const ta = podReadySince(a);
      const tb = podReadySince(b);
      if (ta !== tb) {
        if (ta === undefined) return -1;
        if (tb === undefined) return 1;
        const d = logarithmicRankDiff(ta, tb, nowMs);
        if (d === 0) return uidOrder();
        return d;
      }
    }
    const xa = maxContainerRestarts(a);
    const xb = maxContainerRestarts(b);
    if (xa !== xb) return xb - xa;
    const ta = parseTime(a.metadata?.creationTimestamp);
    const tb = parseTime(b.metadata?.creationTimestamp);
    if (ta !== tb) {
      if (ta === undefined) return -1;
      if (tb === undefined) return 1;
      const d = logarithmicRankDiff(ta, tb, nowMs);
      if (d === 0) return uidOrder();
      return d;
    }
    return 0;
  };
  return idx.sort(less).map((i) => pods[i]);
}
