/**
 * The prober manager of one pod (k/k: pkg/kubelet/prober/prober_manager.go): a worker per
 * container and probe type, startup first and liveness/readiness once it passed; results feed the
 * container's started/ready flags, and a failed liveness or startup probe has it killed.
 */
import type { Probe } from '../../api/types';
import type { PodContext, Run } from './podContext';
import { ProbeWorker, type ProbeTarget, type ProbeType } from './probes';

/** Stop every probe worker of a container (RemovePod, or the container stopped). */
export function stopProbes(r: Run): void {
  for (const p of r.probes) p.stop();
  r.probes = [];
}

/** The probes of one pod's containers. */
export class ProbeManager {
  /**
   * @param killForProbe called when a liveness or startup probe failed (computePodActions kills
   *   the container).
   */
  constructor(
    private readonly ctx: PodContext,
    private readonly killForProbe: (r: Run, kind: ProbeType) => void,
  ) {}

  /** prober manager AddPod: startup first; liveness and readiness once it passed. */
  start(r: Run): void {
    stopProbes(r);
    // Sidecars (restartable init containers) are probed as app containers are.
    if (r.init && r.spec.restartPolicy !== 'Always') {
      r.started = true;
      r.ready = false;
      return;
    }
    r.started = !r.spec.startupProbe;
    r.ready = r.started && !r.spec.readinessProbe;
    if (r.spec.startupProbe) this.add(r, 'Startup', r.spec.startupProbe);
    else this.startLiveAndReady(r);
  }

  private startLiveAndReady(r: Run): void {
    if (r.spec.livenessProbe) this.add(r, 'Liveness', r.spec.livenessProbe);
    if (r.spec.readinessProbe) this.add(r, 'Readiness', r.spec.readinessProbe);
  }

  private add(r: Run, kind: ProbeType, probe: Probe): void {
    const ctx = this.ctx;
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
          this.result(r, k, ok);
      },
    });
    r.probes.push(w);
    w.start();
  }

  private result(r: Run, kind: ProbeType, ok: boolean): void {
    if (kind === 'Readiness') {
      r.ready = ok && r.started;
      return this.ctx.markStatusDirty();
    }
    if (kind === 'Startup' && ok) {
      r.started = true;
      r.ready = !r.spec.readinessProbe;
      this.startLiveAndReady(r);
      // A sidecar that started lets the next init container (or the app containers) start.
      if (r.init) return this.ctx.sync();
      return this.ctx.markStatusDirty();
    }
    if (!ok) this.killForProbe(r, kind);
  }
}
