/**
 * The pod status the kubelet's status manager writes (k/k: pkg/kubelet/kubelet_pods.go
 * generateAPIPodStatus, convertToAPIContainerStatuses, pkg/kubelet/status/generate.go).
 */
import { clone } from '../../apiserver/patch';
import type { Container, ContainerStatus, Pod, PodCondition } from '../../api/types';
import type { Clock } from '../../sim/clock';
import { normalizeImage, type RegistryImage } from '../runtime/images';
import { sharedText } from '../sharedText';

/** The kubelet's record of one container of a pod. */
export interface ContainerRun {
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
  /** The startup probe passed (or there is none) since the last start. */
  started: boolean;
  image?: RegistryImage;
  busy: boolean;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** A sidecar: an init container with `restartPolicy: Always` (k/k IsRestartableInitContainer). */
export function isSidecar(r: ContainerRun): boolean {
  return r.init && r.spec.restartPolicy === 'Always';
}

/**
 * Whether an init container no longer holds the pod's initialization: it ran to success, or it
 * is a sidecar that started (or the app containers were started already, after which a sidecar's
 * restart does not send the pod back to initializing).
 */
export function initDone(r: ContainerRun, runs: ContainerRun[]): boolean {
  if (!isSidecar(r)) return r.state === 'terminated' && r.exitCode === 0;
  return (
    (r.state === 'running' && r.started) || runs.some((x) => !x.init && x.containerId !== undefined)
  );
}

/** The conditions the kubelet sets on every pod, in the order it lists them. */
const OWN_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/** Keeps each condition's lastTransitionTime until its status changes. */
export class ConditionClock {
  /**
   * Per condition k of OWN_CONDITIONS, bit 2k: it was set; bit 2k + 1: it was True. With each
   * one's last transition time in a field of its own, a pod's record is ~80 bytes, not the
   * ~220 of a list of (type, status, time) entries.
   */
  private bits = 0;
  private at0 = '';
  private at1 = '';
  private at2 = '';
  private at3 = '';
  /** Any other condition: its type, status and last transition time, three entries a condition. */
  private others?: string[];
  constructor(private readonly clock: Clock) {}

  condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
    const status = ok ? 'True' : 'False';
    const k = OWN_CONDITIONS.indexOf(type);
    const at = k < 0 ? this.otherTransition(type, status) : this.transition(k, ok);
    const c: PodCondition = {
      type,
      status,
      lastProbeTime: null as unknown as string,
      lastTransitionTime: at,
    };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  }

  /** The last transition time of own condition `k`, now `ok`. */
  private transition(k: number, ok: boolean): string {
    const set = 1 << (2 * k);
    const wasTrue = set << 1;
    const same = (this.bits & set) !== 0 && ((this.bits & wasTrue) !== 0) === ok;
    this.bits = (this.bits | set) & ~wasTrue;
    if (ok) this.bits |= wasTrue;
    if (same) return k === 0 ? this.at0 : k === 1 ? this.at1 : k === 2 ? this.at2 : this.at3;
    const at = this.clock.timestamp();
    if (k === 0) this.at0 = at;
    else if (k === 1) this.at1 = at;
    else if (k === 2) this.at2 = at;
    else this.at3 = at;
    return at;
  }

  private otherTransition(type: string, status: string): string {
    const t = (this.others ??= []);
    let i = 0;
    while (i < t.length && t[i] !== type) i += 3;
    if (i === t.length) t.push(type, '', '');
    const at = t[i + 1] === status ? t[i + 2] : this.clock.timestamp();
    t[i + 1] = status;
    t[i + 2] = at;
    return at;
  }
}

function fullImage(ref: string): string {
  try {
    return normalizeImage(ref).full;
  } catch {
    return ref;
  }
}

/** `state.terminated` of a run. */
export function terminatedState(r: ContainerRun, clock: Clock, idPrefix: string) {
  const t: NonNullable<ContainerStatus['state']>['terminated'] = {
    exitCode: r.exitCode ?? 0,
    reason: r.reason,
    startedAt: clock.timestamp(r.startedAt ?? clock.now),
    finishedAt: clock.timestamp(r.finishedAt ?? clock.now),
  };
  if (r.message) t.message = r.message;
  if (r.containerId) t.containerID = `${idPrefix}${r.containerId}`;
  return t;
}

/** One entry of containerStatuses / initContainerStatuses. */
export function containerStatus(r: ContainerRun, clock: Clock, idPrefix: string): ContainerStatus {
  let state: ContainerStatus['state'];
  if (r.state === 'running') state = { running: { startedAt: clock.timestamp(r.startedAt) } };
  else if (r.state === 'terminated') state = { terminated: terminatedState(r, clock, idPrefix) };
  else
    state = {
      waiting: r.message ? { reason: r.reason, message: r.message } : { reason: r.reason },
    };
  // A container the runtime never made (still creating, its image not pulled, its config or
  // CreateContainer failed) has no runtime status: the kubelet reports the spec's image as
  // written and no image ID (kubelet_pods.go convertToAPIContainerStatuses).
  const made = r.containerId !== undefined || r.state !== 'waiting' || r.lastTerminated?.terminated;
  const image = made ? (r.image?.full ?? fullImage(r.spec.image!)) : r.spec.image!;
  const imageID = made ? (r.image?.repoDigest ?? '') : '';
  const lastState = r.lastTerminated ?? {};
  // `started` is set once the startup probe (if any) passed; false while waiting.
  const started = r.state === 'running' && r.started;
  const { ready, restartCount } = r;
  const name = r.spec.name;
  // Two literals, not one with containerID deleted when absent: a deleted property turns the
  // object into a dictionary (~400 bytes more, in every stored revision that keeps it).
  if (!r.containerId)
    return { image, imageID, lastState, name, ready, restartCount, started, state };
  const containerID = `${idPrefix}${r.containerId}`;
  return { containerID, image, imageID, lastState, name, ready, restartCount, started, state };
}

/** What the status needs besides the runs. */
export interface StatusInput {
  pod: Pod;
  runs: ContainerRun[];
  phase: PodPhase;
  sandboxIP?: string;
  hostIP: string;
  startTime: string;
  clock: Clock;
  conditions: ConditionClock;
  idPrefix: string;
}

/** The whole `status` the kubelet PATCHes (phase, conditions, IPs, container statuses). */
export function buildPodStatus(i: StatusInput): NonNullable<Pod['status']> {
  const inits = i.runs.filter((r) => r.init);
  const apps = i.runs.filter((r) => !r.init);
  const incomplete = inits.filter((r) => !initDone(r, i.runs)).map((r) => r.spec.name);
  // Sidecars count for readiness as app containers do (GenerateContainersReadyCondition).
  const unready = [...inits.filter(isSidecar), ...apps]
    .filter((r) => !r.ready)
    .map((r) => r.spec.name);
  const done = i.phase === 'Succeeded' || i.phase === 'Failed';
  const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const readyMsg = done
    ? undefined
    : sharedText(`containers with unready status: [${unready.join(' ')}]`);
  const c = i.conditions;
  const own: PodCondition[] = [
    c.condition('PodReadyToStartContainers', i.sandboxIP !== undefined && !done),
    c.condition(
      'Initialized',
      incomplete.length === 0,
      incomplete.length
        ? 'ContainersNotInitialized'
        : done && inits.length
          ? 'PodCompleted'
          : undefined,
      incomplete.length
        ? sharedText(`containers with incomplete status: [${incomplete.join(' ')}]`)
        : undefined,
    ),
    c.condition(
      'Ready',
      unready.length === 0 && !done,
      unready.length || done ? readyReason : undefined,
      unready.length ? readyMsg : undefined,
    ),
    c.condition(
      'ContainersReady',
      unready.length === 0 && !done,
      unready.length || done ? readyReason : undefined,
      unready.length ? readyMsg : undefined,
    ),
  ];
  const scheduled = i.pod.status?.conditions?.find((x) => x.type === 'PodScheduled');
  // Made exactly as long by concat (a push or a spread would leave room for ~17 more, in every
  // stored revision of the pod).
  const conditions = scheduled ? own.concat([clone(scheduled)]) : own;
  const status: NonNullable<Pod['status']> = {
    phase: i.phase,
    conditions,
    hostIP: i.hostIP,
    hostIPs: [{ ip: i.hostIP }],
    startTime: i.startTime,
    containerStatuses: apps.map((r) => containerStatus(r, i.clock, i.idPrefix)),
    qosClass: i.pod.status?.qosClass,
  };
  if (i.sandboxIP) {
    status.podIP = i.sandboxIP;
    status.podIPs = [{ ip: i.sandboxIP }];
  }
  if (inits.length)
    status.initContainerStatuses = inits.map((r) => containerStatus(r, i.clock, i.idPrefix));
  return status;
}

/** k/k: pkg/kubelet/kubelet_pods.go getPhase (with podIsTerminal for a pod being deleted). */
export function computePhase(pod: Pod, runs: ContainerRun[], podIsTerminal = false): PodPhase {
  const policy = pod.spec!.restartPolicy ?? 'Always';
  const init = runs.filter((r) => r.init);
  const pendingInit = init.some((r) => !initDone(r, runs));
  if (
    pendingInit &&
    (podIsTerminal ||
      (policy === 'Never' && init.some((r) => r.state === 'terminated' && r.exitCode !== 0)))
  )
    return 'Failed';
  if (pendingInit) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const r of runs.filter((x) => !x.init)) {
    if (r.state === 'running') running++;
    else if (r.state === 'terminated') {
      stopped++;
      if (r.exitCode === 0) succeeded++;
    } else if (r.lastTerminated?.terminated) stopped++;
    else waiting++;
  }
  if (podIsTerminal)
    return running === 0 && waiting === 0 && stopped === succeeded ? 'Succeeded' : 'Failed';
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
