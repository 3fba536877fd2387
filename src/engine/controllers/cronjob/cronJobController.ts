import { clone } from '../../apiserver/patch';
import type { Schedule } from '../../api/cron';
import { onDemand } from '../../onDemand';

// The cron schedule parser is loaded on demand (../../onDemand.ts): only a learner's CronJob has one.
const parseSchedule = (spec: string) => onDemand().parseSchedule(spec);
const nextTime = (s: Schedule, after: number) => onDemand().nextTime(s, after);
import type { Component } from '../../component';
import type { CronJob, Job, ObjectReference, OwnerReference } from '../../api/types';
import type { Co, Task } from '../../client/coroutine';
import type { Cached, Informer } from '../../client/informer';
import type { Stored } from '../../api/stored';
import { EPOCH_MS } from '../../sim/clock';
import { controllerOf, errorText, newControllerRef, parseTime } from '../controllerUtils';
import { findCondition, isJobFinished } from '../jobUtil';
import { OwnerIndex } from '../ownerIndex';
import { SyncController, type SyncResult } from '../syncController';

type CJStatus = NonNullable<CronJob['status']>;

/** k/k: batchv1.CronJobScheduledTimestampAnnotation. */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** More missed start times than this get a warning (k/k: nextScheduleTime). */
const TOO_MANY_MISSED = 100;

/** RFC 3339 of an absolute Unix ms, to the second. */
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The CronJob controller (k/k: pkg/controller/cronjob/cronjob_controllerv2.go): at each time
 * its schedule names, in virtual time, a CronJob creates a Job `<cronjob>-<minutes since the
 * epoch>` from its jobTemplate, unless it is suspended, the start is later than
 * `startingDeadlineSeconds`, or a Job still runs and `concurrencyPolicy` is Forbid (Replace
 * deletes the running one first). Finished Jobs leave `status.active` and only the newest
 * `successfulJobsHistoryLimit` / `failedJobsHistoryLimit` are kept. Each sync asks to be woken
 * at the next scheduled time.
 */
export class CronJobController extends SyncController {
  private cjInf!: Informer<CronJob>;
  private jobInf!: Informer<Job>;
  private jobs!: OwnerIndex<Job>;

  constructor(manager: Component) {
    super(manager, 'cronjob', 'cronjob-controller');
  }

  setup(): void {
    this.resetSyncs();
    this.cjInf = this.informers.informer<CronJob>('cronjobs');
    this.jobInf = this.informers.informer<Job>('jobs');
    this.jobs = OwnerIndex.of(this.jobInf);
    this.cjInf.on({
      add: (cj) => this.enqueue(cj),
      update: (old, cj) => {
        if (old.metadata?.resourceVersion !== cj.metadata?.resourceVersion) this.enqueue(cj);
      },
      delete: (cj) => this.enqueue(cj),
    });
    const owner = (job: Cached<Job>) => this.resolve(job.metadata.namespace!, controllerOf(job));
    this.jobInf.on({
      add: (job) => this.enqueueIf(owner(job)),
      update: (_old, job) => this.enqueueIf(owner(job)),
      delete: (job) => this.enqueueIf(owner(job)),
    });
  }

  private enqueueIf(cj: Cached<CronJob> | undefined): void {
    if (cj) this.enqueue(cj);
  }

  private resolve(ns: string, ref: OwnerReference | undefined): Cached<CronJob> | undefined {
    if (!ref || ref.kind !== 'CronJob') return undefined;
    const cj = this.cjInf.get(`${ns}/${ref.name}`);
    return cj && cj.metadata?.uid === ref.uid ? cj : undefined;
  }

  protected sync(key: string, done: (result?: SyncResult) => void): Task {
    return this.coroutines.spawn(this.syncCronJob(key), done);
  }

  /** Absolute Unix ms of the virtual clock (schedules are wall-clock times). */
  private get nowAbs(): number {
    return EPOCH_MS + this.clock.now;
  }

  /** k/k: sync + syncCronJob + cleanupFinishedJobs. */
  private *syncCronJob(key: string): Co<SyncResult> {
    if (!this.synced(this.cjInf, this.jobInf)) return { requeueAfterMs: 100 };
    const live = this.cjInf.get(key);
    if (!live) return undefined;
    const cj = clone(live);
    const ns = cj.metadata.namespace!;
    const jobs = this.jobs.ownedBy(cj.metadata.uid);
    const status: CJStatus = clone(cj.status ?? {});
    let changed = this.reconcileActive(cj, status, jobs);
    if (changed) {
      const err = yield* this.writeStatus(cj, status);
      if (err) return { error: err };
      changed = false;
    }
    const cleanupErr = yield* this.cleanupFinishedJobs(cj, jobs);
    if (cj.metadata?.deletionTimestamp || cj.spec?.suspend)
      return cleanupErr ? { error: cleanupErr } : undefined;
    let schedule: Schedule;
    try {
      schedule = parseSchedule(cj.spec?.schedule ?? '');
    } catch (e) {
      this.recorder.event(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${(e as Error).message}`,
      );
      return undefined;
    }
    const now = this.nowAbs;
    const requeue = (): SyncResult => {
      const next = nextTime(schedule, now);
      return next === undefined ? undefined : { requeueAfterMs: Math.max(next - now, 1) + 100 };
    };
    const scheduled = this.mostRecentScheduleTime(cj, schedule, now);
    if (scheduled === undefined) return requeue();
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
      this.recorder.event(
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${rfc3339(scheduled)}`,
      );
      return requeue();
    }
    const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const last = parseTime(status.lastScheduleTime);
    if (
      status.active?.some((r) => r.name === jobName) ||
      (last !== undefined && last + EPOCH_MS === scheduled)
    )
      return requeue();
    if (cj.spec?.concurrencyPolicy === 'Forbid' && (status.active?.length ?? 0) > 0) {
      this.recorder.event(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return requeue();
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of [...(status.active ?? [])]) {
        const r = yield* this.api.delete('jobs', ns, ref.name!, {
          propagationPolicy: 'Background',
        });
        if (r.code !== 200 && r.code !== 404) return { error: errorText(r) };
        this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
        status.active = (status.active ?? []).filter((a) => a.uid !== ref.uid);
      }
    }
    const r = yield* this.api.create('jobs', ns, jobFromTemplate(cj, jobName, scheduled));
    let job: Stored<Job> | undefined;
    if (r.code === 201) {
      job = r.body as Stored<Job>;
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
    } else if (r.code === 409) {
      // Created by an earlier sync whose status write was lost: take it if it is ours.
      const g = yield* this.api.get<Job>('jobs', ns, jobName);
      const existing = g.code === 200 ? (g.body as Stored<Job>) : undefined;
      if (controllerOf(existing ?? {})?.uid !== cj.metadata.uid) return requeue();
      job = existing;
    } else {
      this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${errorText(r)}`);
      return { error: errorText(r) };
    }
    if (job && !status.active?.some((a) => a.uid === job.metadata.uid)) {
      status.active = [...(status.active ?? []), jobRef(job)];
    }
    status.lastScheduleTime = rfc3339(scheduled);
    const err = yield* this.writeStatus(cj, status);
    if (err) return { error: err };
    return requeue();
  }

  /**
   * k/k: the first half of syncCronJob — jobs that finished leave the active list (with a
   * SawCompletedJob event), the last successful time moves on, vanished jobs are dropped.
   * Returns whether the status changed.
   */
  private reconcileActive(
    cj: Stored<CronJob>,
    status: CJStatus,
    jobs: readonly Cached<Job>[],
  ): boolean {
    let changed = false;
    const active = status.active ?? [];
    const children = new Set<string>();
    for (const j of jobs) {
      const uid = j.metadata.uid;
      children.add(uid);
      const found = active.some((a) => a.uid === uid);
      if (!found && !isJobFinished(j)) {
        status.active = [...(status.active ?? []), jobRef(j)];
        this.recorder.event(
          cj,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
        );
        changed = true;
      } else if (found && isJobFinished(j)) {
        const condition = findCondition(j, 'Complete')?.status === 'True' ? 'Complete' : 'Failed';
        status.active = (status.active ?? []).filter((a) => a.uid !== uid);
        this.recorder.event(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata.name}, condition: ${condition}`,
        );
        changed = true;
      }
      if (findCondition(j, 'Complete')?.status === 'True' && j.status?.completionTime) {
        const done = parseTime(j.status.completionTime)!;
        const last = parseTime(status.lastSuccessfulTime);
        if (last === undefined || last < done) {
          status.lastSuccessfulTime = j.status.completionTime;
          changed = true;
        }
      }
    }
    for (const ref of [...(status.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      status.active = (status.active ?? []).filter((a) => a.uid !== ref.uid);
      this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      changed = true;
    }
    if (status.active?.length === 0) delete status.active;
    return changed;
  }

  /**
   * k/k: mostRecentScheduleTime — the latest scheduled instant at or before now since the last
   * schedule (or the CronJob's creation, or now − startingDeadlineSeconds), if any.
   */
  private mostRecentScheduleTime(cj: CronJob, schedule: Schedule, now: number): number | undefined {
    const last =
      parseTime(cj.status?.lastScheduleTime) ??
      parseTime(cj.metadata?.creationTimestamp) ??
      this.clock.now;
    let earliest = last + EPOCH_MS;
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null)
      earliest = Math.max(earliest, now - deadline * 1000);
    let mostRecent: number | undefined;
    let missed = 0;
    for (
      let t = nextTime(schedule, earliest);
      t !== undefined && t <= now;
      t = nextTime(schedule, t)
    ) {
      mostRecent = t;
      if (++missed > TOO_MANY_MISSED) break;
    }
    if (missed > TOO_MANY_MISSED) {
      this.recorder.event(
        cj,
        'Warning',
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
      // Only the latest missed time counts.
      let t = mostRecent!;
      for (let n = nextTime(schedule, t); n !== undefined && n <= now; n = nextTime(schedule, n))
        t = n;
      mostRecent = t;
    }
    return mostRecent;
  }

  /** k/k: cleanupFinishedJobs — keep the newest N successful and M failed Jobs. */
  private *cleanupFinishedJobs(
    cj: Stored<CronJob>,
    jobs: readonly Cached<Job>[],
  ): Co<string | undefined> {
    const byStart = (a: Cached<Job>, b: Cached<Job>) =>
      (parseTime(a.status?.startTime) ?? 0) - (parseTime(b.status?.startTime) ?? 0) ||
      (a.metadata.name < b.metadata.name ? -1 : 1);
    const finished = jobs.filter((j) => isJobFinished(j) && !j.metadata?.deletionTimestamp);
    const succeeded = finished
      .filter((j) => findCondition(j, 'Complete')?.status === 'True')
      .sort(byStart);
    const failed = finished
      .filter((j) => findCondition(j, 'Complete')?.status !== 'True')
      .sort(byStart);
    const toDelete = [
      ...succeeded.slice(
        0,
        Math.max(0, succeeded.length - (cj.spec?.successfulJobsHistoryLimit ?? 3)),
      ),
      ...failed.slice(0, Math.max(0, failed.length - (cj.spec?.failedJobsHistoryLimit ?? 1))),
    ];
    for (const j of toDelete) {
      const r = yield* this.api.delete('jobs', j.metadata.namespace, j.metadata.name, {
        propagationPolicy: 'Background',
      });
      if (r.code === 200)
        this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
      else if (r.code !== 404) return errorText(r);
    }
    return undefined;
  }

  /** PUT cronjobs/status (one retry after a conflict, with the fresh object). */
  private *writeStatus(cj: Stored<CronJob>, status: CJStatus): Co<string | undefined> {
    let cur = cj;
    for (let attempt = 0; ; attempt++) {
      const r = yield* this.api.updateStatus('cronjobs', { ...cur, status });
      if (r.code === 200) return undefined;
      if (r.code !== 409 || attempt > 0) return errorText(r);
      const g = yield* this.api.get<CronJob>('cronjobs', cj.metadata.namespace, cj.metadata.name);
      if (g.code !== 200) return errorText(g);
      cur = g.body as Stored<CronJob>;
    }
  }
}

/** k/k: getJobFromTemplate2 — the Job of one scheduled time. */
function jobFromTemplate(cj: Stored<CronJob>, name: string, scheduled: number): Job {
  const t = clone(cj.spec!.jobTemplate);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      ...(t.metadata?.labels ? { labels: t.metadata.labels } : {}),
      annotations: {
        ...(t.metadata?.annotations ?? {}),
        [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339(scheduled),
      },
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: t.spec,
  };
}

/** k/k: ref.GetReference — how status.active names a Job. */
function jobRef(job: Stored<Job> | Cached<Job>): ObjectReference {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  };
}
