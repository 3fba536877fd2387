import type { ApiResponse } from '../apiserver/types';
import { memoryBytes } from '../api/quantity';
import type { Pod, Probe } from '../api/types';
import { objectKey } from '../client/informer';
import type { TimerId } from '../sim/clock';
import { goDuration } from './duration';
import { normalizeImage, type RegistryImage } from './images';
import type { Kubelet } from './kubelet';
import { ProbeWorker, type ProbeTarget, type ProbeType } from './probes';
import { expandKubernetesVars, type ProgramInput } from './programs';
import {
  buildPodStatus,
  computePhase,
  ConditionClock,
  terminatedState,
  type ContainerRun,
  type PodPhase,
} from './podStatusBuilder';
import type { ContainerExit, PullResult } from './runtime';
import { makeEnvironment, mountVolumes } from './volumes';
import { serveLogs, type LogRequest } from './containerLogs';
import { runHook } from './lifecycleHooks';

/** kubelet: back-off doubles from 10 s to a 300 s cap, for image pulls and for crashes. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** flowcontrol.Backoff forgets an entry 2 × max (10 minutes) after its last update. */
export const BACKOFF_RESET_MS = 2 * BACKOFF_MAX_MS;
/** pod_workers.go: a sync that ended in error is retried after backOffPeriod (10 s). */
export const ERROR_RESYNC_MS = 10_000;
/** Volume set-up retries (nestedpendingoperations): 500 ms doubling to 2m2s. */
export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 122_000;
/** kuberuntime: a container always gets at least 2 s between SIGTERM and SIGKILL. */
export const MIN_GRACE_MS = 2_000;
/** How long CRI calls take inside the node. */
const SANDBOX_MS = 250;
const CREATE_MS = 40;
const START_MS = 60;

/** What the pod worker keeps per container beyond its status. */
interface Run extends ContainerRun {
  crashBackoffMs: number;
  /** When the crash back-off entry was last advanced (flowcontrol.Backoff lastUpdate). */
  backoffUpdatedAt?: number;
  pullBackoffMs: number;
  pullRetryAt: number;
  restartTimer?: TimerId;
  probes: ProbeWorker[];
  /** Set while a failed liveness/startup probe has the container being killed. */
  killedBy?: ProbeType;
}

/** Waiting reasons whose retry waits for the pod worker's error resync. */
const RETRY_ON_RESYNC = new Set([
  'CreateContainerConfigError',
  'ErrImageNeverPull',
  'InvalidImageName',
  'ImagePullBackOff',
  'ErrImagePull',
]);

/**
 * The kubelet's worker for one pod (pod_workers.go + SyncPod): volumes, sandbox, init containers
 * in order, image pulls per imagePullPolicy with back-off, environment, container create and
 * start, probes, restarts by restartPolicy with crash back-off, status updates, and graceful
 * termination with preStop hooks.
 */
export class PodWorker {
  readonly uid: string;
  readonly key: string;
  private pod: Pod;
  private sandbox?: { id: string; ip: string };
  private creatingSandbox = false;
  private volumesReady = false;
  private mountBackoffMs = 0;
  private mountTimer?: TimerId;
  private resyncTimer?: TimerId;
  private runs: Run[];
  private phase: PodPhase = 'Pending';
  private startTime: string;
  private terminating = false;
  private gone = false;
  private statusTimer?: TimerId;
  private lastStatusJson = '';
  private lastSentReady: string | undefined;
  private conditions: ConditionClock;
  /** The next update syncs even if only the status changed (first sight, kubelet restart). */
  private needsSync = true;

  constructor(
    private readonly kubelet: Kubelet,
    pod: Pod,
  ) {
    this.pod = pod;
    this.uid = pod.metadata!.uid!;
    this.key = objectKey(pod);
    this.startTime = kubelet.clock.timestamp();
    this.conditions = new ConditionClock(kubelet.clock);
    const hasInit = (pod.spec!.initContainers?.length ?? 0) > 0;
    const mk = (spec: Run['spec'], init: boolean, first: boolean): Run => ({
      spec,
      init,
      state: 'waiting',
      // k/k: status of containers not yet started — the first to run is ContainerCreating.
      reason: first ? 'ContainerCreating' : 'PodInitializing',
      restartCount: 0,
      ready: false,
      started: false,
      busy: false,
      crashBackoffMs: 0,
      pullBackoffMs: 0,
      pullRetryAt: 0,
      probes: [],
    });
    this.runs = [
      ...(pod.spec!.initContainers ?? []).map((c, i) => mk(c, true, i === 0)),
      ...pod.spec!.containers.map((c) => mk(c, false, !hasInit)),
    ];
    kubelet.objects.register(pod);
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

  /** `web_default(uid)` as kubelet messages name a pod (k/k: pkg/kubelet/util/format.Pod). */
  private get podRef(): string {
    return `${this.name}_${this.ns}(${this.uid})`;
  }

  /**
   * A new version of the pod from the API. A status-only change (the kubelet's own status
   * write) is a reconcile, not a sync, as in the kubelet's config source.
   */
  update(pod: Pod): void {
    if (pod.metadata?.uid !== this.uid) return;
    const resync =
      this.needsSync ||
      JSON.stringify(pod.spec) !== JSON.stringify(this.pod.spec) ||
      pod.metadata?.deletionTimestamp !== this.pod.metadata?.deletionTimestamp;
    this.pod = pod;
    this.needsSync = false;
    // Someone else (the node controller, after an outage) changed Ready: the status manager
    // writes the kubelet's own view again.
    const apiReady = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    if (this.lastSentReady && apiReady && apiReady !== this.lastSentReady) {
      this.lastStatusJson = '';
      this.markStatusDirty();
    }
    if (resync) this.sync();
  }

  /** The kubelet restarted: open the watches of the objects this pod uses again. */
  reregister(): void {
    if (this.gone) return;
    this.kubelet.objects.register(this.pod);
    this.needsSync = true;
  }

  /** The kubelet stopped: nothing more happens until it starts again (containers keep running). */
  pause(): void {
    this.clock.clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    this.lastStatusJson = '';
  }

  /** The pod was deleted from the API. */
  forget(): void {
    this.gone = true;
    for (const r of this.runs) this.stopProbes(r);
    for (const r of this.runs) this.clock.clearTimeout(r.restartTimer);
    this.clock.clearTimeout(this.statusTimer);
    this.clock.clearTimeout(this.mountTimer);
    this.clock.clearTimeout(this.resyncTimer);
    this.kubelet.releasePodIP(this.sandbox?.ip);
    this.kubelet.runtime.removePod(this.uid);
    this.kubelet.objects.unregister(this.uid);
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, run?: Run): void {
    const fieldPath = run
      ? `spec.${run.init ? 'initContainers' : 'containers'}{${run.spec.name}}`
      : undefined;
    this.kubelet.recorder.event(this.pod, type, reason, message, fieldPath);
  }

  /** Reconcile the pod's containers towards its spec (SyncPod). */
  sync(resync = false): void {
    if (this.gone || !this.kubelet.isRunning()) return;
    if (this.pod.metadata?.deletionTimestamp) return this.terminate();
    if (this.phase === 'Succeeded' || this.phase === 'Failed') return;
    // WaitForAttachAndMount: volumes before the sandbox.
    if (!this.volumesReady) return this.mount();
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
        this.scheduleRestart(r, resync);
        return this.markStatusDirty();
      }
      if (r.restartTimer === undefined) this.syncWaiting(r, resync);
      else if (resync) this.backOffEvent(r);
      this.scheduleResync();
      return this.markStatusDirty();
    }
    for (const r of this.runs.filter((x) => !x.init)) {
      if (r.busy || r.state === 'running') continue;
      if (r.restartTimer !== undefined) {
        if (resync) this.backOffEvent(r);
        continue;
      }
      if (r.state === 'waiting') {
        this.syncWaiting(r, resync);
        continue;
      }
      const restart = policy === 'Always' || (policy === 'OnFailure' && r.exitCode !== 0);
      if (restart) this.scheduleRestart(r, resync);
    }
    this.phase = computePhase(this.pod, this.runs);
    this.scheduleResync();
    this.markStatusDirty();
  }

  /** A waiting container: start it, or (on resync) retry after an error or show back-off. */
  private syncWaiting(r: Run, resync: boolean): void {
    if (r.busy) return;
    if (r.pullRetryAt > this.clock.now) {
      // In image pull back-off: each sync says so (EnsureImageExists → ErrImagePullBackOff).
      if (resync || r.reason === 'ErrImagePull') this.showPullBackOff(r);
      return;
    }
    if (RETRY_ON_RESYNC.has(r.reason ?? '') && !resync && r.reason !== 'ImagePullBackOff') return;
    this.startContainer(r);
  }

  private showPullBackOff(r: Run): void {
    const ref = r.spec.image!;
    r.state = 'waiting';
    r.reason = 'ImagePullBackOff';
    r.message = `Back-off pulling image "${ref}"`;
    this.event('Normal', 'BackOff', r.message, r);
    this.event('Warning', 'Failed', 'Error: ImagePullBackOff', r);
    this.markStatusDirty();
  }

  /** pod_workers.go: a sync that ended in error is queued again after backOffPeriod. */
  private scheduleResync(restart = false): void {
    if (restart) {
      this.clock.clearTimeout(this.resyncTimer);
      this.resyncTimer = undefined;
    }
    if (this.resyncTimer !== undefined || this.gone) return;
    const inError = this.runs.some(
      (r) =>
        r.state === 'waiting' &&
        (r.restartTimer !== undefined ||
          RETRY_ON_RESYNC.has(r.reason ?? '') ||
          r.reason === 'CrashLoopBackOff'),
    );
    if (!inError) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      this.resyncTimer = undefined;
      this.sync(true);
    }, ERROR_RESYNC_MS);
  }

  /** Set up the pod's volumes; a missing ConfigMap or Secret is retried with back-off. */
  private mount(): void {
    if (this.mountTimer !== undefined) return;
    const res = mountVolumes(this.pod, this.kubelet.objects);
    if (res.ok === true) {
      this.volumesReady = true;
      this.mountBackoffMs = 0;
      return this.sync();
    }
    const retry = (ms: number) => {
      this.mountTimer = this.clock.setTimeout(() => {
        this.mountTimer = undefined;
        this.sync();
      }, ms);
    };
    this.markStatusDirty();
    if (res.ok === 'pending') return retry(100);
    // k/k: pkg/volume/util/operationexecutor: `MountVolume.SetUp failed for volume "cfg" : <err>`.
    this.event(
      'Warning',
      'FailedMount',
      `MountVolume.SetUp failed for volume "${res.volume}" : ${res.error}`,
    );
    this.mountBackoffMs = this.mountBackoffMs
      ? Math.min(this.mountBackoffMs * 2, MOUNT_RETRY_MAX_MS)
      : MOUNT_RETRY_INITIAL_MS;
    retry(this.mountBackoffMs);
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
        rt.registerSandbox(this.uid, sb.ip, this.key);
        this.sync();
      },
    );
  }

  private backOffEvent(r: Run): void {
    if (r.reason !== 'CrashLoopBackOff') return;
    this.event(
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${r.spec.name} in pod ${this.podRef}`,
      r,
    );
  }

  /**
   * Restart after an exit, with the crash back-off of kuberuntime doBackOff: in back-off while
   * `now - finishedAt` is below the current delay (10 s doubling to 300 s), forgotten after 10 min.
   */
  private scheduleRestart(r: Run, resync: boolean): void {
    if (r.restartTimer !== undefined) return;
    const now = this.clock.now;
    const finished = r.finishedAt ?? now;
    const expired =
      r.backoffUpdatedAt === undefined || finished - r.backoffUpdatedAt > BACKOFF_RESET_MS;
    const inBackoff = !expired && now - finished < r.crashBackoffMs;
    this.retire(r);
    const advance = () => {
      const fresh =
        r.backoffUpdatedAt === undefined || finished - r.backoffUpdatedAt > BACKOFF_RESET_MS;
      r.crashBackoffMs =
        fresh || !r.crashBackoffMs
          ? BACKOFF_INITIAL_MS
          : Math.min(r.crashBackoffMs * 2, BACKOFF_MAX_MS);
      r.backoffUpdatedAt = finished;
    };
    const delay = inBackoff ? finished + r.crashBackoffMs - now : 0;
    if (inBackoff) {
      r.state = 'waiting';
      r.reason = 'CrashLoopBackOff';
      r.message = `back-off ${goDuration(r.crashBackoffMs)} restarting failed container=${r.spec.name} pod=${this.podRef}`;
      this.backOffEvent(r);
      void resync;
    }
    this.markStatusDirty();
    r.restartTimer = this.clock.setTimeout(() => {
      r.restartTimer = undefined;
      if (this.gone || this.terminating) return;
      advance();
      r.restartCount++;
      this.startContainer(r);
    }, delay);
  }

  /** The terminated state becomes lastState, as when a container is about to be restarted. */
  private retire(r: Run): void {
    if (r.state !== 'terminated') return;
    r.lastTerminated = {
      terminated: terminatedState(r, this.clock, this.kubelet.runtime.idPrefix),
    };
  }

  private startContainer(r: Run): void {
    r.busy = true;
    this.ensureImage(r, (image) => {
      if (this.terminating) {
        r.busy = false;
        return this.finishTermination();
      }
      if (!image) {
        r.busy = false;
        this.markStatusDirty();
        // The sync ended (after the pull) in error: requeued backOffPeriod from now.
        this.scheduleResync(true);
        return;
      }
      r.image = image;
      this.createAndStart(r, image);
    });
  }

  /** EnsureImageExists: pull per imagePullPolicy, with back-off after failures. */
  private ensureImage(r: Run, done: (image: RegistryImage | undefined) => void): void {
    const ref = r.spec.image!;
    const policy = r.spec.imagePullPolicy ?? 'IfNotPresent';
    let full: string;
    try {
      full = normalizeImage(ref).full;
    } catch {
      r.state = 'waiting';
      r.reason = 'InvalidImageName';
      r.message = `Failed to apply default image tag "${ref}": couldn't parse image reference "${ref}": invalid reference format`;
      this.event('Warning', 'InspectFailed', r.message, r);
      this.event('Warning', 'Failed', 'Error: InvalidImageName', r);
      return done(undefined);
    }
    const present = this.kubelet.runtime.hasImage(full);
    if (present && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${ref}" already present on machine`, r);
      return done(this.kubelet.runtime.imageInfo(ref));
    }
    if (policy === 'Never') {
      r.state = 'waiting';
      r.reason = 'ErrImageNeverPull';
      r.message = `Container image "${ref}" is not present with pull policy of Never`;
      this.event('Warning', 'ErrImageNeverPull', r.message, r);
      return done(undefined);
    }
    this.event('Normal', 'Pulling', `Pulling image "${ref}"`, r);
    this.kubelet.pullImage(ref, ref, (res: PullResult, waitedMs) => {
      if (this.gone) return;
      if (res.ok) {
        r.pullBackoffMs = 0;
        r.pullRetryAt = 0;
        this.event(
          'Normal',
          'Pulled',
          `Successfully pulled image "${ref}" in ${goDuration(res.ms)} (${goDuration(waitedMs)} including waiting). Image size: ${res.image.sizeBytes} bytes.`,
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
      const first = r.pullBackoffMs === 0;
      r.pullBackoffMs = first ? BACKOFF_INITIAL_MS : Math.min(r.pullBackoffMs * 2, BACKOFF_MAX_MS);
      r.pullRetryAt = this.clock.now + r.pullBackoffMs;
      // The first failure is followed at once by a sync (the new sandbox's PLEG event), which
      // finds the back-off and reports ImagePullBackOff; later ones wait for the error resync.
      if (first) this.clock.setTimeout(() => this.sync(), 1000);
      done(undefined);
    });
  }

  private createAndStart(r: Run, image: RegistryImage): void {
    const rt = this.kubelet.runtime;
    const envResult = makeEnvironment(
      r.spec,
      {
        pod: this.pod,
        podIP: this.sandbox?.ip,
        nodeName: this.kubelet.config.name,
        hostIP: this.kubelet.config.internalIP,
      },
      this.kubelet.objects,
    );
    if ('pending' in envResult) {
      r.busy = false;
      this.clock.setTimeout(() => this.sync(), 100);
      return;
    }
    if ('error' in envResult) {
      // kuberuntime startContainer: generateContainerConfig failed → CreateContainerConfigError.
      r.busy = false;
      r.state = 'waiting';
      r.reason = 'CreateContainerConfigError';
      r.message = envResult.error;
      this.event('Warning', 'Failed', `Error: ${envResult.error}`, r);
      this.markStatusDirty();
      this.scheduleResync();
      return;
    }
    const env = envResult.env;
    const limit = r.spec.resources?.limits?.memory;
    const input: ProgramInput = {
      image: image.full,
      command: r.spec.command?.map((a) => expandKubernetesVars(a, env)),
      args: r.spec.args?.map((a) => expandKubernetesVars(a, env)),
      env,
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
      (done) =>
        done(
          rt.create(
            this.uid,
            r.spec.name,
            r.restartCount,
            image,
            input,
            limit !== undefined ? memoryBytes(limit) : undefined,
          ),
          CREATE_MS,
        ),
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
            rt.start(created.id);
            this.event('Normal', 'Started', `Started container ${r.spec.name}`, r);
            this.startProbes(r);
            this.sync();
          },
        );
      },
    );
  }

  /** prober manager AddPod: startup first; liveness and readiness once it passed. */
  private startProbes(r: Run): void {
    this.stopProbes(r);
    if (r.init) {
      r.started = true;
      r.ready = false;
      return;
    }
    r.started = !r.spec.startupProbe;
    r.ready = r.started && !r.spec.readinessProbe;
    if (r.spec.startupProbe) this.addProbe(r, 'Startup', r.spec.startupProbe);
    else this.startLiveAndReady(r);
  }

  private startLiveAndReady(r: Run): void {
    if (r.spec.livenessProbe) this.addProbe(r, 'Liveness', r.spec.livenessProbe);
    if (r.spec.readinessProbe) this.addProbe(r, 'Readiness', r.spec.readinessProbe);
  }

  private addProbe(r: Run, kind: ProbeType, probe: Probe): void {
    const id = r.containerId!;
    const target: ProbeTarget = {
      kubelet: this.kubelet.id,
      podNode: `pod:${this.key}`,
      podIP: this.sandbox!.ip,
      containerId: id,
      container: r.spec,
      runtime: this.kubelet.runtime,
      net: this.kubelet.ctx.net,
    };
    const w = new ProbeWorker(kind, probe, target, this.clock, {
      // k/k: pkg/kubelet/prober/prober.go: `%s probe failed: %s` (Unhealthy, Warning).
      onFailure: (k, output) => {
        if (r.containerId === id && r.state === 'running' && !this.terminating)
          this.event('Warning', 'Unhealthy', `${k} probe failed: ${output}`, r);
      },
      onResult: (k, ok) => {
        if (r.containerId === id && r.state === 'running' && !this.terminating)
          this.probeResult(r, k, ok);
      },
    });
    r.probes.push(w);
    w.start();
  }

  private stopProbes(r: Run): void {
    for (const p of r.probes) p.stop();
    r.probes = [];
  }

  private probeResult(r: Run, kind: ProbeType, ok: boolean): void {
    if (kind === 'Readiness') {
      r.ready = ok && r.started;
      return this.markStatusDirty();
    }
    if (kind === 'Startup' && ok) {
      r.started = true;
      r.ready = !r.spec.readinessProbe;
      this.startLiveAndReady(r);
      return this.markStatusDirty();
    }
    if (!ok) this.killForProbe(r, kind);
  }

  /** computePodActions: a failed liveness or startup probe kills the container (and restarts it). */
  private killForProbe(r: Run, kind: ProbeType): void {
    const restart = (this.pod.spec?.restartPolicy ?? 'Always') !== 'Never';
    const msg = `Container ${r.spec.name} failed ${kind.toLowerCase()} probe${restart ? ', will be restarted' : ''}`;
    this.event('Normal', 'Killing', msg, r);
    this.stopProbes(r);
    r.killedBy = kind;
    r.ready = false;
    const probe = kind === 'Liveness' ? r.spec.livenessProbe : r.spec.startupProbe;
    const grace =
      probe?.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    this.markStatusDirty();
    this.stopContainer(r, grace * 1000);
  }

  /**
   * killContainer: the preStop hook (its time comes out of the grace period), then
   * StopContainer — SIGTERM, and SIGKILL when the rest of the grace period (at least 2 s) is over.
   */
  private stopContainer(r: Run, graceMs: number): void {
    const id = r.containerId!;
    const rt = this.kubelet.runtime;
    const stop = (remainingMs: number) =>
      rt.call<boolean>(
        this.kubelet.id,
        'StopContainer',
        `${r.spec.name} (timeout ${Math.round(remainingMs / 1000)}s)`,
        (done) => done(true),
        () => rt.stop(id, remainingMs),
      );
    const hook = r.spec.lifecycle?.preStop;
    if (!hook || graceMs <= 0) return stop(Math.max(graceMs, MIN_GRACE_MS));
    const hookTarget = {
      kubelet: this.kubelet.id,
      runtime: rt,
      clock: this.clock,
      podRef: this.podRef,
      podIP: this.sandbox!.ip,
    };
    runHook(
      hookTarget,
      r.spec,
      id,
      hook,
      graceMs,
      (msg) => this.event('Warning', 'FailedPreStopHook', msg, r),
      (elapsedMs) => {
        // executePreStopHook returns whole seconds elapsed.
        const remaining = graceMs - Math.floor(elapsedMs / 1000) * 1000;
        stop(Math.max(remaining, MIN_GRACE_MS));
      },
    );
  }

  /** The runtime reports a container exit (evented PLEG). */
  containerExited(exit: ContainerExit): void {
    const r = this.runs.find((x) => x.containerId === exit.id);
    if (!r || r.state !== 'running') return;
    this.stopProbes(r);
    r.state = 'terminated';
    r.exitCode = exit.exitCode;
    r.reason = exit.reason;
    r.message = undefined;
    r.finishedAt = this.clock.now;
    r.ready = r.init && exit.exitCode === 0;
    const killedBy = r.killedBy;
    r.killedBy = undefined;
    if (this.terminating) return this.finishTermination();
    if (killedBy && (this.pod.spec?.restartPolicy ?? 'Always') !== 'Never') {
      // Killed for a failed probe: started again in the same SyncPod, without crash back-off.
      this.retire(r);
      r.restartCount++;
      this.markStatusDirty();
      return this.startContainer(r);
    }
    this.sync();
  }

  /** Graceful termination: Killing events, preStop, StopContainer with the grace period, then DELETE. */
  private terminate(): void {
    if (this.terminating) return this.finishTermination();
    this.terminating = true;
    for (const r of this.runs) {
      this.clock.clearTimeout(r.restartTimer);
      r.restartTimer = undefined;
      this.stopProbes(r);
    }
    this.clock.clearTimeout(this.mountTimer);
    this.clock.clearTimeout(this.resyncTimer);
    const graceMs =
      (this.pod.metadata?.deletionGracePeriodSeconds ??
        this.pod.spec?.terminationGracePeriodSeconds ??
        30) * 1000;
    for (const r of this.runs.filter((x) => x.state === 'running')) {
      this.event('Normal', 'Killing', `Stopping container ${r.spec.name}`, r);
      r.ready = false;
      this.stopContainer(r, graceMs);
    }
    // The real kubelet also writes the not-ready status now; this API server's update path
    // deletes a terminating pod on any write (see the report), so only the final status is sent.
    this.finishTermination();
  }

  private finishTermination(): void {
    if (this.gone || this.runs.some((r) => r.state === 'running' || r.busy) || this.creatingSandbox)
      return;
    this.gone = true;
    this.clock.clearTimeout(this.statusTimer);
    if (this.phase !== 'Succeeded' && this.phase !== 'Failed')
      this.phase = computePhase(this.pod, this.runs, true);
    const status = this.buildStatus();
    this.kubelet.client.patch(
      'pods',
      this.ns,
      this.name,
      { status },
      () => {
        this.kubelet.client.delete(
          'pods',
          this.ns,
          this.name,
          () => this.kubelet.removeWorker(this.key, this.uid),
          { gracePeriodSeconds: 0 },
        );
      },
      'status',
      'merge',
    );
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
      this.lastSentReady = status?.conditions?.find((c) => c.type === 'Ready')?.status;
      this.kubelet.client.patch(
        'pods',
        this.ns,
        this.name,
        { status },
        undefined,
        'status',
        'merge',
      );
    }, 5);
  }

  buildStatus(): Pod['status'] {
    return buildPodStatus({
      pod: this.pod,
      runs: this.runs,
      phase: this.phase,
      sandboxIP: this.sandbox?.ip,
      hostIP: this.kubelet.config.internalIP,
      startTime: this.startTime,
      clock: this.clock,
      conditions: this.conditions,
      idPrefix: this.kubelet.runtime.idPrefix,
    });
  }

  /** Serve `kubectl logs` for one container of this pod, via the runtime's CRI log files. */
  logs(req: LogRequest, reply: (r: ApiResponse) => void): void {
    serveLogs(
      this.runs,
      { pod: this.name, uid: this.uid, kubelet: this.kubelet.id, runtime: this.kubelet.runtime },
      req,
      reply,
    );
  }
}
