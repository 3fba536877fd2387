/**
 * Stopping a container (k/k: pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer):
 * the preStop hook, whose time comes out of the grace period, then StopContainer — SIGTERM, and
 * SIGKILL when the rest of the grace period (at least 2 s) is over.
 */
import { runHook } from './lifecycleHooks';
import type { PodContext, Run } from './podContext';
import { stopProbes } from './probeManager';
import type { ProbeType } from './probes';

/** kuberuntime: a container always gets at least 2 s between SIGTERM and SIGKILL. */
export const MIN_GRACE_MS = 2_000;

/**
 * killContainer: preStop (if any, and if there is grace left), then StopContainer with the rest
 * of `graceMs`. The exit arrives later through the runtime's exit events.
 */
export function killContainer(ctx: PodContext, r: Run, graceMs: number): void {
  const id = r.containerId!;
  const kubelet = ctx.kubelet;
  const rt = kubelet.runtime;
  const stop = (remainingMs: number) =>
    kubelet.cri<boolean>(
      'StopContainer',
      `${r.spec.name} (timeout ${Math.round(remainingMs / 1000)}s)`,
      (done) => done(true),
      () => rt.stop(id, remainingMs),
    );
  const hook = r.spec.lifecycle?.preStop;
  if (!hook || graceMs <= 0) return stop(Math.max(graceMs, MIN_GRACE_MS));
  const hookTarget = {
    kubelet: kubelet.id,
    runtime: rt,
    clock: ctx.clock,
    podRef: ctx.podRef,
    podIP: ctx.sandboxIP!,
  };
  runHook(
    hookTarget,
    r.spec,
    id,
    hook,
    graceMs,
    (msg) => ctx.event('Warning', 'FailedPreStopHook', msg, r),
    (elapsedMs) => {
      // executePreStopHook returns whole seconds elapsed.
      const remaining = graceMs - Math.floor(elapsedMs / 1000) * 1000;
      stop(Math.max(remaining, MIN_GRACE_MS));
    },
  );
}

/**
 * computePodActions: a failed liveness or startup probe kills the container (the pod worker
 * restarts it when it exits), with the probe's own terminationGracePeriodSeconds if it has one.
 */
export function killForFailedProbe(ctx: PodContext, r: Run, kind: ProbeType): void {
  const restart = (ctx.pod.spec?.restartPolicy ?? 'Always') !== 'Never';
  const msg = `Container ${r.spec.name} failed ${kind.toLowerCase()} probe${restart ? ', will be restarted' : ''}`;
  ctx.event('Normal', 'Killing', msg, r);
  stopProbes(r);
  r.killedBy = kind;
  r.ready = false;
  const probe = kind === 'Liveness' ? r.spec.livenessProbe : r.spec.startupProbe;
  const grace =
    probe?.terminationGracePeriodSeconds ?? ctx.pod.spec?.terminationGracePeriodSeconds ?? 30;
  ctx.markStatusDirty();
  killContainer(ctx, r, grace * 1000);
}

/**
 * The app containers are done for good: the sidecars are stopped (k/k: computePodActions kills
 * restartable init containers once the pod has no regular container left to run).
 */
export function stopSidecars(ctx: PodContext, runs: Run[]): void {
  for (const r of runs.filter((x) => x.init && x.spec.restartPolicy === 'Always')) {
    ctx.clock.clearTimeout(r.restartTimer);
    r.restartTimer = undefined;
    if (r.state === 'running' && !r.stopping) {
      r.stopping = true;
      stopProbes(r);
      killContainer(ctx, r, (ctx.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000);
    }
  }
}
