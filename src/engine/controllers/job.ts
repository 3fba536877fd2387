import { clone } from '../apiserver/patch';
import { matchesLabelSelector } from '../api/labels';
import type { Component } from '../component';
import type { Job, JobCondition, OwnerReference, Pod } from '../api/types';
import type { Stored } from '../api/stored';
import { all, type Co, type Task } from '../client/coroutine';
import { objectKey, type Cached, type Informer } from '../client/informer';
import {
  BURST_REPLICAS,
  controllerOf,
  errorText,
  isPodActive,
  isPodReady,
  isPodTerminating,
  newControllerRef,
  podFromTemplate,
  rankPodsForDeletion,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatchCo,
} from './controllerUtils';
import { ControllerExpectations } from './expectations';
import {
  backoffRemaining,
  findCondition,
  hasTrackingFinalizer,
  isJobFinished,
  isPodFailed,
  JOB_TRACKING_FINALIZER,
  newJobCondition,
  nextBackoffRecord,
  serializeJobStatus,
  SYNC_JOB_BATCH_PERIOD_MS,
  type BackoffRecord,
} from './jobUtil';
import { OwnerIndex } from './ownerIndex';
import { claim } from './refManager';
import { SyncController, type SyncResult } from './syncController';
import { onDemand } from '../onDemand';
// jobs: ./jobIndexed, ./jobBackoffPerIndex & co. load on demand (../onDemand.ts) for a learner's Job.
const indexed = () => onDemand().jobIndexed;
const perIndex = () => onDemand().jobBackoffPerIndex;

/** What one sync of a Job works with (k/k: syncJobCtx). */
interface JobCtx {
  key: string;
  job: Stored<Job>;
  pods: Stored<Pod>[];
  active: Stored<Pod>[];
  terminating: number;
  finished?: JobCondition;
  backoff: BackoffRecord;
  /** Pods this sync deleted (their finalizer is already gone). */
  deleted: Set<string>;
  requeueAfterMs?: number;
  /** indexed: an Indexed Job's succeeded completion indexes (k/k: succeededIndexes). */
  indexes?: number[];
  /** jobs: backoffLimitPerIndex's failed indexes and the pods whose removal waits (k/k). */
  failedIndexes?: number[];
  delayed?: Map<number, Pod>;
}

/**
 * The Job controller (k/k: pkg/controller/job/job_controller.go, v1.31): runs pods named
 * `<job>-<5 chars>` with the `batch.kubernetes.io/job-tracking` finalizer until `completions`
 * succeed, at most `parallelism` at a time; replaces failed pods after a back-off of 10 s
 * doubling; fails the Job past `backoffLimit` (failed pods, or container restarts with
 * restartPolicy OnFailure) and deletes its active pods. Finished pods are counted through
 * `status.uncountedTerminatedPods` before their finalizer is removed; the interim
 * `SuccessCriteriaMet` / `FailureTarget` condition comes first, `Complete` / `Failed` once no
 * pod is left terminating.
 */
export class JobController extends SyncController {
  private jobInf!: Informer<Job>;
  private podInf!: Informer<Pod>;
  private pods!: OwnerIndex<Pod>;
  readonly expectations: ControllerExpectations;
  /** Pod uids whose finalizer removal is in flight, per Job key. */
  private finalizerExpectations = new Map<string, Set<string>>();
  private backoffs = new Map<string, BackoffRecord>();

  constructor(manager: Component) {
    super(manager, 'job', 'job-controller');
    this.expectations = new ControllerExpectations(manager.clock);
  }

  setup(): void {
    this.resetSyncs();
    this.expectations.clear();
    this.finalizerExpectations.clear();
    this.jobInf = this.informers.informer<Job>('jobs');
    this.podInf = this.informers.informer<Pod>('pods');
    this.pods = OwnerIndex.of(this.podInf);
    this.jobInf.on({
      add: (j) => this.enqueue(j),
      update: (_o, j) => this.enqueue(j),
      delete: (j) => {
        this.enqueue(j);
        // k/k: cleanupPodFinalizers — a deleted Job's pods must not keep its finalizer.
        for (const p of this.pods.ownedBy(j.metadata.uid))
          if (hasTrackingFinalizer(p)) this.coroutines.spawn(this.removeTrackingFinalizer(p));
      },
    });
    this.podInf.on({
      add: (p) => this.podEvent(p, 'add'),
      update: (old, p) => {
        if (old.metadata.resourceVersion !== p.metadata.resourceVersion) this.podEvent(p, 'update');
      },
      delete: (p) => this.podEvent(p, 'delete'),
    });
  }

  private resolve(ns: string, ref: OwnerReference | undefined): Cached<Job> | undefined {
    if (!ref || ref.kind !== 'Job') return undefined;
    const j = this.jobInf.get(`${ns}/${ref.name}`);
    return j && j.metadata.uid === ref.uid ? j : undefined;
  }

  /** k/k: addPod / updatePod / deletePod — observe expectations, then sync the Job batched. */
  private podEvent(pod: Cached<Pod>, kind: 'add' | 'update' | 'delete'): void {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'Job') return;
    const job = this.resolve(pod.metadata.namespace!, ref);
    if (!job) {
      // An orphan still carrying the finalizer (k/k: handleOrphanPod).
      if (kind !== 'delete' && hasTrackingFinalizer(pod) && this.jobInf.hasSynced)
        this.coroutines.spawn(this.removeTrackingFinalizer(pod));
      return;
    }
    const key = objectKey(job);
    const uid = pod.metadata.uid;
    if (kind === 'add' && !pod.metadata.deletionTimestamp) this.expectations.creationObserved(key);
    if (pod.metadata.deletionTimestamp || kind === 'delete')
      this.expectations.deletionObserved(key, objectKey(pod));
    if (kind === 'delete' || !hasTrackingFinalizer(pod))
      this.finalizerExpectations.get(key)?.delete(uid);
    this.queue.addAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
  }

  /** PATCH the pod without the tracking finalizer; true when it is gone (or the pod is). */
  private *removeTrackingFinalizer(pod: Stored<Pod>): Co<boolean> {
    const m = pod.metadata;
    const rest = (m.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    const patch = { metadata: { finalizers: rest.length ? rest : null } };
    const r = yield* this.api.patch('pods', m.namespace, m.name!, patch, 'merge');
    return r.code === 200 || r.code === 404;
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncJob(key), done);
  }

  /**
   * k/k: syncJob — claim the Job's pods, count the finished ones, decide whether the Job failed
   * or succeeded, create or delete pods toward `parallelism` (manageJob), then record it all in
   * the status and remove the counted pods' finalizers.
   */
  private *syncJob(key: string): Co<SyncResult> {
    if (!this.synced(this.jobInf, this.podInf)) return { requeueAfterMs: 100 };
    const cached = this.jobInf.get(key);
    if (!cached) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoffs.delete(key);
      return undefined;
    }
    if (isJobFinished(cached)) {
      this.backoffs.delete(key);
      return undefined;
    }
    const job = clone(cached);
    const status = (job.status = job.status ?? {});
    const uncounted = (status.uncountedTerminatedPods = status.uncountedTerminatedPods ?? {});
    const pods = yield* claim<Pod>({
      client: this.client,
      resource: 'pods',
      owner: job,
      ref: newControllerRef(job, 'batch/v1', 'Job'),
      matches: (p) => matchesLabelSelector(p.metadata?.labels, job.spec?.selector),
      candidates: this.pods.candidates(cached.metadata.uid, cached.metadata.namespace!),
    });

    const counted = new Set([...(uncounted.succeeded ?? []), ...(uncounted.failed ?? [])]);
    const expectedRm = this.finalizerExpectations.get(key) ?? new Set<string>();
    const fresh = (p: Stored<Pod>) =>
      hasTrackingFinalizer(p) && !counted.has(p.metadata.uid) && !expectedRm.has(p.metadata.uid);
    const newSucceeded = pods.filter((p) => fresh(p) && p.status?.phase === 'Succeeded');
    // corpus-apps: a failure an Ignore rule matches is not counted (pod failure policy).
    const newFailed = pods.filter(
      (p) => fresh(p) && isPodFailed(p, job) && onDemand().matchPodFailurePolicy(job, p).count,
    );
    // indexed: an Indexed Job counts its succeeded indexes, not its pods.
    const indexes = indexed().isIndexedJob(job)
      ? indexed().succeededIndexes(job, newSucceeded)
      : undefined;
    const succeeded =
      indexes?.length ??
      (status.succeeded ?? 0) + newSucceeded.length + (uncounted.succeeded?.length ?? 0);
    const failed = (status.failed ?? 0) + newFailed.length + (uncounted.failed?.length ?? 0);
    const ctx: JobCtx = {
      key,
      job,
      pods,
      active: pods.filter(isPodActive),
      terminating: pods.filter(isPodTerminating).length,
      backoff: nextBackoffRecord(this.backoffs.get(key), newSucceeded, newFailed),
      deleted: new Set(),
      indexes,
    };
    const oldActive = status.active ?? 0;
    const oldReady = status.ready;
    const oldTerminating = status.terminating;
    if (!status.startTime && !job.spec?.suspend) status.startTime = this.clock.timestamp();
    const ts = this.clock.timestamp();
    // jobs: FailJob, backoff limit, deadline, failed indexes, success policy (./jobFinishedCondition).
    const { decideFinished } = onDemand();
    const decided = decideFinished(job, pods, ctx.active, failed, indexes, this.clock.now, ts);
    ctx.finished = decided.finished;
    ctx.failedIndexes = decided.failedIndexes;
    ctx.delayed = decided.delayed;
    let active = ctx.active.length;
    let ready = ctx.active.filter(isPodReady).length;
    if (ctx.finished) {
      // The Job failed, or met its success policy: its active pods go (k/k: deleteActivePods).
      const [deleted, deletedReady] = yield* this.deleteJobPods(ctx, ctx.active, false);
      ctx.terminating += deleted;
      active -= deleted;
      ready -= deletedReady;
    } else {
      if (this.expectations.satisfied(key) && !job.metadata?.deletionTimestamp)
        active = yield* this.manageJob(ctx, succeeded);
      const completions = job.spec?.completions;
      const complete =
        completions === undefined || completions === null
          ? succeeded > 0 && active === 0
          : succeeded >= completions && active === 0;
      if (complete)
        ctx.finished = newJobCondition(
          'SuccessCriteriaMet',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          ts,
        );
    }

    status.active = active;
    status.ready = ready;
    status.terminating = ctx.terminating;
    const needsStatusUpdate =
      active !== oldActive || ready !== oldReady || ctx.terminating !== oldTerminating;
    const err = yield* this.trackJobStatusAndRemoveFinalizers(ctx, needsStatusUpdate);
    if (err) return { error: err };
    return ctx.requeueAfterMs !== undefined ? { requeueAfterMs: ctx.requeueAfterMs } : undefined;
  }

  /**
   * k/k: manageJob — create or delete pods toward the wanted number of active pods. Returns the
   * number of active pods afterwards.
   */
  private *manageJob(ctx: JobCtx, succeeded: number): Co<number> {
    const job = ctx.job;
    const active = ctx.active.length;
    const parallelism = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions;
    if (job.spec?.suspend) {
      const [deleted] = yield* this.deleteJobPods(ctx, ctx.active, true);
      return active - deleted;
    }
    let want: number;
    if (completions === undefined || completions === null)
      want = succeeded > 0 ? active : parallelism;
    else want = Math.max(0, Math.min(completions - succeeded, parallelism));
    const rm = Math.max(0, active - want);
    if (rm > 0) {
      const victims = rankPodsForDeletion(
        ctx.active,
        ctx.active.map(() => 0),
        this.clock.now,
      ).slice(0, Math.min(rm, BURST_REPLICAS));
      this.expectations.expectDeletions(
        ctx.key,
        victims.map((p) => objectKey(p)),
      );
      const [deleted] = yield* this.deleteJobPods(ctx, victims, true);
      return active - deleted;
    }
    const terminating = job.spec?.podReplacementPolicy === 'Failed' ? ctx.terminating : 0;
    if (active + terminating >= want) return active;
    // jobs: with backoffLimitPerIndex each index backs off on its own (k/k: manageJob).
    const wait = ctx.delayed ? 0 : backoffRemaining(ctx.backoff, this.clock.now);
    if (wait > 0) {
      ctx.requeueAfterMs = wait;
      return active;
    }
    let diff = Math.min(want - terminating - active, BURST_REPLICAS);
    let pending =
      ctx.indexes &&
      indexed().firstPendingIndexes(job, ctx.indexes, ctx.active, diff, ctx.failedIndexes);
    const ready = perIndex().indexesReadyToCreate(pending, ctx.delayed, this.clock.now);
    if (ready.waitMs > 0) {
      ctx.requeueAfterMs = ready.waitMs;
      return active;
    }
    pending = ready.indexes;
    if (pending) diff = pending.length;
    // Expect the creations before any is sent: their watch events may come before the replies.
    this.expectations.expectCreations(ctx.key, diff);
    const ns = job.metadata.namespace!;
    const ref = newControllerRef(job, 'batch/v1', 'Job');
    const { api, recorder } = this;
    const successes = yield* slowStartBatchCo(diff, SLOW_START_INITIAL_BATCH_SIZE, function* () {
      const pod = podFromTemplate(job.spec!.template, ns, `${job.metadata.name}-`, ref);
      const ix = pending?.shift();
      if (ix !== undefined) indexed().addCompletionIndex(pod, job.metadata.name!, ix);
      if (ix !== undefined && ctx.delayed) perIndex().addIndexFailureCount(pod, job, ctx.delayed);
      pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
      const r = yield* api.create('pods', ns, pod);
      if (r.code === 201) {
        const name = (r.body as Stored<Pod>).metadata.name;
        recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
        return true;
      }
      recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorText(r)}`);
      return false;
    });
    // Pods never created will never be observed.
    for (let i = successes; i < diff; i++) this.expectations.creationObserved(ctx.key);
    return active + successes;
  }

  /**
   * k/k: deleteJobPods (surplus pods: drop the finalizer first, so they are not counted) and
   * deleteActivePods (a failed Job's pods: counted as failed); `SuccessfulDelete` per pod.
   * Returns how many were deleted, and how many of those were ready.
   */
  private *deleteJobPods(
    ctx: JobCtx,
    pods: Stored<Pod>[],
    dropFinalizer: boolean,
  ): Co<[deleted: number, deletedReady: number]> {
    const results = yield* all(pods.map((pod) => this.deleteJobPod(ctx, pod, dropFinalizer)));
    const deleted = results.filter((r) => r !== undefined);
    return [deleted.length, deleted.filter(Boolean).length];
  }

  /** One pod of deleteJobPods; whether it was ready, or undefined when it was not deleted. */
  private *deleteJobPod(
    ctx: JobCtx,
    pod: Stored<Pod>,
    dropFinalizer: boolean,
  ): Co<boolean | undefined> {
    const m = pod.metadata;
    if (dropFinalizer && hasTrackingFinalizer(pod)) yield* this.removeTrackingFinalizer(pod);
    const r = yield* this.api.delete('pods', m.namespace, m.name!);
    if (r.code === 200) {
      if (dropFinalizer) ctx.deleted.add(m.uid!);
      this.recorder.event(ctx.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${m.name}`);
      return isPodReady(pod);
    }
    // Its deletion will never be observed.
    this.expectations.deletionObserved(ctx.key, objectKey(pod));
    if (r.code !== 404)
      this.recorder.event(ctx.job, 'Warning', 'FailedDelete', `Error deleting: ${errorText(r)}`);
    return undefined;
  }

  /**
   * k/k: trackJobStatusAndRemoveFinalizers — record finished pods in uncountedTerminatedPods
   * (and the interim condition), remove their finalizers, move them into succeeded/failed, and
   * finish the Job (Complete / Failed) when nothing is left in flight. Returns the error.
   */
  private *trackJobStatusAndRemoveFinalizers(
    ctx: JobCtx,
    needsFlush: boolean,
  ): Co<string | undefined> {
    const job = ctx.job;
    const status = job.status!;
    const uncounted = status.uncountedTerminatedPods!;
    const expectedRm = this.finalizerExpectations.get(ctx.key) ?? new Set<string>();
    const podsToRemoveFinalizer: Stored<Pod>[] = [];
    const uidsWithFinalizer = new Set<string>();
    const jobFailed = ctx.finished?.type === 'FailureTarget';
    for (const pod of ctx.pods) {
      const uid = pod.metadata.uid;
      if (!hasTrackingFinalizer(pod) || ctx.deleted.has(uid)) continue;
      uidsWithFinalizer.add(uid);
      if (expectedRm.has(uid)) continue;
      const phase = pod.status?.phase;
      // Once the Job has failed, every pod that did not succeed counts as failed.
      const failed = isPodFailed(pod, job) || (jobFailed && phase !== 'Succeeded');
      if (phase !== 'Succeeded' && !failed && !pod.metadata?.deletionTimestamp) continue;
      // jobs: the last failed pod of an index waits for its replacement (k/k: canRemoveFinalizer).
      if (!ctx.finished && phase !== 'Succeeded' && perIndex().isDelayed(ctx.delayed, job, pod))
        continue;
      podsToRemoveFinalizer.push(pod);
      const known = uncounted.succeeded?.includes(uid) || uncounted.failed?.includes(uid);
      if (known) continue;
      // indexed: the index is enough not to count a succeeded pod twice (k/k: no uid kept).
      if (phase === 'Succeeded' && ctx.indexes) continue;
      if (phase === 'Succeeded') uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
      else if (failed) uncounted.failed = [...(uncounted.failed ?? []), uid];
      needsFlush = true;
    }
    const failedIndexes = ctx.failedIndexes && indexed().formatIndexes(ctx.failedIndexes);
    if (failedIndexes !== undefined && failedIndexes !== status.failedIndexes) {
      status.failedIndexes = failedIndexes;
      needsFlush = true;
    }
    const completedIndexes = ctx.indexes && indexed().formatIndexes(ctx.indexes);
    if (completedIndexes !== undefined && completedIndexes !== (status.completedIndexes ?? '')) {
      status.completedIndexes = completedIndexes;
      status.succeeded = ctx.indexes!.length;
      needsFlush = true;
    }
    if (
      ctx.finished &&
      (ctx.finished.type === 'FailureTarget' || ctx.finished.type === 'SuccessCriteriaMet') &&
      !findCondition(job, ctx.finished.type)
    ) {
      status.conditions = [...(status.conditions ?? []), ctx.finished];
      needsFlush = true;
    }
    // k/k: flushUncountedAndRemoveFinalizers — the uncounted pods are written before any
    // finalizer goes, so a pod is never lost between the two.
    if (needsFlush) {
      const err = yield* this.updateJobStatus(ctx);
      if (err) return err;
      this.backoffs.set(ctx.key, ctx.backoff);
    }
    yield* this.removeTrackingFinalizerFromPods(ctx, podsToRemoveFinalizer, uidsWithFinalizer);
    return yield* this.countAndFinish(ctx, uidsWithFinalizer);
  }

  /** k/k: removeTrackingFinalizerFromPods — side by side, each expected until observed. */
  private *removeTrackingFinalizerFromPods(
    ctx: JobCtx,
    pods: Stored<Pod>[],
    uidsWithFinalizer: Set<string>,
  ): Co<void> {
    if (pods.length === 0) return;
    let expected = this.finalizerExpectations.get(ctx.key);
    if (!expected) this.finalizerExpectations.set(ctx.key, (expected = new Set()));
    for (const p of pods) expected.add(p.metadata.uid);
    const removed = yield* all(pods.map((p) => this.removeTrackingFinalizer(p)));
    pods.forEach((p, i) => {
      if (removed[i]) uidsWithFinalizer.delete(p.metadata.uid);
      else expected.delete(p.metadata.uid);
    });
  }

  /**
   * Move uncounted pods whose finalizer is gone into succeeded/failed (k/k:
   * cleanUncountedPodsWithoutFinalizers); then, when nothing is left uncounted or terminating,
   * the terminal condition (k/k: enactJobFinished). Returns the error.
   */
  private *countAndFinish(ctx: JobCtx, uidsWithFinalizer: Set<string>): Co<string | undefined> {
    const status = ctx.job.status!;
    const u = status.uncountedTerminatedPods!;
    const s = (u.succeeded ?? []).filter((uid) => uidsWithFinalizer.has(uid));
    const f = (u.failed ?? []).filter((uid) => uidsWithFinalizer.has(uid));
    let needsFlush =
      s.length !== (u.succeeded?.length ?? 0) || f.length !== (u.failed?.length ?? 0);
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded?.length ?? 0) - s.length;
    status.failed = (status.failed ?? 0) + (u.failed?.length ?? 0) - f.length;
    status.uncountedTerminatedPods = { succeeded: s, failed: f };
    const c = ctx.finished;
    const finished = c && s.length + f.length === 0 && ctx.terminating === 0;
    if (finished) {
      const ts = this.clock.timestamp();
      const terminal = newJobCondition(
        c.type === 'FailureTarget' ? 'Failed' : 'Complete',
        c.reason!,
        c.message!,
        ts,
      );
      status.conditions = [...(status.conditions ?? []), terminal];
      if (terminal.type === 'Complete') status.completionTime = ts;
      needsFlush = true;
    }
    if (!needsFlush) return undefined;
    const err = yield* this.updateJobStatus(ctx);
    if (!err && finished) {
      if (c.type === 'SuccessCriteriaMet')
        this.recorder.event(ctx.job, 'Normal', 'Completed', 'Job completed');
      else this.recorder.event(ctx.job, 'Warning', c.reason!, c.message!);
    }
    return err;
  }

  /** PUT jobs/status, keeping the returned object for the next write of this sync. */
  private *updateJobStatus(ctx: JobCtx): Co<string | undefined> {
    const body = { ...ctx.job, status: serializeJobStatus(ctx.job.status!) };
    const r = yield* this.api.updateStatus('jobs', body);
    if (r.code !== 200) return errorText(r);
    const updated = clone(r.body as Stored<Job>);
    updated.status = ctx.job.status;
    ctx.job = updated;
    return undefined;
  }
}
