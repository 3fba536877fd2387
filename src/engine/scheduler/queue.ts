import type { Pod } from '../api/types';

interface QueuedPod {
  key: string;
  pod: Pod;
  attempts: number;
  /** Virtual ms when the pod was first queued (FIFO among equal priorities). */
  timestamp: number;
  backoffUntil: number;
}

/** Back-off of pods that failed to schedule: 1 s doubling to 10 s (kube-scheduler defaults). */
export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
/** Pods left unschedulable are retried at least this often (podMaxInUnschedulablePodsDuration). */
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;

/**
 * The scheduling queue: activeQ ordered by PrioritySort (priority, then arrival), backoffQ for
 * pods that just failed, and unschedulablePods waiting for a cluster event that may help.
 */
export class SchedulingQueue {
  private active: QueuedPod[] = [];
  private backoff = new Map<string, QueuedPod>();
  private unschedulable = new Map<string, QueuedPod & { since: number }>();
  private known = new Map<string, QueuedPod>();

  get sizes(): { active: number; backoff: number; unschedulable: number } {
    return {
      active: this.active.length,
      backoff: this.backoff.size,
      unschedulable: this.unschedulable.size,
    };
  }

  has(key: string): boolean {
    return this.known.has(key);
  }

  /** A new or updated pending pod. */
  add(key: string, pod: Pod, now: number): void {
    const existing = this.known.get(key);
    if (existing) {
      existing.pod = pod;
      return;
    }
    const q: QueuedPod = { key, pod, attempts: 0, timestamp: now, backoffUntil: 0 };
    this.known.set(key, q);
    this.pushActive(q);
  }

  remove(key: string): void {
    const q = this.known.get(key);
    if (!q) return;
    this.known.delete(key);
    this.active = this.active.filter((x) => x !== q);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to schedule (PrioritySort), after moving due back-offs to active. */
  pop(now: number): { key: string; pod: Pod; attempts: number } | undefined {
    this.flush(now);
    const q = this.active.shift();
    if (!q) return undefined;
    q.attempts++;
    return q;
  }

  /** Scheduling succeeded (the pod is assumed and being bound). */
  done(key: string): void {
    this.known.delete(key);
  }

  /** Scheduling failed: the pod waits for back-off, then for a cluster event. */
  failed(key: string, now: number): void {
    const q = this.known.get(key);
    if (!q) return;
    const backoffMs = Math.min(
      INITIAL_BACKOFF_MS * 2 ** Math.max(0, q.attempts - 1),
      MAX_BACKOFF_MS,
    );
    q.backoffUntil = now + backoffMs;
    this.unschedulable.set(key, { ...q, since: now });
    this.known.set(key, this.unschedulable.get(key)!);
  }

  /** A cluster event that may make pods schedulable (node added or changed, pod deleted). */
  moveAllToActiveOrBackoff(now: number): void {
    for (const [key, q] of this.unschedulable) {
      this.unschedulable.delete(key);
      if (q.backoffUntil > now) this.backoff.set(key, q);
      else this.pushActive(q);
    }
  }

  /** The earliest virtual time at which a waiting pod becomes ready to retry. */
  nextWakeup(): number | undefined {
    let t: number | undefined;
    for (const q of this.backoff.values())
      t = t === undefined ? q.backoffUntil : Math.min(t, q.backoffUntil);
    for (const q of this.unschedulable.values()) {
      const due = q.since + MAX_UNSCHEDULABLE_MS;
      t = t === undefined ? due : Math.min(t, due);
    }
    return t;
  }

  private flush(now: number): void {
    for (const [key, q] of this.backoff) {
      if (q.backoffUntil <= now) {
        this.backoff.delete(key);
        this.pushActive(q);
      }
    }
    for (const [key, q] of this.unschedulable) {
      if (q.since + MAX_UNSCHEDULABLE_MS <= now) {
        this.unschedulable.delete(key);
        this.pushActive(q);
      }
    }
  }

  private pushActive(q: QueuedPod): void {
    const prio = (p: Pod) => p.spec?.priority ?? 0;
    let i = this.active.length;
    while (i > 0) {
      const o = this.active[i - 1];
      if (prio(o.pod) > prio(q.pod) || (prio(o.pod) === prio(q.pod) && o.timestamp <= q.timestamp))
        break;
      i--;
    }
    this.active.splice(i, 0, q);
  }
}
