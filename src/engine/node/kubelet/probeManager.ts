/**
 * The prober manager of one pod (k/k: pkg/kubelet/prober/prober_manager.go): a worker per
 * container and probe type, startup first and liveness/readiness once it passed; results feed the
 * container's started/ready flags, and a failed liveness or startup probe has it killed.
 */
import type { Probe } from '../../api/types';
import type { PodContext, Run } from './podContext';
import { ProbeWorker, type ProbeTarget, type ProbeType } from './probes';

/**
 * The probe workers of a container without any: one list shared by all (most containers have no
 * probes), replaced by a list of its own when a worker is added. Never pushed to.
 */
export const NO_PROBES: readonly ProbeWorker[] = Object.freeze([]);

/** Stop every probe worker of a container (RemovePod, or the container stopped). */
export function stopProbes(r: Run): void {
  if (r.probes.length === 0) return;
  for (const p of r.probes) p.stop();
  r.probes = NO_PROBES;
}

/**
 * prober manager AddPod: startup first; liveness and readiness once it passed. A failed liveness
 * or startup probe has the container killed (computePodActions, ./containerKiller). scale:
 * functions of the pod, not an object (and a bound callback) kept for each pod.
 */
export function startProbes(ctx: PodContext, r: Run): void {
  stopProbes(r);
  // Sidecars (restartable init containers) are probed as app containers are.
  if (r.init && r.spec.restartPolicy !== 'Always') {
    r.started = true;
    r.ready = false;
    return;
  }
  r.started = !r.spec.startupProbe;
  r.ready = r.started && !r.spec.readinessProbe;
  if (r.spec.startupProbe) addProbe(ctx, r, 'Startup', r.spec.startupProbe);
  else startLiveAndReady(ctx, r);
}

function startLiveAndReady(ctx: PodContext, r: Run): void {
  if (r.spec.livenessProbe) addProbe(ctx, r, 'Liveness', r.spec.livenessProbe);
  if (r.spec.readinessProbe) addProbe(ctx, r, 'Readiness', r.spec.readinessProbe);
}

function addProbe(ctx: PodContext, r: Run, kind: ProbeType, probe: Probe): void {
  const id = r.containerId!;
  const target: ProbeTarget = {
    kubelet: ctx.kubelet.id,
    podNode: `pod:${ctx.key}`,
    podIP: ctx.sandboxIP!,
    containerId: id,
    container: r.spec,
    runtime: ctx.kubelet.runtime,
    net: ctx.kubelet.ctx.net,
  };
  const w = new ProbeWorker(kind, probe, target, ctx.clock, {
    // k/k: pkg/kubelet/prober/prober.go: `%s probe failed: %s` (Unhealthy, Warning).
    onFailure: (k, output) => {
      if (r.containerId === id && r.state === 'running' && !ctx.terminating)
        ctx.event('Warning', 'Unhealthy', `${k} probe failed: ${output}`, r);
    },
    onResult: (k, ok) => {
      if (r.containerId === id && r.state === 'running' && !ctx.terminating)
        probeResult(ctx, r, k, ok);
    },
  });
  r.probes = r.probes.concat(w);
  w.start();
}

function probeResult(ctx: PodContext, r: Run, kind: ProbeType, ok: boolean): void {
  if (kind === 'Readiness') {
    r.ready = ok && r.started;
    return ctx.markStatusDirty();
  }
  if (kind === 'Startup' && ok) {
    r.started = true;
    r.ready = !r.spec.readinessProbe;
    startLiveAndReady(ctx, r);
    // A sidecar that started lets the next init container (or the app containers) start.
    if (r.init) return ctx.sync();
    return ctx.markStatusDirty();
  }
  if (!ok) ctx.killForFailedProbe(r, kind);
}
