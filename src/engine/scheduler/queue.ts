import type { Pod } from '../api/types';
import { Heap } from './heap';

interface QueuedPod {
  key: string;
  pod: Pod;
  attempts: number;
  /** Virtual ms when the pod was first queued (FIFO among equal priorities). */
  timestamp: number;
  backoffUntil: number;
  /** When it was last found unschedulable. */
  since?: number;
  /** In activeQ, as its entry `activeSeq` of the heap. */
  inActive?: boolean;
  activeSeq?: number;
  /** spec.priority when it entered activeQ (immutable once the pod exists). */
  priority?: number;
}

/** A heap entry for a waiting pod: due at `at` while its map still holds `q` (else stale). */
interface Timed {
  q: QueuedPod;
  at: number;
}

/** Back-off of pods that failed to schedule: 1 s doubling to 10 s (kube-scheduler defaults). */
export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
/** Pods left unschedulable are retried at least this often (podMaxInUnschedulablePodsDuration). */
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;

/** PrioritySort's less: higher priority first, then earlier arrival, then earlier into activeQ. */
function activeLess(a: QueuedPod, b: QueuedPod): boolean {
  if (a.priority !== b.priority) return a.priority! > b.priority!;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.activeSeq! < b.activeSeq!;
}

/**
 * A map of waiting pods that remembers the order their keys were added in (as a Map iterates)
 * and a heap of when each is due, so finding the due ones costs O(log n) each, not a scan. Entries
 * of the heap whose pod has left the map (or whose due time changed) are dropped when met.
 */
class WaitingPods {
  readonly map = new Map<string, QueuedPod>();
  private order = new Map<string, number>();
  private heap = new Heap<Timed>((a, b) => a.at < b.at);
  private seq = 0;

  constructor(private readonly dueAt: (q: QueuedPod) => number) {}

  get size(): number {
    return this.map.size;
  }

  set(key: string, q: QueuedPod): void {
    if (!this.map.has(key)) this.order.set(key, ++this.seq);
    this.map.set(key, q);
    this.heap.push({ q, at: this.dueAt(q) });
  }

  /** `q`'s due time changed while it waits here. */
  rekey(q: QueuedPod): void {
    if (this.map.get(q.key) === q) this.heap.push({ q, at: this.dueAt(q) });
  }

  delete(key: string): void {
    this.map.delete(key);
    this.order.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.order.clear();
    this.heap.clear();
  }

  private valid(e: Timed): boolean {
    return this.map.get(e.q.key) === e.q && this.dueAt(e.q) === e.at;
  }

  /** The earliest due time of a waiting pod. */
  next(): number | undefined {
    for (let e = this.heap.peek(); e; e = this.heap.peek()) {
      if (this.valid(e)) return e.at;
      this.heap.pop();
    }
    return undefined;
  }

  /** Take out the pods due by `now`, in the order their keys were added. */
  takeDue(now: number): QueuedPod[] {
    const due: { q: QueuedPod; order: number }[] = [];
    for (let e = this.heap.peek(); e && (!this.valid(e) || e.at <= now); e = this.heap.peek()) {
      this.heap.pop();
      if (this.valid(e)) due.push({ q: e.q, order: this.order.get(e.q.key)! });
    }
    due.sort((a, b) => a.order - b.order);
    const out: QueuedPod[] = [];
    for (const { q } of due) {
      if (this.map.get(q.key) !== q) continue;
      this.delete(q.key);
      out.push(q);
    }
    return out;
  }
}

/**
 * The scheduling queue (k/k: pkg/scheduler/backend/queue/scheduling_queue.go): activeQ, a heap
 * ordered by PrioritySort (priority, then arrival); backoffQ for pods that just failed, by the end
 * of their back-off; and unschedulablePods waiting for a cluster event that may help, by when they
 * are retried anyway. A pop or a wake-up looks only at the heads of the heaps.
 */
export class SchedulingQueue {
  private active = new Heap<{ q: QueuedPod; seq: number }>((a, b) => activeLess(a.q, b.q));
  private activeCount = 0;
  private activeSeq = 0;
  private backoff = new WaitingPods((q) => q.backoffUntil);
  private unschedulable = new WaitingPods((q) => q.since! + MAX_UNSCHEDULABLE_MS);
  private known = new Map<string, QueuedPod>();

  get sizes(): { active: number; backoff: number; unschedulable: number } {
    return {
      active: this.activeCount,
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
    if (q.inActive) {
      q.inActive = false;
      this.activeCount--;
    }
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to schedule (PrioritySort), after moving due back-offs to active. */
  pop(now: number): { key: string; pod: Pod; attempts: number } | undefined {
    this.flush(now);
    for (let e = this.active.pop(); e; e = this.active.pop()) {
      const q = e.q;
      if (!q.inActive || q.activeSeq !== e.seq) continue;
      q.inActive = false;
      this.activeCount--;
      q.attempts++;
      return q;
    }
    return undefined;
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
    this.backoff.rekey(q);
    const u: QueuedPod = { ...q, since: now, inActive: false };
    this.unschedulable.set(key, u);
    this.known.set(key, u);
  }

  /** A cluster event that may make pods schedulable (node added or changed, pod deleted). */
  moveAllToActiveOrBackoff(now: number): void {
    const waiting = [...this.unschedulable.map];
    this.unschedulable.clear();
    for (const [key, q] of waiting) {
      if (q.backoffUntil > now) this.backoff.set(key, q);
      else this.pushActive(q);
    }
  }

  /** The earliest virtual time at which a waiting pod becomes ready to retry. */
  nextWakeup(): number | undefined {
    const a = this.backoff.next();
    const b = this.unschedulable.next();
    return a === undefined ? b : b === undefined ? a : Math.min(a, b);
  }

  private flush(now: number): void {
    for (const q of this.backoff.takeDue(now)) this.pushActive(q);
    for (const q of this.unschedulable.takeDue(now)) this.pushActive(q);
  }

  private pushActive(q: QueuedPod): void {
    if (q.inActive) this.activeCount--;
    q.inActive = true;
    q.activeSeq = ++this.activeSeq;
    q.priority = q.pod.spec?.priority ?? 0;
    this.activeCount++;
    this.active.push({ q, seq: q.activeSeq });
  }
}
