import type { ApiResponse } from '../apiserver/types';
import { clone } from '../apiserver/patch';
import { memoryBytes } from '../api/quantity';
import type { Container, ContainerStatus, Pod, PodCondition } from '../api/types';
import { objectKey } from '../client/informer';
import type { TimerId } from '../sim/clock';
import { goDuration } from './duration';
import { normalizeImage, type RegistryImage } from './images';
import type { Kubelet } from './kubelet';
import type { ProgramInput } from './programs';
import type { ContainerExit, PullResult } from './runtime';

/** kubelet: back-off doubles from 10 s to a 300 s cap, for image pulls and for crashes. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** A container that ran this long without trouble has its crash back-off reset. */
export const BACKOFF_RESET_MS = 10 * 60_000;
/** How long CRI calls take inside the node. */
const SANDBOX_MS = 250;
const CREATE_MS = 40;
const START_MS = 60;

interface ContainerRun {
  spec: Container;
  init: boolean;
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  containerId?: string;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  lastTerminated?: ContainerStatus['lastState'];
  restartCount: number;
  ready: boolean;
  started: boolean;
  image?: RegistryImage;
  busy: boolean;
  crashBackoffMs: number;
  pullBackoffMs: number;
  pullRetryAt: number;
  restartTimer?: TimerId;
}

/**
 * The kubelet's worker for one pod (pod_workers.go + SyncPod): sandbox, init containers in
 * order, image pulls per imagePullPolicy with back-off, container create and start, restarts by
 * restartPolicy with crash back-off, status updates, and graceful termination.
 */
export class PodWorker {
  readonly uid: string;
  readonly key: string;
  private pod: Pod;
  private sandbox?: { id: string; ip: string };
  private creatingSandbox = false;
  private runs: ContainerRun[];
  private phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' = 'Pending';
  private startTime: string;
  private terminating = false;
  private gone = false;
  private statusTimer?: TimerId;
  private lastStatusJson = '';
  private transitions = new Map<string, { status: string; at: string }>();

  constructor(
    private readonly kubelet: Kubelet,
    pod: Pod,
  ) {
    this.pod = pod;
    this.uid = pod.metadata!.uid!;
    this.key = objectKey(pod);
    this.startTime = kubelet.clock.timestamp();
    const mk = (spec: Container, init: boolean): ContainerRun => ({
      spec,
      init,
      state: 'waiting',
      reason: init || !(pod.spec!.initContainers?.length) ? 'ContainerCreating' : 'PodInitializing',
      restartCount: 0,
      ready: false,
      started: false,
      busy: false,
      crashBackoffMs: 0,
      pullBackoffMs: 0,
      pullRetryAt: 0,
    });
    this.runs = [...(pod.spec!.initContainers ?? []).map((c) => mk(c, true)), ...pod.spec!.containers.map((c) => mk(c, false))];
    for (const r of this.runs) if (r.init) r.reason = 'PodInitializing';
    if (this.runs.some((r) => r.init)) this.runs.find((r) => r.init)!.reason = 'ContainerCreating';
  }

  private get clock() {
    return this.kubelet.clock;
  }

  private get ns(): string {
    return this.pod.metadata!.namespace!;
  }

  private get name(): string {
    return this.pod.metadata!.name!;
  }

  update(pod: Pod): void {
    if (pod.metadata?.uid !== this.uid) return;
    this.pod = pod;
    this.sync();
  }

  /** The kubelet stopped: nothing more happens until it starts again (containers keep running). */
  pause(): void {
    this.clock.clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
  }

  /** The pod was deleted from the API. */
  forget(): void {
    this.gone = true;
    for (const r of this.runs) this.clock.clearTimeout(r.restartTimer);
    this.clock.clearTimeout(this.statusTimer);
    this.kubelet.releasePodIP(this.sandbox?.ip);
    this.kubelet.runtime.removePod(this.uid);
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, run?: ContainerRun): void {
    const fieldPath = run ? `spec.${run.init ? 'initContainers' : 'containers'}{${run.spec.name}}` : undefined;
    this.kubelet.recorder.event(this.pod, type, reason, message, fieldPath);
  }

  /** Reconcile the pod's containers towards its spec. */
  sync(): void {
    if (this.gone || !this.kubelet.isRunning()) return;
    if (this.pod.metadata?.deletionTimestamp) return this.terminate();
    if (this.phase === 'Succeeded' || this.phase === 'Failed') return;
    if (!this.sandbox) {
      this.markStatusDirty();
      if (!this.creatingSandbox) this.createSandbox();
      return;
    }
    const policy = this.pod.spec!.restartPolicy ?? 'Always';
    // Init containers run one at a time, each to successful completion.
    for (const r of this.runs.filter((x) => x.init)) {
      if (r.state === 'terminated' && r.exitCode === 0) continue;
      if (r.busy || r.state === 'running') return this.markStatusDirty();
      if (r.state === 'terminated') {
        if (policy === 'Never') {
          this.phase = 'Failed';
          return this.markStatusDirty();
        }
        return this.scheduleRestart(r);
      }
      if (r.restartTimer === undefined) this.startContainer(r);
      return this.markStatusDirty();
    }
    for (const r of this.runs.filter((x) => !x.init)) {
      if (r.busy || r.state === 'running' || r.restartTimer !== undefined) continue;
      if (r.state === 'waiting') {
        if (r.pullRetryAt > this.clock.now) continue;
        this.startContainer(r);
        continue;
      }
      const restart = policy === 'Always' || (policy === 'OnFailure' && r.exitCode !== 0);
      if (restart) this.scheduleRestart(r);
    }
    this.phase = this.computePhase();
    this.markStatusDirty();
  }

  private createSandbox(): void {
    this.creatingSandbox = true;
    const rt = this.kubelet.runtime;
    rt.call<{ id: string; ip: string }>(
      this.kubelet.id,
      'RunPodSandbox',
      this.name,
      (done) => done({ id: rt.newSandboxId(), ip: this.kubelet.allocatePodIP() }, SANDBOX_MS),
      (sb) => {
        this.creatingSandbox = false;
        if (this.gone) return this.kubelet.releasePodIP(sb.ip);
        this.sandbox = sb;
        this.sync();
      },
    );
  }

  private scheduleRestart(r: ContainerRun): void {
    if (r.restartTimer !== undefined) return;
    if (r.startedAt !== undefined && r.finishedAt !== undefined && r.finishedAt - r.startedAt >= BACKOFF_RESET_MS) r.crashBackoffMs = 0;
    const delay = r.crashBackoffMs;
    r.crashBackoffMs = delay === 0 ? BACKOFF_INITIAL_MS : Math.min(delay * 2, BACKOFF_MAX_MS);
    this.retire(r);
    if (delay > 0) {
      r.state = 'waiting';
      r.reason = 'CrashLoopBackOff';
      r.message = `back-off ${goDuration(delay)} restarting failed container=${r.spec.name} pod=${this.name}_${this.ns}(${this.uid})`;
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${r.spec.name} in pod ${this.name}_${this.ns}(${this.uid})`, r);
    }
    this.markStatusDirty();
    r.restartTimer = this.clock.setTimeout(() => {
      r.restartTimer = undefined;
      if (this.gone || this.terminating) return;
      r.restartCount++;
      this.startContainer(r);
    }, delay);
  }

  /** The terminated state becomes lastState, as when a container is about to be restarted. */
  private retire(r: ContainerRun): void {
    if (r.state !== 'terminated') return;
    r.lastTerminated = { terminated: this.terminatedState(r) };
  }

  private startContainer(r: ContainerRun): void {
    r.busy = true;
    this.ensureImage(r, (image) => {
      if (!image) {
        r.busy = false;
        this.markStatusDirty();
        this.clock.setTimeout(() => this.sync(), Math.max(0, r.pullRetryAt - this.clock.now));
        return;
      }
      r.image = image;
      this.createAndStart(r, image);
    });
  }

  /** EnsureImageExists: pull per imagePullPolicy, with back-off after failures. */
  private ensureImage(r: ContainerRun, done: (image: RegistryImage | undefined) => void): void {
    const ref = r.spec.image!;
    const policy = r.spec.imagePullPolicy ?? 'IfNotPresent';
    let full: string;
    try {
      full = normalizeImage(ref).full;
    } catch (e) {
      r.state = 'waiting';
      r.reason = 'InvalidImageName';
      r.message = `Failed to apply default image tag "${ref}": couldn't parse image reference "${ref}": invalid reference format`;
      this.event('Warning', 'InspectFailed', r.message, r);
      this.event('Warning', 'Failed', 'Error: InvalidImageName', r);
      void e;
      return done(undefined);
    }
    const present = this.kubelet.runtime.hasImage(full);
    if (present && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${ref}" already present on machine`, r);
      return done(this.lookupCached(ref));
    }
    if (policy === 'Never') {
      r.state = 'waiting';
      r.reason = 'ErrImageNeverPull';
      r.message = `Container image "${ref}" is not present with pull policy of Never`;
      this.event('Warning', 'ErrImageNeverPull', r.message, r);
      r.pullRetryAt = this.clock.now + BACKOFF_INITIAL_MS;
      return done(undefined);
    }
    if (r.pullRetryAt > this.clock.now) {
      r.state = 'waiting';
      r.reason = 'ImagePullBackOff';
      r.message = `Back-off pulling image "${ref}"`;
      this.event('Normal', 'BackOff', r.message, r);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', r);
      return done(undefined);
    }
    this.event('Normal', 'Pulling', `Pulling image "${ref}"`, r);
    this.kubelet.pullImage(ref, ref, (res: PullResult, waitedMs) => {
      if (this.gone) return;
      if (res.ok) {
        r.pullBackoffMs = 0;
        const took = res.ms;
        this.event(
          'Normal',
          'Pulled',
          res.alreadyPresent
            ? `Container image "${ref}" already present on machine`
            : `Successfully pulled image "${ref}" in ${goDuration(took)} (${goDuration(waitedMs)} including waiting). Image size: ${res.image.sizeBytes} bytes.`,
          r,
        );
        return done(res.image);
      }
      const grpc = res.error.includes(': not found') ? 'NotFound' : 'Unknown';
      const err = `rpc error: code = ${grpc} desc = ${res.error}`;
      this.event('Warning', 'Failed', `Failed to pull image "${ref}": ${err}`, r);
      this.event('Warning', 'Failed', 'Error: ErrImagePull', r);
      r.state = 'waiting';
      r.reason = 'ErrImagePull';
      r.message = err;
      r.pullBackoffMs = r.pullBackoffMs === 0 ? BACKOFF_INITIAL_MS : Math.min(r.pullBackoffMs * 2, BACKOFF_MAX_MS);
      r.pullRetryAt = this.clock.now + r.pullBackoffMs;
      // The next sync (soon after) finds the back-off and reports ImagePullBackOff.
      this.clock.setTimeout(() => this.sync(), 1000);
      done(undefined);
    });
  }

  private lookupCached(ref: string): RegistryImage | undefined {
    return this.kubelet.runtime.imageInfo(ref);
  }

  private createAndStart(r: ContainerRun, image: RegistryImage): void {
    const rt = this.kubelet.runtime;
    const limit = r.spec.resources?.limits?.memory;
    const input: ProgramInput = {
      image: image.full,
      command: r.spec.command,
      args: r.spec.args,
      env: this.envFor(r.spec),
      containerName: r.spec.name,
      podName: this.name,
      namespace: this.ns,
      hostname: this.pod.spec?.hostname ?? this.name,
      podIP: this.sandbox!.ip,
    };
    rt.call<{ id: string } | { error: string }>(
      this.kubelet.id,
      'CreateContainer',
      r.spec.name,
      (done) => done(rt.create(this.uid, r.spec.name, r.restartCount, image, input, limit !== undefined ? memoryBytes(limit) : undefined), CREATE_MS),
      (created) => {
        if (this.gone) return;
        if ('error' in created) {
          r.busy = false;
          r.state = 'terminated';
          r.exitCode = 128;
          r.reason = 'StartError';
          r.message = created.error;
          r.startedAt = this.clock.now;
          r.finishedAt = this.clock.now;
          this.event('Normal', 'Created', `Created container ${r.spec.name}`, r);
          this.event('Warning', 'Failed', `Error: ${created.error}`, r);
          return this.sync();
        }
        this.event('Normal', 'Created', `Created container ${r.spec.name}`, r);
        rt.call<boolean>(
          this.kubelet.id,
          'StartContainer',
          r.spec.name,
          (done) => done(true, START_MS),
          () => {
            if (this.gone) return;
            r.busy = false;
            r.containerId = created.id;
            r.state = 'running';
            r.reason = undefined;
            r.message = undefined;
            r.exitCode = undefined;
            r.startedAt = this.clock.now;
            r.finishedAt = undefined;
            r.started = true;
            r.ready = !r.init;
            rt.start(created.id);
            this.event('Normal', 'Started', `Started container ${r.spec.name}`, r);
            this.sync();
          },
        );
      },
    );
  }

  /** Environment variables: literal values and the downward API's common fields. */
  private envFor(c: Container): Record<string, string> {
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: this.pod.spec?.hostname ?? this.name,
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    };
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v: string) => env[v] ?? m);
      else if (e.valueFrom?.fieldRef) {
        const f = e.valueFrom.fieldRef.fieldPath;
        const v =
          f === 'metadata.name'
            ? this.name
            : f === 'metadata.namespace'
              ? this.ns
              : f === 'status.podIP'
                ? this.sandbox?.ip
                : f === 'spec.nodeName'
                  ? this.kubelet.config.name
                  : f === 'status.hostIP'
                    ? this.kubelet.config.internalIP
                    : f === 'spec.serviceAccountName'
                      ? this.pod.spec?.serviceAccountName
                      : undefined;
        if (v !== undefined) env[e.name] = v;
      }
    }
    return env;
  }

  /** The runtime reports a container exit (evented PLEG). */
  containerExited(exit: ContainerExit): void {
    const r = this.runs.find((x) => x.containerId === exit.id);
    if (!r || r.state !== 'running') return;
    r.state = 'terminated';
    r.exitCode = exit.exitCode;
    r.reason = exit.reason;
    r.message = undefined;
    r.finishedAt = this.clock.now;
    r.ready = false;
    if (this.terminating) return this.finishTermination();
    this.sync();
  }

  /** Graceful termination: Killing events, StopContainer with the grace period, then DELETE. */
  private terminate(): void {
    if (this.terminating) return this.finishTermination();
    this.terminating = true;
    for (const r of this.runs) this.clock.clearTimeout(r.restartTimer);
    const graceMs = (this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const running = this.runs.filter((r) => r.state === 'running');
    for (const r of running) {
      this.event('Normal', 'Killing', `Stopping container ${r.spec.name}`, r);
      const id = r.containerId!;
      this.kubelet.runtime.call<boolean>(this.kubelet.id, 'StopContainer', r.spec.name, (done) => done(true), () => this.kubelet.runtime.stop(id, graceMs));
    }
    this.finishTermination();
  }

  private finishTermination(): void {
    if (this.gone || this.runs.some((r) => r.state === 'running' || r.busy)) return;
    this.gone = true;
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const allZero = this.runs.filter((r) => !r.init).every((r) => r.exitCode === 0);
    this.phase = this.phase === 'Succeeded' || this.phase === 'Failed' ? this.phase : allZero && policy !== 'Always' ? 'Succeeded' : 'Failed';
    const status = this.buildStatus();
    this.kubelet.client.patch('pods', this.ns, this.name, { status }, () => {
      this.kubelet.client.delete('pods', this.ns, this.name, () => this.kubelet.removeWorker(this.key, this.uid), { gracePeriodSeconds: 0 });
    }, 'status', 'merge');
  }

  private computePhase(): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
    const policy = this.pod.spec!.restartPolicy ?? 'Always';
    const init = this.runs.filter((r) => r.init);
    if (init.some((r) => !(r.state === 'terminated' && r.exitCode === 0))) return 'Pending';
    let running = 0;
    let waiting = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const r of this.runs.filter((x) => !x.init)) {
      if (r.state === 'running') running++;
      else if (r.state === 'terminated') {
        stopped++;
        if (r.exitCode === 0) succeeded++;
      } else if (r.lastTerminated) stopped++;
      else waiting++;
    }
    // k/k: pkg/kubelet/kubelet_pods.go getPhase
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (stopped > 0) {
      if (policy === 'Always') return 'Running';
      if (stopped === succeeded) return 'Succeeded';
      if (policy === 'Never') return 'Failed';
      return 'Running';
    }
    return 'Pending';
  }

  /** The status manager coalesces changes into one PATCH pods/status shortly after. */
  private markStatusDirty(): void {
    if (this.statusTimer !== undefined || this.gone) return;
    this.statusTimer = this.clock.setTimeout(() => {
      this.statusTimer = undefined;
      if (this.gone || !this.kubelet.isRunning()) return;
      const status = this.buildStatus();
      const json = JSON.stringify(status);
      if (json === this.lastStatusJson) return;
      this.lastStatusJson = json;
      this.kubelet.client.patch('pods', this.ns, this.name, { status }, undefined, 'status', 'merge');
    }, 5);
  }

  private terminatedState(r: ContainerRun) {
    const t: NonNullable<ContainerStatus['state']>['terminated'] = {
      exitCode: r.exitCode ?? 0,
      reason: r.reason,
      startedAt: this.clock.timestamp(r.startedAt ?? this.clock.now),
      finishedAt: this.clock.timestamp(r.finishedAt ?? this.clock.now),
    };
    if (r.message) t.message = r.message;
    if (r.containerId) t.containerID = `containerd://${r.containerId}`;
    return t;
  }

  private containerStatus(r: ContainerRun): ContainerStatus {
    let state: ContainerStatus['state'];
    if (r.state === 'running') state = { running: { startedAt: this.clock.timestamp(r.startedAt) } };
    else if (r.state === 'terminated') state = { terminated: this.terminatedState(r) };
    else state = { waiting: r.message ? { reason: r.reason, message: r.message } : { reason: r.reason } };
    const s: ContainerStatus = {
      containerID: r.containerId ? `containerd://${r.containerId}` : undefined,
      image: r.image?.full ?? this.fullImage(r.spec.image!),
      imageID: r.image?.repoDigest ?? '',
      lastState: r.lastTerminated ?? {},
      name: r.spec.name,
      ready: r.ready,
      restartCount: r.restartCount,
      started: r.state === 'running',
      state,
    };
    if (!s.containerID) delete s.containerID;
    return s;
  }

  private fullImage(ref: string): string {
    try {
      return normalizeImage(ref).full;
    } catch {
      return ref;
    }
  }

  private condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
    const status = ok ? 'True' : 'False';
    const prev = this.transitions.get(type);
    const at = prev && prev.status === status ? prev.at : this.clock.timestamp();
    this.transitions.set(type, { status, at });
    const c: PodCondition = { type, status, lastProbeTime: null as unknown as string, lastTransitionTime: at };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  }

  buildStatus(): Pod['status'] {
    const inits = this.runs.filter((r) => r.init);
    const apps = this.runs.filter((r) => !r.init);
    const incomplete = inits.filter((r) => !(r.state === 'terminated' && r.exitCode === 0)).map((r) => r.spec.name);
    const unready = apps.filter((r) => !r.ready).map((r) => r.spec.name);
    const done = this.phase === 'Succeeded' || this.phase === 'Failed';
    const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
    const readyMsg = done ? undefined : `containers with unready status: [${unready.join(' ')}]`;
    const conditions: PodCondition[] = [
      this.condition('PodReadyToStartContainers', this.sandbox !== undefined && !done),
      this.condition('Initialized', incomplete.length === 0, incomplete.length ? 'ContainersNotInitialized' : done && inits.length ? 'PodCompleted' : undefined, incomplete.length ? `containers with incomplete status: [${incomplete.join(' ')}]` : undefined),
      this.condition('Ready', unready.length === 0 && !done, unready.length || done ? readyReason : undefined, unready.length ? readyMsg : undefined),
      this.condition('ContainersReady', unready.length === 0 && !done, unready.length || done ? readyReason : undefined, unready.length ? readyMsg : undefined),
    ];
    const scheduled = this.pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled) conditions.push(clone(scheduled));
    const status: NonNullable<Pod['status']> = {
      phase: this.phase,
      conditions,
      hostIP: this.kubelet.config.internalIP,
      hostIPs: [{ ip: this.kubelet.config.internalIP }],
      startTime: this.startTime,
      containerStatuses: apps.map((r) => this.containerStatus(r)),
      qosClass: this.pod.status?.qosClass,
    };
    if (this.sandbox) {
      status.podIP = this.sandbox.ip;
      status.podIPs = [{ ip: this.sandbox.ip }];
    }
    if (inits.length) status.initContainerStatuses = inits.map((r) => this.containerStatus(r));
    return status;
  }

  /** Serve `kubectl logs` for one container of this pod, via the runtime's CRI log files. */
  logs(req: { container?: string; previous?: boolean; tailLines?: number; timestamps?: boolean }, reply: (r: ApiResponse) => void): void {
    const names = this.runs.filter((r) => !r.init).map((r) => r.spec.name);
    let name = req.container;
    if (!name) {
      if (names.length > 1) {
        const inits = this.runs.filter((r) => r.init).map((r) => r.spec.name);
        const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
        return reply({ code: 400, body: `a container name must be specified for pod ${this.name}, choose one of: [${names.join(' ')}]${initPart}` });
      }
      name = names[0];
    }
    const r = this.runs.find((x) => x.spec.name === name);
    if (!r) return reply({ code: 400, body: `container ${name} is not valid for pod ${this.name}` });
    if (req.previous) {
      if (!r.lastTerminated?.terminated && r.restartCount === 0) {
        return reply({ code: 400, body: `previous terminated container "${name}" in pod "${this.name}" not found` });
      }
    } else if (!r.started && r.state === 'waiting') {
      return reply({ code: 400, body: `container "${name}" in pod "${this.name}" is waiting to start: ${r.reason ?? 'ContainerCreating'}` });
    }
    const attempt = req.previous ? r.restartCount - 1 : r.restartCount;
    const rt = this.kubelet.runtime;
    rt.call<string>(
      this.kubelet.id,
      'ReadContainerLog',
      `${name} #${attempt}`,
      (done) => {
        let lines = rt.logsOf(this.uid, name!, attempt) ?? [];
        if (req.tailLines !== undefined) lines = req.tailLines === 0 ? [] : lines.slice(-req.tailLines);
        done(lines.map((l) => (req.timestamps ? `${l.time} ${l.text}` : l.text)).join('\n') + (lines.length ? '\n' : ''));
      },
      (text) => reply({ code: 200, body: text }),
    );
  }
}
