/**
 * hpa: per-container CPU usage in virtual time, as the kernel's cgroup counts it
 * (`cpu.stat usage_usec`, which cAdvisor and the kubelet's summary read). Nothing here schedules
 * a timer or sends a message: usage is computed when someone asks (the kubelet's
 * `/metrics/resource`), so a cluster without metrics-server runs exactly as before.
 *
 * A container's usage is the sum of:
 * - an idle trickle while it runs (a listening server wakes for timers: ~1m);
 * - busy loops (`cpu` steps), `cores` CPUs up to the CPU limit;
 * - the requests it serves: each brings `cpuMs` of work at one core, run first-come first-served
 *   under CFS bandwidth control — the limit is a quota per 100 ms period
 *   (k/k: pkg/kubelet/cm/helpers_linux.go MilliCPUToQuota, QuotaPeriod 100000 µs), so a request
 *   runs at a full core until the period's quota is spent, then waits for the next period
 *   (throttled).
 */

import type { RegistryImage } from './images';
import type { HttpAnswer } from '../../userland/programs/types';
import type { HttpOutcome } from '../../userland/shell/types';
import type { ContainerRecord } from './runtime';

/** CFS period (k/k: pkg/kubelet/cm QuotaPeriod = 100 ms). */
export const CFS_PERIOD_MS = 100;
/** What an idle listening server uses: epoll wake-ups, timers (`kubectl top` shows `1m`). */
export const IDLE_SERVER_CORES = 0.001;

/** The CPU accounting of one container (its cgroup's cpu controller). */
export class CpuAccount {
  /** core-ms of request work that has run before `settled`. */
  private settledMs = 0;
  /** Request work scheduled at one core: [start, end] intervals, in order, some in the future. */
  private segments: number[] = [];
  /** CFS: the period index whose quota `periodUsed` counts. */
  private period = -1;
  private periodUsed = 0;
  /** When the last queued request finishes. */
  private busyUntil = 0;
  /** Busy loops: cores burnt since `spinSince`, and what earlier loops burnt. */
  private spinCores = 0;
  private spinSince = 0;
  private spinMs = 0;

  constructor(
    private readonly startedAt: number,
    /** The CPU limit in cores (`resources.limits.cpu`); undefined: the node's CPUs. */
    private readonly limitCores: number | undefined,
    private readonly nodeCores: number,
    private readonly idleCores: number,
  ) {}

  /** A busy loop starts (or more threads spin): `cores` CPUs, capped at the limit. */
  spin(now: number, cores: number): void {
    this.spinMs += this.spinCores * (now - this.spinSince);
    this.spinCores = Math.min(cores, this.limitCores ?? this.nodeCores, this.nodeCores);
    this.spinSince = now;
  }

  /**
   * A request arriving at `at` that needs `cpuMs` of one core: it runs after the ones before it,
   * throttled by the quota; returns when it is done (virtual ms).
   */
  serve(at: number, cpuMs: number): number {
    const quota = this.limitCores === undefined ? Infinity : this.limitCores * CFS_PERIOD_MS;
    let t = Math.max(at, this.busyUntil);
    let left = cpuMs;
    for (let guard = 0; left > 1e-9 && guard < 100_000; guard++) {
      const p = Math.floor(t / CFS_PERIOD_MS);
      if (p !== this.period) {
        this.period = p;
        this.periodUsed = 0;
      }
      const periodEnd = (p + 1) * CFS_PERIOD_MS;
      const run = Math.min(left, quota - this.periodUsed, periodEnd - t);
      if (run <= 1e-9) {
        t = periodEnd;
        continue;
      }
      this.segments.push(t, t + run);
      this.periodUsed += run;
      left -= run;
      t += run;
    }
    this.busyUntil = t;
    return t;
  }

  /** Cumulative CPU time used up to `now`, in core-nanoseconds (`usageCoreNanoSeconds`). */
  usageNanos(now: number): number {
    // Segments wholly in the past are folded into the settled total (queries move forward).
    let i = 0;
    while (i < this.segments.length && this.segments[i + 1] <= now) {
      this.settledMs += this.segments[i + 1] - this.segments[i];
      i += 2;
    }
    if (i > 0) this.segments.splice(0, i);
    let running = 0;
    for (let j = 0; j < this.segments.length && this.segments[j] < now; j += 2)
      running += Math.min(now, this.segments[j + 1]) - this.segments[j];
    const spin = this.spinMs + this.spinCores * (now - this.spinSince);
    const idle = this.idleCores * (now - this.startedAt);
    return Math.round((this.settledMs + running + spin + idle) * 1e6);
  }
}

/** The CPU accounting of a running container, made on first use. */
export function cpuAccountOf(rec: ContainerRecord, now: number, nodeCores: number): CpuAccount {
  rec.cpu ??= new CpuAccount(
    rec.startedAt ?? now,
    rec.cpuLimitCores,
    nodeCores,
    rec.program?.listens.length ? IDLE_SERVER_CORES : 0,
  );
  return rec.cpu;
}

/** An HTTP answer served by a container: a request that costs CPU waits for its work. */
export function answered(
  rec: ContainerRecord,
  answer: HttpAnswer,
  now: number,
  nodeCores: number,
): HttpOutcome {
  if (!answer.cpuMs) return { kind: 'ok', status: answer.status, body: answer.body };
  const done = cpuAccountOf(rec, now, nodeCores).serve(now, answer.cpuMs);
  return { kind: 'ok', status: answer.status, body: answer.body, ms: done - now };
}

/** hpa: one container's usage as the CRI's ContainerStats report it. */
export interface ContainerStats {
  name: string;
  startedAt: number;
  /** `cpu.usageCoreNanoSeconds`: cumulative. */
  cpuNanos: number;
  /** `memory.workingSetBytes`. */
  workingSetBytes: number;
}

/**
 * The CRI's ListContainerStats for the running containers of a pod (what cAdvisor reads from
 * their cgroups): cumulative CPU in core-nanoseconds and the working set in bytes.
 */
export function containerStatsOf(
  containers: Iterable<ContainerRecord>,
  podUid: string,
  now: number,
): ContainerStats[] {
  const out: ContainerStats[] = [];
  for (const c of containers) {
    if (c.podUid !== podUid || c.state !== 'running') continue;
    const idle = c.program?.listens.length ? IDLE_SERVER_CORES : 0;
    const cpuNanos = c.cpu
      ? c.cpu.usageNanos(now)
      : Math.round(idle * (now - (c.startedAt ?? now)) * 1e6);
    out.push({
      name: c.name,
      startedAt: c.startedAt ?? now,
      cpuNanos,
      workingSetBytes: c.workingSetBytes ?? baselineWorkingSet(c.image, idle > 0),
    });
  }
  return out;
}

/**
 * The resident memory of a process that reported none: a server's grows with what its image
 * ships (php-apache ≈ 11 MiB, nginx ≈ 4 MiB, as `kubectl top` shows them idle); a shell or sleep
 * uses a few hundred KiB.
 */
function baselineWorkingSet(img: RegistryImage, server: boolean): number {
  const MiB = 1024 * 1024;
  if (!server) return 400 * 1024;
  return Math.min(128 * MiB, Math.max(2 * MiB, Math.round(img.sizeBytes / 16 / 4096) * 4096));
}
