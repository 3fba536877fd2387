/**
 * Processes in pods that are clients of the API server: kindnetd's network policy agent,
 * ingress-nginx's controller. The container runtime starts the image's program as for any
 * container; an image registered here also gets its Kubernetes client, started with the container
 * and stopped with it, whose requests are traced from the pod (`pod:<ns>/<name>`), so the diagram
 * draws them from the pod to the API server like any controller's.
 */
import { ApiClient } from '../../client/client';
import { SharedInformerFactory } from '../../client/informer';
import type { ClusterContext } from '../../component';
import type { Clock, TimerId } from '../../sim/clock';
import type { Network } from '../../sim/network';
import type { Program, ProgramInput } from '../../userland/programs';

/** The API-client side of a pod's process: informers and timers that live while it runs. */
export abstract class PodProcess {
  readonly client: ApiClient;
  informers: SharedInformerFactory;
  running = false;
  private timers = new Set<TimerId>();

  constructor(
    readonly ctx: ClusterContext,
    /** `pod:ingress-nginx/ingress-nginx-controller-5d8c7b4f6d-x2k9p`. */
    readonly id: string,
    readonly input: ProgramInput,
    readonly node: string,
  ) {
    this.client = new ApiClient(ctx.net, ctx.api, id, ctx.clock);
    this.informers = new SharedInformerFactory(this.client);
  }

  get clock(): Clock {
    return this.ctx.clock;
  }

  start(): void {
    this.running = true;
    this.onStart();
    this.informers.start();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const t of this.timers) this.ctx.clock.clearTimeout(t);
    this.timers.clear();
    this.informers.stop();
    this.onStop();
  }

  protected abstract onStart(): void;
  protected onStop(): void {}

  /** What the process answers over HTTP itself (undefined: the image's program answers). */
  http?(port: number, path: string, host?: string): { status: number; body: string } | undefined;

  /** A timer that dies with the process. */
  protected after(ms: number, fn: () => void): void {
    const id = this.ctx.clock.setTimeout(() => {
      this.timers.delete(id);
      if (this.running) fn();
    }, ms);
    this.timers.add(id);
  }
}

export type ProcessFactory = (input: ProgramInput, node: string) => PodProcess;

/** One cluster's registry: image repository (no tag) → the client its process runs. */
export class ClientProcesses {
  readonly factories = new Map<string, ProcessFactory>();
  private readonly running = new WeakMap<Program, PodProcess>();

  /** The container's process is gone (exited, killed, OOM-killed): its client stops too. */
  exited(program: Program | undefined): void {
    if (program) this.running.get(program)?.stop();
  }

  /** The container's program, with its client started now and stopped when it is told to stop. */
  attach(program: Program, input: ProgramInput, node: string): Program {
    const repo = input.image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
    const factory = this.factories.get(repo);
    if (!factory) return program;
    const proc = factory(input, node);
    proc.start();
    this.running.set(program, proc);
    const terminate = program.terminate.bind(program);
    const http = program.http.bind(program);
    const next = program.next.bind(program);
    return Object.assign(program, {
      terminate: () => {
        proc.stop();
        return terminate();
      },
      http: (port: number, path: string, host?: string) =>
        proc.http?.(port, path, host) ?? http(port, path, host),
      next: () => {
        const step = next();
        if (step?.type === 'exit') proc.stop();
        return step;
      },
    });
  }
}

const registries = new WeakMap<Network, ClientProcesses>();

export function clientProcessesOf(net: Network): ClientProcesses {
  let r = registries.get(net);
  if (!r) registries.set(net, (r = new ClientProcesses()));
  return r;
}
