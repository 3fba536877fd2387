import { clone } from '../apiserver/patch';
import { matchesLabelSelector } from '../api/labels';
import type { Component } from '../component';
import type { Job, JobCondition, OwnerReference, Pod } from '../api/types';
import { objectKey, type Informer } from '../client/informer';
import {
  BURST_REPLICAS,
  controllerOf,
  errorText,
  isPodActive,
  isPodReady,
  isPodTerminating,
  Latch,
  newControllerRef,
  parseTime,
  podFromTemplate,
  rankPodsForDeletion,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatch,
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
  pastBackoffLimitOnFailure,
  serializeJobStatus,
  SYNC_JOB_BATCH_PERIOD_MS,
  type BackoffRecord,
} from './jobUtil';
import { OwnerIndex } from './ownerIndex';
import { claimObjects } from './refManager';
import { SyncController, type SyncResult } from './syncController';

type Done = (result?: SyncResult) => void;

/** What one sync of a Job works with (k/k: syncJobCtx). */
interface JobCtx {
  key: string;
  job: Job;
  pods: Pod[];
  active: Pod[];
  terminating: number;
  finished?: JobCondition;
  backoff: BackoffRecord;
  /** Pods this sync deleted (their finalizer is already gone). */
  deleted: Set<string>;
  requeueAfterMs?: number;
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
    this.pods = new OwnerIndex(this.podInf);
    this.jobInf.on({
      add: (j) => this.enqueue(j),
      update: (_o, j) => this.enqueue(j),
      delete: (j) => {
        this.enqueue(j);
        // k/k: cleanupPodFinalizers — a deleted Job's pods must not keep its finalizer.
        for (const p of this.pods.ownedBy(j.metadata?.uid))
          if (hasTrackingFinalizer(p)) this.removeFinalizer(p);
      },
    });
    this.podInf.on({
      add: (p) => this.podEvent(p, 'add'),
      update: (old, p) => {
        if (old.metadata?.resourceVersion !== p.metadata?.resourceVersion)
          this.podEvent(p, 'update');
      },
      delete: (p) => this.podEvent(p, 'delete'),
    });
  }

  private resolve(ns: string, ref: OwnerReference | undefined): Job | undefined {
    if (!ref || ref.kind !== 'Job') return undefined;
    const j = this.jobInf.get(`${ns}/${ref.name}`);
    return j && j.metadata?.uid === ref.uid ? j : undefined;
  }

  /** k/k: addPod / updatePod / deletePod — observe expectations, then sync the Job batched. */
  private podEvent(pod: Pod, kind: 'add' | 'update' | 'delete'): void {
    const ns = pod.metadata!.namespace!;
    const ref = controllerOf(pod);
    if (ref?.kind !== 'Job') return;
    const job = this.resolve(ns, ref);
    if (!job) {
      // An orphan still carrying the finalizer (k/k: handleOrphanPod).
      if (kind !== 'delete' && hasTrackingFinalizer(pod) && this.jobInf.hasSynced)
        this.removeFinalizer(pod);
      return;
    }
    const key = objectKey(job);
    const uid = pod.metadata!.uid!;
    if (kind === 'add' && !pod.metadata?.deletionTimestamp) this.expectations.creationObserved(key);
    if (pod.metadata?.deletionTimestamp || kind === 'delete')
      this.expectations.deletionObserved(key, objectKey(pod));
    if (kind === 'delete' || !hasTrackingFinalizer(pod))
      this.finalizerExpectations.get(key)?.delete(uid);
    this.queue.addAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
  }

  private removeFinalizer(pod: Pod, cb: (ok: boolean) => void = () => {}): void {
    const m = pod.metadata!;
    const rest = (m.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    this.client.patch(
      'pods',
      m.namespace,
      m.name!,
      { metadata: { finalizers: rest.length ? rest : null } },
      (r) => cb(r.code === 200 || r.code === 404),
      undefined,
      'merge',
    );
  }

  protected sync(key: string, done: Done): void {
    if (!this.synced(this.jobInf, this.podInf)) return done({ requeueAfterMs: 100 });
    const cached = this.jobInf.get(key);
    if (!cached) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoffs.delete(key);
      return done();
    }
    if (isJobFinished(cached)) {
      this.backoffs.delete(key);
      return done();
    }
    const job = clone(cached);
    const status = (job.status = job.status ?? {});
    status.uncountedTerminatedPods = status.uncountedTerminatedPods ?? {};
    const ns = job.metadata!.namespace!;
    claimObjects<Pod>(
      {
        client: this.client,
        resource: 'pods',
        owner: job,
        ref: newControllerRef(job, 'batch/v1', 'Job'),
        matches: (p) => matchesLabelSelector(p.metadata?.labels, job.spec?.selector),
        candidates: this.pods.candidates(job.metadata!.uid, ns),
      },
      (pods) => this.syncPods(key, job, pods, done),
    );
  }

  private syncPods(key: string, job: Job, pods: Pod[], done: Done): void {
    const status = job.status!;
    const uncounted = status.uncountedTerminatedPods!;
    const counted = new Set([...(uncounted.succeeded ?? []), ...(uncounted.failed ?? [])]);
    const expectedRm = this.finalizerExpectations.get(key) ?? new Set<string>();
    const fresh = (p: Pod) =>
      hasTrackingFinalizer(p) &&
      !counted.has(p.metadata!.uid!) &&
      !expectedRm.has(p.metadata!.uid!);
    const newSucceeded = pods.filter((p) => fresh(p) && p.status?.phase === 'Succeeded');
    const newFailed = pods.filter((p) => fresh(p) && isPodFailed(p, job));
    const succeeded =
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
      finished: findCondition(job, 'SuccessCriteriaMet') ?? findCondition(job, 'FailureTarget'),
    };
    const oldActive = status.active ?? 0;
    const oldReady = status.ready;
    const oldTerminating = status.terminating;
    if (!status.startTime && !job.spec?.suspend) status.startTime = this.clock.timestamp();
    const ts = this.clock.timestamp();
    if (!ctx.finished) {
      if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finished = newJobCondition(
          'FailureTarget',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          ts,
        );
      } else if (this.pastActiveDeadline(job)) {
        ctx.finished = newJobCondition(
          'FailureTarget',
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
          ts,
        );
      }
    }
    const afterManage = (active: number, ready: number) => {
      status.active = active;
      status.ready = ready;
      status.terminating = ctx.terminating;
      const needsUpdate =
        active !== oldActive || ready !== oldReady || ctx.terminating !== oldTerminating;
      this.trackStatusAndRemoveFinalizers(ctx, needsUpdate, (err) => {
        if (err) return done({ error: err });
        done(ctx.requeueAfterMs !== undefined ? { requeueAfterMs: ctx.requeueAfterMs } : undefined);
      });
    };
    const ready = ctx.active.filter(isPodReady).length;
    if (ctx.finished?.type === 'FailureTarget') {
      // The Job failed: its active pods go, and are counted as failed (k/k: deleteActivePods).
      return this.deleteJobPods(ctx, ctx.active, false, (deleted, deletedReady) => {
        ctx.terminating += deleted;
        afterManage(ctx.active.length - deleted, ready - deletedReady);
      });
    }
    if (ctx.finished) return afterManage(ctx.active.length, ready);
    const check = (active: number) => {
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
      afterManage(active, ctx.active.filter(isPodReady).length);
    };
    if (this.expectations.satisfied(key) && !job.metadata?.deletionTimestamp)
      this.manageJob(ctx, succeeded, check);
    else check(ctx.active.length);
  }

  private pastActiveDeadline(job: Job): boolean {
    const deadline = job.spec?.activeDeadlineSeconds;
    const start = parseTime(job.status?.startTime);
    if (!deadline || start === undefined) return false;
    return this.clock.now - start >= deadline * 1000;
  }

  /** k/k: manageJob — create or delete pods toward the wanted number of active pods. */
  private manageJob(ctx: JobCtx, succeeded: number, cb: (active: number) => void): void {
    const job = ctx.job;
    const active = ctx.active.length;
    const parallelism = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions;
    if (job.spec?.suspend) return this.deleteJobPods(ctx, ctx.active, true, (n) => cb(active - n));
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
      return this.deleteJobPods(ctx, victims, true, (n) => cb(active - n));
    }
    const terminating = job.spec?.podReplacementPolicy === 'Failed' ? ctx.terminating : 0;
    if (active + terminating >= want) return cb(active);
    const wait = backoffRemaining(ctx.backoff, this.clock.now);
    if (wait > 0) {
      ctx.requeueAfterMs = wait;
      return cb(active);
    }
    const diff = Math.min(want - terminating - active, BURST_REPLICAS);
    this.expectations.expectCreations(ctx.key, diff);
    const ns = job.metadata!.namespace!;
    const ref = newControllerRef(job, 'batch/v1', 'Job');
    slowStartBatch(
      diff,
      SLOW_START_INITIAL_BATCH_SIZE,
      (done) => {
        const pod = podFromTemplate(job.spec!.template, ns, `${job.metadata!.name}-`, ref);
        pod.metadata!.finalizers = [...(pod.metadata!.finalizers ?? []), JOB_TRACKING_FINALIZER];
        this.client.create('pods', ns, pod, (r) => {
          if (r.code === 201) {
            this.recorder.event(
              job,
              'Normal',
              'SuccessfulCreate',
              `Created pod: ${(r.body as Pod).metadata!.name}`,
            );
            return done(true);
          }
          this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorText(r)}`);
          done(false);
        });
      },
      (successes) => {
        for (let i = successes; i < diff; i++) this.expectations.creationObserved(ctx.key);
        cb(active + successes);
      },
    );
  }

  /**
   * k/k: deleteJobPods (surplus pods: drop the finalizer first, so they are not counted) and
   * deleteActivePods (a failed Job's pods: counted as failed); `SuccessfulDelete` per pod.
   */
  private deleteJobPods(
    ctx: JobCtx,
    pods: Pod[],
    dropFinalizer: boolean,
    cb: (deleted: number, deletedReady: number) => void,
  ): void {
    let deleted = 0;
    let deletedReady = 0;
    const latch = new Latch(() => cb(deleted, deletedReady));
    for (const pod of pods) {
      latch.add();
      const m = pod.metadata!;
      const del = () =>
        this.client.delete('pods', m.namespace, m.name!, (r) => {
          if (r.code === 200) {
            deleted++;
            if (isPodReady(pod)) deletedReady++;
            if (dropFinalizer) ctx.deleted.add(m.uid!);
            this.recorder.event(ctx.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${m.name}`);
          } else {
            this.expectations.deletionObserved(ctx.key, objectKey(pod));
            if (r.code !== 404)
              this.recorder.event(
                ctx.job,
                'Warning',
                'FailedDelete',
                `Error deleting: ${errorText(r)}`,
              );
          }
          latch.finish();
        });
      if (dropFinalizer && hasTrackingFinalizer(pod)) this.removeFinalizer(pod, () => del());
      else del();
    }
    latch.seal();
  }

  /**
   * k/k: trackJobStatusAndRemoveFinalizers — record finished pods in uncountedTerminatedPods
   * (and the interim condition), remove their finalizers, move them into succeeded/failed, and
   * finish the Job (Complete / Failed) when nothing is left in flight.
   */
  private trackStatusAndRemoveFinalizers(
    ctx: JobCtx,
    needsUpdate: boolean,
    cb: (err?: string) => void,
  ): void {
    const job = ctx.job;
    const status = job.status!;
    const uncounted = status.uncountedTerminatedPods!;
    const expectedRm = this.finalizerExpectations.get(ctx.key) ?? new Set<string>();
    const toRemove: Pod[] = [];
    const withFinalizer = new Set<string>();
    let needsFlush = needsUpdate;
    const jobFailed = ctx.finished?.type === 'FailureTarget';
    for (const pod of ctx.pods) {
      const uid = pod.metadata!.uid!;
      if (!hasTrackingFinalizer(pod) || ctx.deleted.has(uid)) continue;
      withFinalizer.add(uid);
      if (expectedRm.has(uid)) continue;
      const phase = pod.status?.phase;
      // Once the Job has failed, every pod that did not succeed counts as failed.
      const failed = isPodFailed(pod, job) || (jobFailed && phase !== 'Succeeded');
      if (phase !== 'Succeeded' && !failed && !pod.metadata?.deletionTimestamp) continue;
      toRemove.push(pod);
      const known = uncounted.succeeded?.includes(uid) || uncounted.failed?.includes(uid);
      if (known) continue;
      if (phase === 'Succeeded') uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
      else if (failed) uncounted.failed = [...(uncounted.failed ?? []), uid];
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
    const afterFlush = () =>
      this.removeFinalizers(ctx, toRemove, withFinalizer, () =>
        this.finish(ctx, withFinalizer, cb),
      );
    if (!needsFlush) return afterFlush();
    this.writeStatus(ctx, (err) => {
      if (err) return cb(err);
      this.backoffs.set(ctx.key, ctx.backoff);
      afterFlush();
    });
  }

  private removeFinalizers(
    ctx: JobCtx,
    pods: Pod[],
    withFinalizer: Set<string>,
    cb: () => void,
  ): void {
    if (pods.length === 0) return cb();
    let expected = this.finalizerExpectations.get(ctx.key);
    if (!expected) this.finalizerExpectations.set(ctx.key, (expected = new Set()));
    for (const p of pods) expected.add(p.metadata!.uid!);
    const latch = new Latch(cb);
    for (const p of pods) {
      latch.add();
      this.removeFinalizer(p, (ok) => {
        const uid = p.metadata!.uid!;
        if (ok) withFinalizer.delete(uid);
        else expected.delete(uid);
        latch.finish();
      });
    }
    latch.seal();
  }

  /** Count uncounted pods whose finalizer is gone; then, maybe, the terminal condition. */
  private finish(ctx: JobCtx, withFinalizer: Set<string>, cb: (err?: string) => void): void {
    const status = ctx.job.status!;
    const u = status.uncountedTerminatedPods!;
    const s = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
    const f = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
    let needsFlush =
      s.length !== (u.succeeded?.length ?? 0) || f.length !== (u.failed?.length ?? 0);
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded?.length ?? 0) - s.length;
    status.failed = (status.failed ?? 0) + (u.failed?.length ?? 0) - f.length;
    status.uncountedTerminatedPods = { succeeded: s, failed: f };
    const finished = ctx.finished && s.length + f.length === 0 && ctx.terminating === 0;
    if (finished) {
      const c = ctx.finished!;
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
    if (!needsFlush) return cb();
    this.writeStatus(ctx, (err) => {
      if (!err && finished) {
        const c = ctx.finished!;
        if (c.type === 'SuccessCriteriaMet')
          this.recorder.event(ctx.job, 'Normal', 'Completed', 'Job completed');
        else this.recorder.event(ctx.job, 'Warning', c.reason!, c.message!);
      }
      cb(err);
    });
  }

  /** PUT jobs/status, keeping the returned object for the next write of this sync. */
  private writeStatus(ctx: JobCtx, cb: (err?: string) => void): void {
    const body = { ...ctx.job, status: serializeJobStatus(ctx.job.status!) };
    this.client.updateStatus('jobs', body, (r) => {
      if (r.code !== 200) return cb(errorText(r));
      const updated = clone(r.body as Job);
      updated.status = ctx.job.status;
      ctx.job = updated;
      cb();
    });
  }
}
