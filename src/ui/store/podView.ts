/**
 * What the diagram says about a pod: the STATUS, READY and RESTARTS columns of `kubectl get pods`
 * (computed by the engine's printPod, sidecars included) and a colour class for them.
 */
import { summarizePod } from '../../engine/public';
import type { ContainerStatus, Pod } from '../../engine/public';

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

/** Status, READY, restarts and colour of a pod, for its box in the diagram. */
export function podView(pod: Pod): PodView {
  const { status, ready, total, restarts } = summarizePod(pod);
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
