import type { ApiServer } from './apiserver/server';
import { ApiClient } from './client/client';
import { SharedInformerFactory } from './client/informer';
import type { Clock, TimerId } from './sim/clock';
import type { Network } from './sim/network';
import type { Rng } from './sim/rng';

/** What every component of a cluster shares. */
export interface ClusterContext {
  clock: Clock;
  rng: Rng;
  net: Network;
  api: ApiServer;
}

export type ComponentKindName =
  | 'kube-apiserver'
  | 'etcd'
  | 'kube-scheduler'
  | 'kube-controller-manager'
  | 'cloud-controller-manager'
  | 'kubelet'
  | 'kube-proxy'
  | 'container-runtime'
  | 'kubectl'
  // hpa: the resource metrics pipeline (an addon, as on a real cluster).
  | 'metrics-server';

/**
 * A process of the cluster: it has a network id, a client of the API server, shared informers,
 * and timers that stop with it. Stopping a component (a fault) stops its loops and its traffic;
 * starting it again lists and watches afresh, so it catches up.
 */
export abstract class Component {
  running = false;
  readonly client: ApiClient;
  informers: SharedInformerFactory;
  /** Pending timers (after, every) → what each runs. */
  private timers = new Map<TimerId, () => void>();

  constructor(
    readonly ctx: ClusterContext,
    /** Network id: `kube-scheduler`, `kubelet@worker-1`. */
    readonly id: string,
    readonly kind: ComponentKindName,
    /** The node it runs on. */
    readonly node?: string,
  ) {
    this.client = new ApiClient(ctx.net, ctx.api, id, ctx.clock);
    this.informers = new SharedInformerFactory(this.client);
  }

  get clock(): Clock {
    return this.ctx.clock;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.ctx.net.down.delete(this.id);
    this.informers = new SharedInformerFactory(this.client);
    this.onStart();
    this.informers.start();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.ctx.net.down.add(this.id);
    for (const t of this.timers.keys()) this.clock.clearTimeout(t);
    this.timers.clear();
    this.informers.stop();
    this.onStop();
  }

  /** What this component watches, for the inspector: `pods?fieldSelector=spec.nodeName=worker-1`. */
  watches(): string[] {
    return this.informers.all().map((i) => i.description);
  }

  /** Set up informers and handlers; called before the informers start. */
  protected abstract onStart(): void;

  protected onStop(): void {}

  /** A timer that dies with the component. */
  protected after(ms: number, fn: () => void): TimerId {
    const id = this.clock.setTimeout(this.fire, ms);
    this.timers.set(id, fn);
    return id;
  }

  /** One of this component's timers is due: run it, unless the component stopped since. */
  private readonly fire = (): void => {
    const id = this.clock.timer;
    const fn = this.timers.get(id);
    if (fn === undefined) return;
    this.timers.delete(id);
    if (this.running) fn();
  };

  protected cancel(id: TimerId | undefined): void {
    if (id === undefined) return;
    this.clock.clearTimeout(id);
    this.timers.delete(id);
  }

  /** A periodic loop (heartbeats, monitors) that dies with the component. */
  protected every(ms: number, fn: () => void, firstAfterMs = ms): void {
    const tick = () => {
      fn();
      this.after(ms, tick);
    };
    this.after(firstAfterMs, tick);
  }
}
