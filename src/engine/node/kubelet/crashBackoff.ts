/**
 * Restarting exited containers with the crash back-off (k/k: pkg/kubelet/kuberuntime/
 * kuberuntime_manager.go doBackOff): CrashLoopBackOff while `now - finishedAt` is below the
 * current delay, 10 s doubling to 300 s, forgotten 10 minutes after the last update.
 */
import { goDuration } from './duration';
import {
  BACKOFF_INITIAL_MS,
  BACKOFF_MAX_MS,
  BACKOFF_RESET_MS,
  type PodContext,
  type Run,
} from './podContext';
import { initDone, terminatedState } from './podStatusBuilder';

/** The `BackOff` event a sync emits while a container is in CrashLoopBackOff. */
export function backOffEvent(ctx: PodContext, r: Run): void {
  if (r.reason !== 'CrashLoopBackOff') return;
  ctx.event(
    'Warning',
    'BackOff',
    `Back-off restarting failed container ${r.spec.name} in pod ${ctx.podRef}`,
    r,
  );
}

/** The terminated state becomes lastState, as when a container is about to be restarted. */
export function retire(ctx: PodContext, r: Run): void {
  if (r.state !== 'terminated') return;
  r.lastTerminated = {
    terminated: terminatedState(r, ctx.clock, ctx.kubelet.runtime.idPrefix),
  };
}

/**
 * Restart `r` after an exit: at once when out of back-off, otherwise CrashLoopBackOff until the
 * delay has passed since it finished. `start` starts it again (restart count already raised).
 */
export function scheduleRestart(ctx: PodContext, r: Run, start: (r: Run) => void): void {
  if (r.restartTimer !== undefined) return;
  const now = ctx.clock.now;
  const finished = r.finishedAt ?? now;
  const expired =
    r.backoffUpdatedAt === undefined || finished - r.backoffUpdatedAt > BACKOFF_RESET_MS;
  const inBackoff = !expired && now - finished < r.crashBackoffMs;
  retire(ctx, r);
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
    r.message = `back-off ${goDuration(r.crashBackoffMs)} restarting failed container=${r.spec.name} pod=${ctx.podRef}`;
    backOffEvent(ctx, r);
  }
  ctx.markStatusDirty();
  r.restartTimer = ctx.clock.setTimeout(() => {
    r.restartTimer = undefined;
    if (ctx.gone || ctx.terminating) return;
    advance();
    r.restartCount++;
    start(r);
  }, delay);
}

/**
 * A sidecar that exited (restarted with back-off, whatever the pod's restartPolicy) or waits in
 * back-off: whether the pod's initialization is past it all the same.
 */
export function restartSidecar(
  ctx: PodContext,
  r: Run,
  runs: Run[],
  start: (r: Run) => void,
  resync: boolean,
): boolean {
  if (r.state === 'terminated') scheduleRestart(ctx, r, start);
  else if (resync) backOffEvent(ctx, r);
  return initDone(r, runs);
}
