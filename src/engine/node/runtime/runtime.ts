import type { Clock } from '../../sim/clock';
import type { Network } from '../../sim/network';
import type { Rng } from '../../sim/rng';
import {
  DEFAULT_BANDWIDTH_BYTES_PER_SEC,
  REGISTRY_ROUND_TRIP_MS,
  lookupImage,
  pullDurationMs,
  crioPullError,
  type RegistryImage,
} from './images';
import { appendLog, readLog, type LogLine } from './criLog';
import { podNetworkOf, podResolvers, type PodHost } from './podNetwork';
import { clientProcessesOf } from './clientProcesses';
import { answered, containerStatsOf, cpuAccountOf, type ContainerStats } from './cpuAccounting';
import type { ExecResult } from '../../userland/programs/types';
import {
  checkExecutable,
  resolveArgv,
  startProgram,
  type HttpOutcome,
  type Program,
  type ProgramInput,
} from '../../userland/programs';
import type { PodNetworkAccess } from '../../userland/programs/types';
import type { HttpResolver, TcpResolver } from '../../userland/shell/types';
import { StreamingServer } from './execStream';
import type { CachedImage, ContainerExit, ContainerRecord, PullResult } from './records';

/** The container runtime's version string, as `kubectl get nodes -o wide` shows it. */
export const CONTAINERD_VERSION = 'containerd://1.7.22';
/** CRI-O's, for nodes configured with it (CRI-O follows the Kubernetes minor version). */
export const CRIO_VERSION = 'cri-o://1.31.2';

/** Which CRI implementation a node runs. */
export type RuntimeName = 'containerd' | 'cri-o';

export type { ExecResult } from '../../userland/programs/types';

export type { CachedImage, ContainerExit, ContainerRecord, PullResult } from './records';

/**
 * The container runtime of one node (containerd, behind the CRI). It pulls images into its
 * cache, runs containers as deterministic programs in virtual time, keeps their logs per attempt,
 * and tells the kubelet when a container exits. The kubelet calls it over the node-local CRI socket:
 * each call is a traced message.
 */
export class ContainerRuntime implements PodHost, PodNetworkAccess {
  readonly images = new Map<string, CachedImage>();
  readonly containers = new Map<string, ContainerRecord>();
  /** Pod sandboxes: pod uid → its IP and `namespace/name`. */
  readonly sandboxes = new Map<string, { id: string; ip: string; pod: string }>();
  private onExit: (e: ContainerExit) => void = () => {};
  /** Image pulls under way: the image → when its download ends (virtual ms). */
  private readonly pullsInProgress = new Map<string, number>();
  private seq = 0;
  private readonly now = () => this.clock.now; // what programs read as now: one for all of them
  bandwidth = DEFAULT_BANDWIDTH_BYTES_PER_SEC;
  /** hpa: the node's CPUs, what a container without a CPU limit can burn at most. */
  cpuCores = 4;
  /** containerd (default) or CRI-O: the version string, container id prefix and pull errors. */
  flavour: RuntimeName = 'containerd';
  /** The streaming server: CRI Exec, Attach and PortForward sessions (./execStream.ts). */
  readonly streaming: StreamingServer;

  constructor(
    readonly id: string,
    readonly node: string,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly net: Network,
  ) {
    podNetworkOf(net).hosts.set(node, this);
    this.streaming = new StreamingServer(
      clock,
      (id) => this.containers.get(id),
      (podUid) => this.sandboxes.get(podUid)?.id,
      (uid, port) => this.listener(uid, port),
      (id, code) => {
        const rec = this.containers.get(id);
        if (rec) this.exited(rec, code, code === 0 ? 'Completed' : 'Error');
      },
    );
  }

  /** `containerd://1.7.22` or `cri-o://1.31.2`, as node status reports it. */
  get version(): string {
    return this.flavour === 'cri-o' ? CRIO_VERSION : CONTAINERD_VERSION;
  }

  /** The scheme of container ids in pod status: `containerd://<id>`. */
  get idPrefix(): string {
    return this.flavour === 'cri-o' ? 'cri-o://' : 'containerd://';
  }

  /** The kubelet subscribes to container exits (evented PLEG). */
  subscribe(fn: (e: ContainerExit) => void): void {
    this.onExit = fn;
  }

  /** A CRI call from the kubelet: a traced request, work that takes `workMs`, a traced response. */
  call<T>(
    kubelet: string,
    method: string,
    summary: string,
    work: (done: (r: T, workMs?: number) => void) => void,
    reply: (r: T) => void,
  ): void {
    const reqFlow = this.net.send(
      {
        from: kubelet,
        to: this.id,
        kind: 'request',
        verb: method,
        resource: 'cri',
        summary: `${method} ${summary}`,
      },
      () =>
        work((r, workMs = 0) => {
          const respond = () =>
            this.net.send(
              {
                from: this.id,
                to: kubelet,
                kind: 'response',
                verb: method,
                resource: 'cri',
                summary: `${method} done`,
                flow: reqFlow,
              },
              () => reply(r),
            );
          if (workMs > 0) this.clock.setTimeout(respond, workMs);
          else respond();
        }),
    );
  }

  /** The registry image for a reference already in the cache. */
  imageInfo(ref: string): RegistryImage | undefined {
    const f = lookupImage(ref);
    return f.ok && this.images.has(f.image.full) ? f.image : undefined;
  }

  hasImage(full: string): boolean {
    return this.images.has(full);
  }

  /** PullImage: resolve in the registry, download and unpack; the result says how long it took. */
  pull(ref: string, done: (r: PullResult, workMs: number) => void): void {
    const found = lookupImage(ref);
    if (!found.ok) {
      // A failed resolve takes a registry round-trip.
      done(
        { ok: false, error: this.flavour === 'cri-o' ? crioPullError(ref) : found.error },
        REGISTRY_ROUND_TRIP_MS,
      );
      return;
    }
    const img = found.image;
    const cached = this.images.get(img.full);
    if (cached) {
      // imagePullPolicy Always: the manifest is resolved again; every layer is already here.
      done(
        { ok: true, image: img, alreadyPresent: true, ms: REGISTRY_ROUND_TRIP_MS },
        REGISTRY_ROUND_TRIP_MS,
      );
      return;
    }
    // A pull already under way (asked for by a kubelet that restarted since) is joined, as
    // containerd's content store shares one download between concurrent pulls.
    const dueAt = this.pullsInProgress.get(img.full);
    if (dueAt !== undefined) {
      const left = dueAt - this.clock.now;
      done({ ok: true, image: img, alreadyPresent: false, ms: left }, left);
      return;
    }
    const ms = pullDurationMs(img.sizeBytes, this.bandwidth);
    done({ ok: true, image: img, alreadyPresent: false, ms }, ms);
    this.pullsInProgress.set(img.full, this.clock.now + ms);
    this.clock.setTimeout(() => {
      this.pullsInProgress.delete(img.full);
      this.store(img);
    }, ms);
  }

  private store(img: RegistryImage): void {
    const names = [img.repoDigest, img.full];
    const existing = [...this.images.values()].find((c) => c.id === img.digest);
    if (existing) {
      if (!existing.names.includes(img.full)) existing.names.push(img.full);
      this.images.set(img.full, existing);
      return;
    }
    this.images.set(img.full, {
      names,
      sizeBytes: img.sizeBytes,
      id: img.digest,
      repoDigest: img.repoDigest,
    });
  }

  /** Seed the cache (images baked into the node image, such as pause). */
  preload(ref: string): void {
    const found = lookupImage(ref);
    if (found.ok) this.store(found.image);
  }

  /** CreateContainer: returns the container id, or a StartError-like message. */
  create(
    podUid: string,
    name: string,
    attempt: number,
    image: RegistryImage,
    input: ProgramInput,
    memoryLimitBytes?: number,
    cpuLimitCores?: number,
  ): { id: string } | { error: string } {
    const check = checkExecutable(input);
    const id = this.rng.hex(64);
    this.collectDead(podUid, name, attempt);
    const rec: ContainerRecord = {
      id,
      podUid,
      name,
      attempt,
      image,
      state: 'created',
      logs: { texts: [], at: [] },
      memoryLimitBytes,
      cpuLimitCores,
      // scale: what a started container gets, in-object from the start (no property store).
      program: undefined,
      startedAt: undefined,
      timer: undefined,
    };
    this.containers.set(id, rec);
    if (!check.ok) {
      rec.state = 'exited';
      rec.exitCode = 128;
      rec.reason = 'StartError';
      rec.message = check.message;
      return { error: check.message };
    }
    // The pod network's resolvers are asked of this runtime when a process needs them.
    rec.program = startProgram(input, this.now, this);
    rec.program = clientProcessesOf(this.net).attach(rec.program, input, this.node); // net: clients
    if (input.stdin) rec.stdinArgv = resolveArgv(image, input);
    return { id };
  }

  /**
   * Before attempt `attempt` of a container is created, the dead attempts older than the one
   * before it go: the kubelet's container GC keeps one dead container per pod container
   * (MaxPerPodContainer), whose log `kubectl logs --previous` reads. k/k:
   * pkg/kubelet/kuberuntime/kuberuntime_gc.go evictContainers.
   */
  private collectDead(podUid: string, name: string, attempt: number): void {
    for (const [id, c] of this.containers) {
      if (c.podUid === podUid && c.name === name && c.attempt < attempt - 1 && c.state === 'exited')
        this.containers.delete(id);
    }
  }

  /** StartContainer: the process begins; its steps play out in virtual time. */
  start(id: string): void {
    const rec = this.containers.get(id);
    if (!rec || rec.state !== 'created' || !rec.program) return;
    rec.state = 'running';
    rec.startedAt = this.clock.now;
    // mysql: a quiet process that served a connection (`ncat -c`) has lines to log now.
    rec.program.wake = this.wake;
    this.advance(rec);
  }

  /**
   * A program's wake-up, called as its method (`program.wake()`): step its container if it is
   * waiting for nothing. scale: one function for the node's programs, not a closure for each
   * container; the container is found by its program (only `ncat -c` servers wake).
   */
  private readonly wake = ((runtime: ContainerRuntime) =>
    function (this: Program): void {
      for (const rec of runtime.containers.values())
        if (rec.program === this) {
          if (rec.timer === undefined) runtime.advance(rec);
          return;
        }
    })(this);

  private advance(rec: ContainerRecord): void {
    const step = rec.program!.next();
    if (!step) return;
    rec.timer = this.clock.setTimeout(() => {
      rec.timer = undefined;
      if (rec.state !== 'running') return;
      if (step.type === 'output') this.log(rec, step.stream, step.text);
      else if (step.type === 'exit')
        return this.exited(rec, step.code, step.code === 0 ? 'Completed' : 'Error');
      else if (
        step.type === 'memory' &&
        rec.memoryLimitBytes !== undefined &&
        step.bytes > rec.memoryLimitBytes
      ) {
        // The kernel's OOM killer ends the process: exit code 137 (SIGKILL).
        return this.exited(rec, 137, 'OOMKilled');
      } else if (step.type === 'memory') rec.workingSetBytes = step.bytes;
      else if (step.type === 'cpu')
        cpuAccountOf(rec, this.clock.now, this.cpuCores).spin(this.clock.now, step.cores);
      this.advance(rec);
    }, step.afterMs);
  }

  private log(rec: ContainerRecord, stream: 'stdout' | 'stderr', text: string): void {
    appendLog(rec.logs, this.clock.now, stream, text);
  }

  private exited(rec: ContainerRecord, code: number, reason: ContainerRecord['reason']): void {
    if (rec.state === 'exited') return;
    this.clock.clearTimeout(rec.timer);
    this.clock.clearTimeout(rec.killTimer);
    rec.state = 'exited';
    rec.exitCode = code;
    rec.reason = reason;
    rec.finishedAt = this.clock.now;
    // corpus-apps: the kubelet reads the container's termination message file (k/k:
    // kuberuntime_container.go getTerminationMessage; the default path).
    const log = rec.program?.exec?.(['cat', '/dev/termination-log'], 1000);
    const message = log?.exitCode === 0 && log.output ? log.output : undefined;
    clientProcessesOf(this.net).exited(rec.program); // net:
    rec.program = undefined;
    this.streaming.containerGone(rec.id);
    this.onExit({ id: rec.id, exitCode: code, reason, ...(message ? { message } : {}) });
  }

  /**
   * StopContainer: SIGTERM, then SIGKILL after the grace period (exit code 137 if it had to be
   * killed). The kubelet learns of the exit through the exit subscription.
   */
  stop(id: string, graceMs: number): void {
    const rec = this.containers.get(id);
    if (!rec || rec.state !== 'running') return;
    const steps = rec.program!.terminate();
    let t = 0;
    for (const s of steps) {
      t += s.afterMs;
      const at = t;
      this.clock.setTimeout(
        () => {
          if (rec.state !== 'running') return;
          if (s.type === 'output') this.log(rec, s.stream, s.text);
          else if (s.type === 'exit')
            this.exited(rec, s.code, s.code === 0 ? 'Completed' : 'Error');
        },
        Math.min(at, graceMs),
      );
    }
    rec.killTimer = this.clock.setTimeout(() => this.exited(rec, 137, 'Error'), graceMs);
  }

  /** ReadContainerLogs: the lines of one container attempt, as the CRI log file has them. */
  logsOf(podUid: string, name: string, attempt: number): LogLine[] | undefined {
    let found: ContainerRecord | undefined;
    for (const c of this.containers.values())
      if (c.podUid === podUid && c.name === name && c.attempt === attempt) found = c;
    return found && this.linesOf(found);
  }

  /** The attempt number of a container by its id (`abc…`, without the `containerd://`). */
  attemptOf(id: string): number | undefined {
    return this.containers.get(id)?.attempt;
  }

  /** ReadContainerLogs of one container by its id, as the kubelet reads `--previous`. */
  logsById(id: string): LogLine[] | undefined {
    const found = this.containers.get(id);
    return found && this.linesOf(found);
  }

  private linesOf(found: ContainerRecord): LogLine[] {
    return readLog(found.logs, (at) => this.clock.timestampNano(at));
  }

  /** RunPodSandbox done: the pod's network namespace has its IP. */
  registerSandbox(podUid: string, id: string, ip: string, pod: string): void {
    this.sandboxes.set(podUid, { id, ip, pod });
  }

  /** The newest container of a pod's container `name` at `attempt` (ListContainers). */
  containerOf(podUid: string, name: string, attempt: number): ContainerRecord | undefined {
    let found: ContainerRecord | undefined;
    for (const c of this.containers.values())
      if (c.podUid === podUid && c.name === name && c.attempt === attempt) found = c;
    return found;
  }

  /** RemoveContainer: a container that never ran (created, its start never came). */
  removeContainer(id: string): void {
    const c = this.containers.get(id);
    if (!c || c.state === 'running') return;
    this.clock.clearTimeout(c.timer);
    this.containers.delete(id);
  }

  /** Whether StopContainer is under way for a running container (its SIGKILL is due). */
  isStopping(id: string): boolean {
    return this.containers.get(id)?.killTimer !== undefined;
  }

  /** The pod holding an IP on this node. */
  podAt(ip: string): string | undefined {
    for (const s of this.sandboxes.values()) if (s.ip === ip) return s.pod;
    return undefined;
  }

  /** The running container of a pod that listens on `port`. */
  listener(podUid: string, port: number): ContainerRecord | undefined {
    for (const c of this.containers.values()) {
      if (c.podUid === podUid && c.state === 'running' && c.program?.listens.includes(port))
        return c;
    }
    return undefined;
  }

  /** A TCP connect to a pod IP on this node: does a process listen on the port? */
  connect(ip: string, port: number): boolean | undefined {
    const uid = [...this.sandboxes].find(([, s]) => s.ip === ip)?.[0];
    if (uid === undefined) return undefined;
    return this.listener(uid, port) !== undefined;
  }

  /** An HTTP GET to a pod IP on this node, answered by the listening container's program. */
  httpGet(ip: string, port: number, path: string, host?: string): HttpOutcome | undefined {
    const uid = [...this.sandboxes].find(([, s]) => s.ip === ip)?.[0];
    if (uid === undefined) return undefined;
    const c = this.listener(uid, port);
    const answer = c?.program?.http(port, path, host);
    // hpa: the work the request costs runs in the container's cgroup, throttled at its limit.
    return answer ? answered(c!, answer, this.clock.now, this.cpuCores) : { kind: 'refused', ip };
  }

  /** hpa: the CRI's ListContainerStats for the running containers of a pod. */
  containerStats(podUid: string): ContainerStats[] {
    return containerStatsOf(this.containers.values(), podUid, this.clock.now);
  }

  /**
   * ExecSync: run a command in a running container (exec probes, exec hooks), against the state
   * of its process: the files it wrote, its environment (userland/programs/exec.ts).
   */
  exec(id: string, argv: string[], timeoutMs: number): ExecResult {
    const rec = this.containers.get(id);
    const result = rec?.state === 'running' ? rec.program?.exec?.(argv, timeoutMs) : undefined;
    return result ?? { exitCode: -1, output: 'container is not running', ms: 0, timedOut: false };
  }

  /** Remove every container of a pod (after it is deleted). */
  removePod(podUid: string): void {
    this.sandboxes.delete(podUid);
    for (const [id, c] of this.containers) {
      if (c.podUid !== podUid) continue;
      this.clock.clearTimeout(c.timer);
      this.clock.clearTimeout(c.killTimer);
      this.streaming.containerGone(id);
      this.containers.delete(id);
    }
  }

  /** A container's resolvers for its own `wget`/`curl` and TCP calls, from this node's pod. */
  resolversFor(input: ProgramInput): [HttpResolver, TcpResolver] {
    return podResolvers(this.net, this.node, this.rng, input);
  }

  /** A sandbox id for a new pod. */
  newSandboxId(): string {
    this.seq++;
    return this.rng.hex(64);
  }
}
