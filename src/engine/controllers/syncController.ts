import type { Task } from '../client/coroutine';
import type { TimerId } from '../sim/clock';
import { Controller } from './controller';

/** How a sync ended: fine, failed (retry with back-off), or fine but look again after `ms`. */
export type SyncResult = undefined | { error: string } | { requeueAfterMs: number };

/** A sync still waiting for the API server: what its watchdog would stop. */
interface Running {
  task?: Task;
  finish?: (result: SyncResult) => void;
}

/** A sync that never answers (its process or the API server stopped) is abandoned after this. */
const SYNC_WATCHDOG_MS = 60_000;

/**
 * A controller whose sync waits for API responses. client-go's work queue never hands the same
 * key to two workers at once: a key that changes while it is being synced is marked dirty and
 * synced again afterwards. This class gives `sync(key, done)` that guarantee, and turns its
 * result into the queue's forget / rate-limited requeue, as processNextWorkItem does.
 *
 * Each sync is a coroutine (see the ReplicaSet, Deployment and Job controllers, the garbage
 * collector): a generator that `yield*`s each API call and returns its SyncResult, spawned in
 * `this.coroutines`. When the process stops, every sync is dropped with its watchdog, so
 * nothing of a previous run resumes after a restart.
 */
export abstract class SyncController extends Controller {
  /** Syncs waiting for the API server, by key, with their watchdog timers. */
  private inFlight = new Map<string, TimerId>();
  private dirty = new Set<string>();

  /** Forget syncs of a previous run of the process; call from `setup()`. */
  protected resetSyncs(): void {
    this.coroutines.cancelAll();
    for (const watchdog of this.inFlight.values()) this.clock.clearTimeout(watchdog);
    this.inFlight.clear();
    this.dirty.clear();
  }

  /** The sync started last among those still waiting for the API server. */
  override get syncing(): string | undefined {
    if (!this.manager.running) return undefined;
    let last: string | undefined;
    for (const key of this.inFlight.keys()) last = key;
    return last;
  }

  reconcile(key: string): void {
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    // A request that never comes back (the API server is down) times the sync out, as
    // client-go's request timeout does. A cleared timer waits in the clock until its time, so
    // the watchdog holds only `running`, emptied when the sync ends: a finished sync's coroutine
    // and its locals are not kept for the watchdog's 60 s (~4 syncs a pod while pods start).
    const running: Running = {};
    let ended = false;
    const watchdog = this.watchdog(running);
    this.inFlight.set(key, watchdog);
    const finish = (result: SyncResult) => {
      ended = true;
      running.task = running.finish = undefined;
      this.clock.clearTimeout(watchdog);
      this.inFlight.delete(key);
      if (result && 'error' in result) this.queue.addRateLimited(key);
      else {
        this.queue.forget(key);
        if (result && 'requeueAfterMs' in result) this.queue.addAfter(key, result.requeueAfterMs);
      }
      if (this.dirty.delete(key)) this.queue.add(key);
    };
    running.finish = finish;
    const task = this.sync(key, finish);
    if (!ended) running.task = task;
  }

  /** A sync's watchdog: cancel it and fail it, if it still runs then. */
  private watchdog(running: Running): TimerId {
    return this.clock.setTimeout(() => {
      const { task, finish } = running;
      task?.cancel();
      finish?.({ error: 'sync timed out' });
    }, SYNC_WATCHDOG_MS);
  }

  override stop(): void {
    super.stop();
    // Nothing the process asked for reaches it now: its coroutines would never resume.
    this.resetSyncs();
  }

  /**
   * Bring `key` to its desired state: spawn the sync's coroutine in `this.coroutines` with
   * `done` (`return this.coroutines.spawn(this.syncX(key), done)`).
   */
  protected abstract sync(key: string, done: (result?: SyncResult) => void): Task;
}
