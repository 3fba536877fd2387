import { ApiCalls } from '../client/calls';
import { Scope, type Co } from '../client/coroutine';
import { EventRecorder } from '../client/events';
import type { Informer, SharedInformerFactory } from '../client/informer';
import type { ApiClient } from '../client/client';
import { WorkQueue } from '../client/workqueue';
import type { Component } from '../component';
import type { StoredObject } from '../api/stored';
import type { Clock } from '../sim/clock';
import type { Rng } from '../sim/rng';

/**
 * The process a controller runs in, as much of it as the controller uses: kube-controller-manager
 * or cloud-controller-manager (a Component), or a pod's process (kind's local-path-provisioner).
 */
export type ControllerHost = Pick<Component, 'client' | 'informers' | 'clock' | 'ctx' | 'running'>;

/**
 * A controller of kube-controller-manager (or cloud-controller-manager): informers that feed a
 * work queue of keys, and `reconcile(key)` that compares desired and actual state and acts through
 * the API server. Subclasses register their informers and handlers in `setup()`.
 */
export abstract class Controller {
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  /** This controller's coroutines: dropped when its process stops, so none resumes after. */
  protected readonly coroutines = new Scope();
  private calls: ApiCalls | undefined;
  /** The key `reconcile` is running for, during the call. */
  private current: string | undefined;

  constructor(
    /** The process it runs in: its client, informers and clock. */
    protected readonly manager: ControllerHost,
    /** As in `--controllers`: `replicaset`, `deployment`, `endpointslice`… */
    readonly name: string,
    /** The events' source component: `replicaset-controller`. */
    eventSource: string,
  ) {
    this.queue = new WorkQueue(manager.clock, (key) => {
      this.current = key;
      try {
        this.reconcile(key);
      } finally {
        this.current = undefined;
      }
    });
    this.recorder = new EventRecorder(manager.client, manager.clock, { component: eventSource });
  }

  protected get client(): ApiClient {
    return this.manager.client;
  }

  /** The same client for coroutines: `const r = yield* this.api.create(…)`. */
  protected get api(): ApiCalls {
    return (this.calls ??= new ApiCalls(this.manager.client));
  }

  protected get informers(): SharedInformerFactory {
    return this.manager.informers;
  }

  protected get clock(): Clock {
    return this.manager.clock;
  }

  protected get rng(): Rng {
    return this.manager.ctx.rng;
  }

  /**
   * The key of the sync running now (`default/web`), for the diagram: a controller that waits
   * for the API server's answers is syncing until they come; one that does not, only during
   * `reconcile`. Nothing while its process is stopped.
   */
  get syncing(): string | undefined {
    return this.manager.running ? this.current : undefined;
  }

  /** The process stopped: drop queued keys and every coroutine. */
  stop(): void {
    this.queue.stop();
    this.coroutines.cancelAll();
  }

  /** Run a coroutine in this controller (Go: `go f()`): its reconcile, or one write. */
  protected go(co: Co<unknown>): void {
    this.coroutines.spawn(co);
  }

  /** Register informers and event handlers; called each time the process starts. */
  abstract setup(): void;

  /** Bring the object named by `key` (`namespace/name`) to its desired state. */
  abstract reconcile(key: string): void;

  /** Queue the key of an object. */
  protected enqueue(obj: StoredObject): void {
    const m = obj.metadata;
    this.queue.add(m.namespace ? `${m.namespace}/${m.name}` : m.name);
  }

  /** Queue the controlling owner of an object, if it is of `kind`. */
  protected enqueueOwner(obj: StoredObject, kind: string): void {
    const ref = obj.metadata.ownerReferences?.find((o) => o.controller && o.kind === kind);
    if (ref) this.queue.add(`${obj.metadata.namespace}/${ref.name}`);
  }

  /** Wait for informers to sync before reconciling, as controllers do (WaitForCacheSync). */
  protected synced(...informers: Informer[]): boolean {
    return informers.every((i) => i.hasSynced);
  }
}
