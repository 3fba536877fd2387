import { Scope, type Task } from '../client/coroutine';
import { Controller } from './controller';

/** How a sync ended: fine, failed (retry with back-off), or fine but look again after `ms`. */
export type SyncResult = undefined | { error: string } | { requeueAfterMs: number };

/** A sync that never answers (its process or the API server stopped) is abandoned after this. */
const SYNC_WATCHDOG_MS = 60_000;

/**
 * A controller whose sync waits for API responses. client-go's work queue never hands the same
 * key to two workers at once: a key that changes while it is being synced is marked dirty and
 * synced again afterwards. This class gives `sync(key, done)` that guarantee, and turns its
 * result into the queue's forget / rate-limited requeue, as processNextWorkItem does.
 *
 * A sync is best written as a coroutine (the ReplicaSet and Deployment controllers, the garbage
 * collector): a generator that `yield*`s each API call and returns its SyncResult, spawned in
 * `this.coroutines`, which drops it when the process stops. The Job controller still uses
 * callbacks and the `epoch` guard.
 */
export abstract class SyncController extends Controller {
  private inFlight = new Set<string>();
  private dirty = new Set<string>();
  private epoch = 0;
  /** The syncs written as coroutines, cancelled when the process stops. */
  protected readonly coroutines = new Scope();

  /** Forget syncs of a previous run of the process; call from `setup()`. */
  protected resetSyncs(): void {
    this.epoch++;
    this.coroutines.cancelAll();
    this.inFlight.clear();
    this.dirty.clear();
  }

  /** The sync started last among those still waiting for the API server. */
  override get syncing(): string | undefined {
    if (!this.manager.running) return undefined;
    let last: string | undefined;
    for (const key of this.inFlight) last = key;
    return last;
  }

  reconcile(key: string): void {
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.inFlight.add(key);
    const epoch = this.epoch;
    let finished = false;
    const finish = (result: SyncResult) => {
      if (finished) return;
      finished = true;
      this.clock.clearTimeout(watchdog);
      if (epoch !== this.epoch) return;
      this.inFlight.delete(key);
      if (result && 'error' in result) this.queue.addRateLimited(key);
      else {
        this.queue.forget(key);
        if (result && 'requeueAfterMs' in result) this.queue.addAfter(key, result.requeueAfterMs);
      }
      if (this.dirty.delete(key)) this.queue.add(key);
    };
    // A request that never comes back times the sync out, as client-go's request timeout does.
    let task: Task | void = undefined;
    const watchdog = this.clock.setTimeout(() => {
      if (task) task.cancel();
      finish({ error: 'sync timed out' });
    }, SYNC_WATCHDOG_MS);
    task = this.sync(key, finish);
  }

  override stop(): void {
    super.stop();
    // Nothing the process asked for reaches it now: its coroutines would never resume.
    this.coroutines.cancelAll();
  }

  /**
   * Bring `key` to its desired state; call `done` exactly once when every request answered.
   * A coroutine sync returns its task (`this.coroutines.spawn(this.syncX(key), done)`).
   */
  protected abstract sync(key: string, done: (result?: SyncResult) => void): Task | void;
}
