import type { Clock, TimerId } from '../sim/clock';
import type { Network } from '../sim/network';
import type { Rng } from '../sim/rng';
import { DEFAULT_BANDWIDTH_BYTES_PER_SEC, lookupImage, pullDurationMs, type RegistryImage } from './images';
import { checkExecutable, startProgram, type Program, type ProgramInput } from './programs';

/** The container runtime's version string, as `kubectl get nodes -o wide` shows it. */
export const CONTAINERD_VERSION = 'containerd://1.7.22';

export interface CachedImage {
  names: string[];
  sizeBytes: number;
  id: string;
  repoDigest: string;
}

/** One line of a CRI log file: `<RFC3339Nano> stdout F <text>`. */
export interface LogLine {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ContainerRecord {
  id: string;
  podUid: string;
  name: string;
  attempt: number;
  image: RegistryImage;
  state: 'created' | 'running' | 'exited';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: 'Completed' | 'Error' | 'OOMKilled' | 'StartError';
  message?: string;
  logs: LogLine[];
  memoryLimitBytes?: number;
  program?: Program;
  timer?: TimerId;
  killTimer?: TimerId;
}

/** A container's exit, as the runtime reports it to the kubelet (CRI container events). */
export interface ContainerExit {
  id: string;
  exitCode: number;
  reason: ContainerRecord['reason'];
}

export type PullResult = { ok: true; image: RegistryImage; alreadyPresent: boolean; ms: number } | { ok: false; error: string };

/**
 * The container runtime of one node (containerd, behind the CRI). It pulls images into its
 * cache, runs containers as deterministic programs in virtual time, keeps their logs per attempt,
 * and tells the kubelet when a container exits. The kubelet calls it over the node-local CRI socket:
 * each call is a traced message.
 */
export class ContainerRuntime {
  readonly images = new Map<string, CachedImage>();
  readonly containers = new Map<string, ContainerRecord>();
  private onExit: (e: ContainerExit) => void = () => {};
  private seq = 0;
  bandwidth = DEFAULT_BANDWIDTH_BYTES_PER_SEC;

  constructor(
    readonly id: string,
    readonly node: string,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly net: Network,
  ) {}

  /** The kubelet subscribes to container exits (evented PLEG). */
  subscribe(fn: (e: ContainerExit) => void): void {
    this.onExit = fn;
  }

  /** A CRI call from the kubelet: a traced request, work that takes `workMs`, a traced response. */
  call<T>(kubelet: string, method: string, summary: string, work: (done: (r: T, workMs?: number) => void) => void, reply: (r: T) => void): void {
    const req = this.net.send({ from: kubelet, to: this.id, kind: 'request', verb: method, resource: 'cri', summary: `${method} ${summary}` }, () =>
      work((r, workMs = 0) => {
        const respond = () =>
          this.net.send({ from: this.id, to: kubelet, kind: 'response', verb: method, resource: 'cri', summary: `${method} done`, flow: req.flow }, () => reply(r));
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
      done({ ok: false, error: found.error }, 450);
      return;
    }
    const img = found.image;
    const cached = this.images.get(img.full);
    if (cached) {
      done({ ok: true, image: img, alreadyPresent: true, ms: 0 }, 0);
      return;
    }
    const ms = pullDurationMs(img.sizeBytes, this.bandwidth);
    done({ ok: true, image: img, alreadyPresent: false, ms }, ms);
    this.clock.setTimeout(() => this.store(img), ms);
  }

  private store(img: RegistryImage): void {
    const names = [img.repoDigest, img.full];
    const existing = [...this.images.values()].find((c) => c.id === img.digest);
    if (existing) {
      if (!existing.names.includes(img.full)) existing.names.push(img.full);
      this.images.set(img.full, existing);
      return;
    }
    this.images.set(img.full, { names, sizeBytes: img.sizeBytes, id: img.digest, repoDigest: img.repoDigest });
  }

  /** Seed the cache (images baked into the node image, such as pause). */
  preload(ref: string): void {
    const found = lookupImage(ref);
    if (found.ok) this.store(found.image);
  }

  /** CreateContainer: returns the container id, or a StartError-like message. */
  create(podUid: string, name: string, attempt: number, image: RegistryImage, input: ProgramInput, memoryLimitBytes?: number): { id: string } | { error: string } {
    const check = checkExecutable(input);
    const id = this.rng.hex(64);
    const rec: ContainerRecord = { id, podUid, name, attempt, image, state: 'created', logs: [], memoryLimitBytes };
    this.containers.set(id, rec);
    if (!check.ok) {
      rec.state = 'exited';
      rec.exitCode = 128;
      rec.reason = 'StartError';
      rec.message = check.message;
      return { error: check.message };
    }
    rec.program = startProgram(input, () => this.clock.now);
    return { id };
  }

  /** StartContainer: the process begins; its steps play out in virtual time. */
  start(id: string): void {
    const rec = this.containers.get(id);
    if (!rec || rec.state !== 'created' || !rec.program) return;
    rec.state = 'running';
    rec.startedAt = this.clock.now;
    this.advance(rec);
  }

  private advance(rec: ContainerRecord): void {
    const step = rec.program!.next();
    if (!step) return;
    rec.timer = this.clock.setTimeout(() => {
      rec.timer = undefined;
      if (rec.state !== 'running') return;
      if (step.type === 'output') this.log(rec, step.stream, step.text);
      else if (step.type === 'exit') return this.exited(rec, step.code, step.code === 0 ? 'Completed' : 'Error');
      else if (step.type === 'memory' && rec.memoryLimitBytes !== undefined && step.bytes > rec.memoryLimitBytes) {
        // The kernel's OOM killer ends the process: exit code 137 (SIGKILL).
        return this.exited(rec, 137, 'OOMKilled');
      }
      this.advance(rec);
    }, step.afterMs);
  }

  private log(rec: ContainerRecord, stream: 'stdout' | 'stderr', text: string): void {
    for (const line of text.split('\n')) rec.logs.push({ time: this.clock.timestampNano(), stream, text: line });
    if (rec.logs.length > 5000) rec.logs.splice(0, rec.logs.length - 5000);
  }

  private exited(rec: ContainerRecord, code: number, reason: ContainerRecord['reason']): void {
    if (rec.state === 'exited') return;
    this.clock.clearTimeout(rec.timer);
    this.clock.clearTimeout(rec.killTimer);
    rec.state = 'exited';
    rec.exitCode = code;
    rec.reason = reason;
    rec.finishedAt = this.clock.now;
    this.onExit({ id: rec.id, exitCode: code, reason });
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
      this.clock.setTimeout(() => {
        if (rec.state !== 'running') return;
        if (s.type === 'output') this.log(rec, s.stream, s.text);
        else if (s.type === 'exit') this.exited(rec, s.code, s.code === 0 ? 'Completed' : 'Error');
      }, Math.min(at, graceMs));
    }
    rec.killTimer = this.clock.setTimeout(() => this.exited(rec, 137, 'Error'), graceMs);
  }

  /** ReadContainerLogs: the lines of one container attempt, as the CRI log file has them. */
  logsOf(podUid: string, name: string, attempt: number): LogLine[] | undefined {
    let found: ContainerRecord | undefined;
    for (const c of this.containers.values()) if (c.podUid === podUid && c.name === name && c.attempt === attempt) found = c;
    return found?.logs;
  }

  /** Remove every container of a pod (after it is deleted). */
  removePod(podUid: string): void {
    for (const [id, c] of this.containers) {
      if (c.podUid !== podUid) continue;
      this.clock.clearTimeout(c.timer);
      this.clock.clearTimeout(c.killTimer);
      this.containers.delete(id);
    }
  }

  /** A sandbox id for a new pod. */
  newSandboxId(): string {
    this.seq++;
    return this.rng.hex(64);
  }
}
