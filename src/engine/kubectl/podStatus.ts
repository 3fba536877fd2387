/**
 * The READY, STATUS and RESTARTS columns of `kubectl get pods`.
 * k8s: pkg/printers/internalversion/printers.go printPod (v1.31)
 */
import type { Container, ContainerStatus, Pod, PodCondition } from '../api/types';
import { parseTime, translateTimestampSince } from './age';

/** A pod's summary as printPod computes it in one pass. */
export interface PodSummary {
  ready: number;
  total: number;
  status: string;
  restarts: number;
  /** Unix ms of the last container restart (its last termination's finishedAt), if any. */
  lastRestart?: number;
}

/** isRestartableInitContainer: a sidecar (`restartPolicy: Always` on an init container). */
function isRestartable(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  for (const c of conditions ?? []) {
    if (c.type === type) return c.status === 'True';
  }
  return false;
}

function terminatedAt(cs: ContainerStatus): number | undefined {
  return parseTime(cs.lastState?.terminated?.finishedAt);
}

/** printPod, minus the table row: see {@link podStatusColumn} for the rules. */
export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = spec?.containers?.length ?? 0;
  let ready = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined =>
    b !== undefined && (a === undefined || b > a) ? b : a;

  const phase = status.phase ?? '';
  let reason: string = phase;
  if (status.reason) reason = status.reason;

  // If the Pod carries {type:PodScheduled, reason:SchedulingGated}, set reason to 'SchedulingGated'.
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartable(c)) total++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    lastRestart = later(lastRestart, terminatedAt(cs));
    const sidecar = isRestartable(initContainers.get(cs.name));
    if (sidecar) {
      restartableInitRestarts += cs.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, terminatedAt(cs));
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) {
      // initialization is failed
      if (!term.reason) {
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      } else {
        reason = `Init:${term.reason}`;
      }
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = later(lastRestart, terminatedAt(cs));
      const wait = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (wait?.reason) {
        reason = wait.reason;
      } else if (term?.reason) {
        reason = term.reason;
      } else if (term) {
        reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running" status
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  return { ready, total, status: reason, restarts, lastRestart };
}

/**
 * The STATUS column: the phase (or `status.reason`, e.g. `Evicted`); `Init:<reason>`,
 * `Init:ExitCode:N` or `Init:i/N` while init containers run; else the containers walked in
 * reverse, where a waiting reason beats a terminated reason beats `Signal:N`/`ExitCode:N`;
 * `Completed` with a container still running reads `Running` (or `NotReady` when the pod is not
 * Ready); a deletionTimestamp gives `Terminating` (`Unknown` for reason `NodeLost`), except for
 * pods already Succeeded or Failed.
 */
export function podStatusColumn(pod: Pod): string {
  return summarizePod(pod).status;
}

/** The READY column: ready containers / containers (sidecar init containers count). `1/2`. */
export function podReadyColumn(pod: Pod): string {
  const s = summarizePod(pod);
  return `${s.ready}/${s.total}`;
}

/**
 * The RESTARTS column: the restart count, with the time since the last restart when there was
 * one: `0`, `3 (45s ago)`.
 */
export function podRestartsColumn(pod: Pod, now: number): string {
  return formatRestarts(summarizePod(pod), now);
}

/** Formats a summary's restarts as printPod does. */
export function formatRestarts(s: PodSummary, now: number): string {
  if (s.restarts !== 0 && s.lastRestart !== undefined) {
    return `${s.restarts} (${translateTimestampSince(new Date(s.lastRestart).toISOString(), now)} ago)`;
  }
  return String(s.restarts);
}
