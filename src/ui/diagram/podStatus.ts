/**
 * What the diagram says about a pod: the STATUS column of `kubectl get pods`, its READY count and a
 * colour class. Follows k/k: pkg/printers/internalversion/printers.go `printPod` (v1.31), without
 * the sidecar (restartable init container) refinements.
 */
import type { ContainerStatus, Pod } from '../../engine/api/types';

export type PodTone = 'pending' | 'running' | 'succeeded' | 'failed' | 'terminating' | 'unknown';

export interface PodView {
  /** kubectl's STATUS: `Running`, `ContainerCreating`, `ErrImagePull`, `Init:0/1`, `Terminating`… */
  status: string;
  ready: string;
  restarts: number;
  tone: PodTone;
}

/** Reasons that mean the pod is stuck and needs the learner's attention. */
const BAD_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'CrashLoopBackOff',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'InvalidImageName',
  'Error',
  'OOMKilled',
  'StartError',
  'Evicted',
]);

/** The pod's status as `kubectl get pods` prints it. */
export function podStatusText(pod: Pod): string {
  const status = pod.status ?? {};
  let reason = status.reason || status.phase || 'Pending';
  const initStatuses = status.initContainerStatuses ?? [];
  const initCount = pod.spec?.initContainers?.length ?? 0;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }
  const initialized = status.conditions?.some(
    (c) => c.type === 'Initialized' && c.status === 'True',
  );
  if (!initializing || initialized) {
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const st = cs[i].state;
      if (st?.waiting?.reason) reason = st.waiting.reason;
      else if (st?.terminated?.reason) reason = st.terminated.reason;
      else if (st?.terminated) {
        reason = st.terminated.signal
          ? `Signal:${st.terminated.signal}`
          : `ExitCode:${st.terminated.exitCode}`;
      } else if (cs[i].ready && st?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';
  return reason;
}

/** Status, READY, restarts and colour of a pod, for its box in the diagram. */
export function podView(pod: Pod): PodView {
  const status = podStatusText(pod);
  const cs = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? cs.length;
  const ready = cs.filter((c) => c.ready).length;
  const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const phase = pod.status?.phase;
  let tone: PodTone;
  if (status === 'Terminating') tone = 'terminating';
  else if (phase === 'Failed' || BAD_REASONS.has(status) || status.startsWith('Init:Err'))
    tone = 'failed';
  else if (phase === 'Succeeded') tone = 'succeeded';
  else if (phase === 'Running') tone = 'running';
  else if (phase === 'Pending' || !phase) tone = 'pending';
  else tone = 'unknown';
  return { status, ready: `${ready}/${total}`, restarts, tone };
}

export type ContainerTone = 'waiting' | 'bad' | 'running' | 'ready' | 'done' | 'none';

/** One container's state for its little square: state, reason and colour. */
export function containerView(c: ContainerStatus | undefined): {
  text: string;
  tone: ContainerTone;
} {
  const st = c?.state;
  if (!st) return { text: 'no status yet', tone: 'none' };
  if (st.waiting) {
    const reason = st.waiting.reason ?? 'Waiting';
    return { text: `waiting: ${reason}`, tone: BAD_REASONS.has(reason) ? 'bad' : 'waiting' };
  }
  if (st.running)
    return { text: c?.ready ? 'running, ready' : 'running', tone: c?.ready ? 'ready' : 'running' };
  const t = st.terminated;
  const reason = t?.reason ?? `ExitCode:${t?.exitCode ?? 0}`;
  return { text: `terminated: ${reason}`, tone: t?.exitCode === 0 ? 'done' : 'bad' };
}
