import type { ApiResponse } from '../../apiserver/types';
import type { Pod } from '../../api/types';
import type { Stored } from '../../api/stored';
import type { TimerId } from '../../sim/clock';
import type { ContainerStreamRequest } from '../../apiserver/registry/core/pod/exec';
import { serveContainerStream } from './containerExec';
import { serveLogs, type LogRequest } from './containerLogs';
import { killContainer, killForFailedProbe, stopSidecars } from './containerKiller';
import { createAndStart } from './containerStarter';
import { backOffEvent, restartSidecar, scheduleRestart } from './crashBackoff';
import { ensureImage, showPullBackOff } from './imageManager';
import type { Kubelet } from './kubelet';
import type { PodContext, Run } from './podContext';
import type { ProbeType } from './probes';
import {
  buildPodStatus,
  computePhase,
  ConditionClock,
  isSidecar,
  type PodPhase,
} from './podStatusBuilder';
import { NO_PROBES, startProbes, stopProbes } from './probeManager';
import type { ContainerExit } from '../runtime/runtime';
import { StatusManager } from './statusManager';
import { sameJson } from './sameJson';
import { PodVolumes } from './podVolumes';

/** pod_workers.go: a sync that ended in error is retried after backOffPeriod (10 s). */
export const ERROR_RESYNC_MS = 10_000;
/** Volume set-up retries (nestedpendingoperations): 500 ms doubling to 2m2s. */
export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 122_000;
/** How long RunPodSandbox takes inside the node. */
const SANDBOX_MS = 250;

/** Waiting reasons whose retry waits for the pod worker's error resync. */
const RETRY_ON_RESYNC = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'ErrImageNeverPull',
  'InvalidImageName',
  'ImagePullBackOff',
  'ErrImagePull',
]);

/**
 * The kubelet's worker for one pod (k/k: pkg/kubelet/pod_workers.go + kuberuntime_manager.go
 * SyncPod): volumes, sandbox, init containers in order, then the app containers — each through the
 * image manager (./imageManager) and the container starter (./containerStarter), watched by the
 * prober (./probeManager), restarted by restartPolicy with crash back-off (./crashBackoff) — and
 * graceful termination with preStop hooks (./containerKiller). Status writes go through the status
 * manager (./statusManager).
 */
export class PodWorker implements PodContext {
  readonly uid: string;
  pod: Stored<Pod>;
  gone = false;
  terminating = false;
  private sandbox?: { id: string; ip: string };
  private creatingSandbox = false;
  private volumesReady = false;
  private mountBackoffMs = 0;
  private mountTimer?: TimerId;
  private resyncTimer?: TimerId;
  private runs: Run[];
  private phase: PodPhase = 'Pending';
  private startTime: string;
  private conditions: ConditionClock;
  private readonly status: StatusManager;
  /** The pod's volumes and their files (./podVolumes). */
  readonly volumes: PodVolumes;
  /** The next update syncs even if only the status changed (first sight, kubelet restart). */
  private needsSync = true;

  constructor(
    readonly kubelet: Kubelet,
    pod: Stored<Pod>,
    /** The pod's `namespace/name` (the kubelet's key of its worker). */
    readonly key: string,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid;
    this.startTime = kubelet.clock.timestamp();
    this.conditions = new ConditionClock(kubelet.clock);
    this.status = new StatusManager(this);
    const hasInit = (pod.spec!.initContainers?.length ?? 0) > 0;
    // scale: every field a started container gets is in the literal (undefined until then), so
    // the record keeps them in-object, not in a property store added when it starts (~32 bytes).
    const mk = (spec: Run['spec'], init: boolean, first: boolean): Run => ({
      spec,
      init,
      state: 'waiting',
      // k/k: status of containers not yet started — the first to run is ContainerCreating.
      reason: first ? 'ContainerCreating' : 'PodInitializing',
      message: undefined,
      containerId: undefined,
      startedAt: undefined,
      finishedAt: undefined,
      exitCode: undefined,
      image: undefined,
      restartCount: 0,
      ready: false,
      started: false,
      busy: false,
      crashBackoffMs: 0,
      pullBackoffMs: 0,
      pullRetryAt: 0,
      probes: NO_PROBES,
    });
    // concat, not a spread: its list is exactly as long (a spread leaves room for ~16 more).
    this.runs = (pod.spec!.initContainers ?? [])
      .map((c, i) => mk(c, true, i === 0))
      .concat(pod.spec!.containers.map((c) => mk(c, false, !hasInit)));
    kubelet.objects.register(pod);
    this.volumes = new PodVolumes(kubelet);
  }

  get clock() {
    return this.kubelet.clock;
  }

  get ns(): string {
    return this.pod.metadata.namespace!;
  }

  get name(): string {
    return this.pod.metadata.name;
  }

  /** `web_default(uid)` as kubelet messages name a pod (k/k: pkg/kubelet/util/format.Pod). */
  get podRef(): string {
    return `${this.name}_${this.ns}(${this.uid})`;
  }

  get sandboxIP(): string | undefined {
    return this.sandbox?.ip;
  }

  /**
   * A new version of the pod from the API. A status-only change (the kubelet's own status
   * write) is a reconcile, not a sync, as in the kubelet's config source.
   */
  update(pod: Stored<Pod>): void {
    if (pod.metadata?.uid !== this.uid) return;
    // The spec as JSON compared with the last version's, walked side by side (no text made).
    const resync =
      this.needsSync ||
      !sameJson(pod.spec, this.pod.spec) ||
      pod.metadata?.deletionTimestamp !== this.pod.metadata?.deletionTimestamp;
    this.pod = pod;
    this.needsSync = false;
    this.status.observe(pod);
    if (resync) this.sync();
  }

  /**
   * The kubelet restarted: open the watches of the objects this pod uses again, and take the
   * runtime's real state for every CRI call that was in flight when it stopped (their replies
   * are lost): a sandbox or container that exists is adopted, one that was created but never
   * started is removed and the work redone, a stop that never reached the runtime is sent again.
   * The next update from the API server syncs the pod.
   */
  recover(): void {
    if (this.gone && !this.terminating) return;
    this.kubelet.objects.register(this.pod);
    this.needsSync = true;
    const rt = this.kubelet.runtime;
    if (this.creatingSandbox) {
      this.creatingSandbox = false;
      const sb = rt.sandboxes.get(this.uid);
      if (sb) this.sandbox = { id: sb.id, ip: sb.ip };
    }
    for (const r of this.runs) {
      if (r.busy) {
        r.busy = false;
        const c = rt.containerOf(this.uid, r.spec.name, r.restartCount);
        if (c?.state === 'running' && r.containerId !== c.id) {
          r.containerId = c.id;
          r.state = 'running';
          r.reason = undefined;
          r.message = undefined;
          r.exitCode = undefined;
          r.startedAt = c.startedAt;
          r.finishedAt = undefined;
          if (!this.terminating) startProbes(this, r);
        } else if (c && c.state !== 'running') rt.removeContainer(c.id);
      }
      if (r.state !== 'running' || !r.containerId || rt.isStopping(r.containerId)) continue;
      // StopContainer (or the preStop hook before it) was lost: the next sync stops it again.
      r.stopping = false;
      if (r.killedBy) {
        r.killedBy = undefined;
        startProbes(this, r);
      }
    }
    // The final status and DELETE were lost: the next sync sends them again.
    if (this.gone) this.gone = false;
  }

  /** The kubelet stopped: nothing more happens until it starts again (containers keep running). */
  pause(): void {
    this.status.pause();
  }

  /** The pod was deleted from the API. */
  forget(): void {
    this.gone = true;
    for (const r of this.runs) stopProbes(r);
    for (const r of this.runs) this.clock.clearTimeout(r.restartTimer);
    this.status.stop();
    this.clock.clearTimeout(this.mountTimer);
    this.clock.clearTimeout(this.resyncTimer);
    this.kubelet.releasePodIP(this.sandbox?.ip);
    this.kubelet.runtime.removePod(this.uid);
    this.kubelet.objects.unregister(this.uid);
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string, run?: Run): void {
    const fieldPath = run
      ? `spec.${run.init ? 'initContainers' : 'containers'}{${run.spec.name}}`
      : undefined;
    this.kubelet.recorder.event(this.pod, type, reason, message, fieldPath);
  }

  killForFailedProbe(r: Run, kind: ProbeType): void {
    killForFailedProbe(this, r, kind);
  }

  /** The status manager coalesces changes into one PATCH pods/status shortly after. */
  markStatusDirty(): void {
    this.status.markDirty();
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
    const restart = (r: Run) => this.startContainer(r);
    // Init containers run one at a time, each to success; a sidecar until it has started.
    for (const r of this.runs.filter((x) => x.init)) {
      const sidecar = isSidecar(r);
      if (!sidecar && r.state === 'terminated' && r.exitCode === 0) continue;
      if (sidecar && r.state === 'running' && !r.busy && r.started) continue;
      if (r.busy || r.state === 'running') return this.markStatusDirty();
      if (sidecar && (r.state === 'terminated' || r.restartTimer !== undefined)) {
        if (restartSidecar(this, r, this.runs, restart, resync)) continue;
        return this.markStatusDirty();
      }
      if (r.state === 'terminated') {
        if (policy === 'Never') {
          this.phase = 'Failed';
          return this.markStatusDirty();
        }
        scheduleRestart(this, r, restart);
        return this.markStatusDirty();
      }
      if (r.restartTimer === undefined) this.syncWaiting(r, resync);
      else if (resync) backOffEvent(this, r);
      this.scheduleResync();
      return this.markStatusDirty();
    }
    for (const r of this.runs.filter((x) => !x.init)) {
      if (r.busy || r.state === 'running') continue;
      if (r.restartTimer !== undefined) {
        if (resync) backOffEvent(this, r);
        continue;
      }
      if (r.state === 'waiting') {
        this.syncWaiting(r, resync);
        continue;
      }
      if (policy === 'Always' || (policy === 'OnFailure' && r.exitCode !== 0))
        scheduleRestart(this, r, restart);
    }
    this.phase = computePhase(this.pod, this.runs);
    if (this.phase === 'Succeeded' || this.phase === 'Failed') stopSidecars(this, this.runs);
    this.scheduleResync();
    this.markStatusDirty();
  }

  /** A waiting container: start it, or (on resync) retry after an error or show back-off. */
  private syncWaiting(r: Run, resync: boolean): void {
    if (r.busy) return;
    if (r.pullRetryAt > this.clock.now) {
      // In image pull back-off: each sync says so (EnsureImageExists → ErrImagePullBackOff).
      if (resync || r.reason === 'ErrImagePull') showPullBackOff(this, r);
      return;
    }
    if (RETRY_ON_RESYNC.has(r.reason ?? '') && !resync && r.reason !== 'ImagePullBackOff') return;
    this.startContainer(r);
  }

  /** pod_workers.go: a sync that ended in error is queued again after backOffPeriod. */
  scheduleResync(restart = false): void {
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
    const res = this.volumes.setUp(this.pod);
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

  /** RunPodSandbox: the pod's network namespace and its IP. */
  private createSandbox(): void {
    this.creatingSandbox = true;
    const rt = this.kubelet.runtime;
    this.kubelet.cri<{ id: string; ip: string }>(
      'RunPodSandbox',
      this.name,
      (done) => {
        const sb = {
          id: rt.newSandboxId(),
          ip: this.kubelet.allocatePodIP(this.pod.spec?.hostNetwork === true),
        };
        rt.registerSandbox(this.uid, sb.id, sb.ip, this.key);
        done(sb, SANDBOX_MS);
      },
      (sb) => {
        this.creatingSandbox = false;
        if (this.gone) {
          rt.removePod(this.uid);
          return this.kubelet.releasePodIP(sb.ip);
        }
        this.sandbox = sb;
        this.sync();
      },
    );
  }

  /** EnsureImageExists, then create and start the container (then its probes). */
  private startContainer(r: Run): void {
    r.busy = true;
    ensureImage(this, r, (image) => {
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
      createAndStart(this, r, image, () => {
        startProbes(this, r);
        this.sync();
      });
    });
  }

  /** The runtime reports a container exit (evented PLEG). */
  containerExited(exit: ContainerExit): void {
    const r = this.runs.find((x) => x.containerId === exit.id);
    if (!r || r.state !== 'running') return;
    stopProbes(r);
    r.state = 'terminated';
    r.exitCode = exit.exitCode;
    r.reason = exit.reason;
    r.message = exit.message; // corpus-apps: the termination message
    r.finishedAt = this.clock.now;
    r.ready = r.init && exit.exitCode === 0;
    r.stopping = false;
    const killedBy = r.killedBy;
    r.killedBy = undefined;
    if (this.terminating) return this.finishTermination();
    // A sidecar stopped after the pod finished: only its status changes.
    if (isSidecar(r) && (this.phase === 'Succeeded' || this.phase === 'Failed'))
      return this.markStatusDirty();
    // Killed for a failed probe: computePodActions restarts it unless restartPolicy is Never
    // (even OnFailure after a clean exit), and the start goes through doBackOff, which looks at
    // the last termination whatever ended it: CrashLoopBackOff as for a crash.
    if (killedBy && (this.pod.spec?.restartPolicy ?? 'Always') !== 'Never')
      scheduleRestart(this, r, (x) => this.startContainer(x));
    this.sync();
  }

  /** Graceful termination: Killing events, preStop, StopContainer with the grace period, then DELETE. */
  private terminate(): void {
    if (!this.terminating) {
      this.terminating = true;
      for (const r of this.runs) {
        this.clock.clearTimeout(r.restartTimer);
        r.restartTimer = undefined;
        stopProbes(r);
      }
      this.clock.clearTimeout(this.mountTimer);
      this.clock.clearTimeout(this.resyncTimer);
    }
    const graceMs =
      (this.pod.metadata?.deletionGracePeriodSeconds ??
        this.pod.spec?.terminationGracePeriodSeconds ??
        30) * 1000;
    // Each SyncTerminatingPod kills what still runs, even a container started mid-deletion.
    for (const r of this.runs.filter((x) => x.state === 'running' && !x.stopping)) {
      this.event('Normal', 'Killing', `Stopping container ${r.spec.name}`, r);
      stopProbes(r);
      r.ready = false;
      r.stopping = true;
      killContainer(this, r, graceMs);
    }
    // SyncTerminatingPod writes the status with every container not ready, so the pod leaves
    // its Services' ready endpoints before its containers are gone (k/k: kubelet.go
    // SyncTerminatingPod → statusManager.SetPodStatus).
    this.markStatusDirty();
    this.finishTermination();
  }

  /** Every container has stopped: the final status, then the pod is deleted. */
  private finishTermination(): void {
    if (this.gone || this.runs.some((r) => r.state === 'running' || r.busy) || this.creatingSandbox)
      return;
    // A container that exits while the kubelet is stopped: the restarted kubelet finishes.
    if (!this.kubelet.isRunning()) return;
    this.gone = true;
    if (this.phase !== 'Succeeded' && this.phase !== 'Failed')
      this.phase = computePhase(this.pod, this.runs, true);
    this.status.finish(this.buildStatus(), () => this.kubelet.removeWorker(this.key, this.uid));
  }

  /** The pod status as the kubelet sees it now (generateAPIPodStatus). */
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

  /** kubectl exec, attach, port-forward into this pod (./containerExec.ts). */
  stream(req: ContainerStreamRequest, reply: (r: ApiResponse) => void): void {
    const { id: kubelet, runtime, ctx } = this.kubelet;
    const pod = { runs: this.runs, uid: this.uid, kubelet, runtime, net: ctx.net };
    serveContainerStream(pod, req, reply);
  }

  /** Serve `kubectl logs` for one container of this pod, via the runtime's CRI log files. */
  logs(req: LogRequest, reply: (r: ApiResponse) => void): void {
    const { id: kubelet, runtime } = this.kubelet;
    serveLogs(this.runs, { pod: this.name, uid: this.uid, kubelet, runtime }, req, reply);
  }
}
