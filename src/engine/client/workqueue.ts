import type { Clock, TimerId } from '../sim/clock';

/**
 * A rate-limited work queue of keys (client-go workqueue): a key waiting is never queued twice,
 * a failed key comes back with exponential back-off (5 ms doubling, capped at 1000 s), and keys
 * are processed one at a time.
 */
export class WorkQueue {
  /**
   * Keys waiting, in FIFO order, from `head` on: taking a key moves the head instead of shifting
   * the array (O(1), where `shift()` on 100,000 keys copies them all each time); the consumed
   * prefix is dropped once it is half the array.
   */
  private queue: string[] = [];
  private head = 0;
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
    return this.queue.length - this.head;
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
    this.delayed.set(key, this.clock.setTimeoutIf(this.addDelayed, ms, undefined, undefined, key));
  }

  /** A delayed key is due (one function for every timer, called with its key). */
  private readonly addDelayed = (key: string): void => {
    this.delayed.delete(key);
    this.add(key);
  };

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
    this.head = 0;
    this.queued.clear();
    this.scheduled = undefined;
  }

  start(): void {
    this.stopped = false;
  }

  private kick(): void {
    if (this.scheduled !== undefined) return;
    this.scheduled = this.clock.setTimeout(this.drainNext, this.processingMs);
  }

  /** drain, as one function for every timer (not a closure made for each key processed). */
  private readonly drainNext = (): void => this.drain();

  private drain(): void {
    this.scheduled = undefined;
    if (this.head >= this.queue.length) return;
    const key = this.queue[this.head++];
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queued.delete(key);
    this.lastProcessed = this.clock.now;
    this.process(key);
    if (this.queue.length > this.head) this.kick();
  }
}
