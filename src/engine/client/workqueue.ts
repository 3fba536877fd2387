import type { Clock, TimerId } from '../sim/clock';

/**
 * A rate-limited work queue of keys (client-go workqueue): a key waiting is never queued twice,
 * a failed key comes back with exponential back-off (5 ms doubling, capped at 1000 s), and keys
 * are processed one at a time.
 */
export class WorkQueue {
  private queue: string[] = [];
  private queued = new Set<string>();
  private failures = new Map<string, number>();
  private delayed = new Map<string, TimerId>();
  private scheduled: TimerId | undefined;
  private stopped = false;
  /** Virtual ms of the last reconcile. */
  lastProcessed: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly process: (key: string) => void,
    /** Virtual time one reconcile takes. */
    private readonly processingMs = 0.5,
  ) {}

  get depth(): number {
    return this.queue.length;
  }

  add(key: string): void {
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.kick();
  }

  /** Add the key after `ms` virtual milliseconds (an earlier pending add wins). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    if (this.delayed.has(key)) return;
    this.delayed.set(
      key,
      this.clock.setTimeout(() => {
        this.delayed.delete(key);
        this.add(key);
      }, ms),
    );
  }

  /** Requeue after a failure, with back-off. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(5 * 2 ** n, 1_000_000));
  }

  /** The key succeeded: reset its back-off. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.scheduled);
    for (const t of this.delayed.values()) this.clock.clearTimeout(t);
    this.delayed.clear();
    this.queue = [];
    this.queued.clear();
    this.scheduled = undefined;
  }

  start(): void {
    this.stopped = false;
  }

  private kick(): void {
    if (this.scheduled !== undefined) return;
    this.scheduled = this.clock.setTimeout(() => this.drain(), this.processingMs);
  }

  private drain(): void {
    this.scheduled = undefined;
    const key = this.queue.shift();
    if (key === undefined) return;
    this.queued.delete(key);
    this.lastProcessed = this.clock.now;
    this.process(key);
    if (this.queue.length > 0) this.kick();
  }
}
