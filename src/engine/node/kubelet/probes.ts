/**
 * The kubelet's prober (k/k: pkg/kubelet/prober): one worker per container and probe type that
 * probes every periodSeconds, counts successThreshold/failureThreshold runs, and reports result
 * changes. Probes are real requests: httpGet and tcpSocket go from the kubelet to the pod's IP and
 * are answered by the container's program; exec runs through the runtime (CRI ExecSync).
 */
import type { Container, Probe } from '../../api/types';
import type { Clock, TimerId } from '../../sim/clock';
import type { Network } from '../../sim/network';
import type { ContainerRuntime } from '../runtime/runtime';

export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';

/** Defaults (k/k: SetDefaults_Probe); the API server fills them in, these cover omissions. */
export const PROBE_DEFAULTS = {
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
  initialDelaySeconds: 0,
} as const;

/** What one probe run found: the result and the output the Unhealthy event quotes. */
export interface ProbeOutcome {
  ok: boolean;
  output: string;
}

/** What a probe needs to reach its container. */
export interface ProbeTarget {
  kubelet: string;
  /** Diagram id of the pod: `pod:default/web`. */
  podNode: string;
  podIP: string;
  containerId: string;
  container: Container;
  runtime: ContainerRuntime;
  net: Network;
}

/** A named port (`port: http`) is looked up in the container's ports. */
function resolvePort(port: number | string | undefined, c: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  const named = c.ports?.find((p) => p.name === port)?.containerPort;
  return named ?? (/^\d+$/.test(port) ? Number(port) : undefined);
}

/**
 * Run one probe and deliver its outcome when the answer is back (traced: kubelet → pod and back,
 * or kubelet → runtime ExecSync for exec).
 */
export function runProbe(
  kind: ProbeType,
  p: Probe,
  t: ProbeTarget,
  done: (o: ProbeOutcome) => void,
): void {
  const timeoutMs = (p.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds) * 1000;
  if (p.exec) {
    const argv = p.exec.command ?? [];
    t.runtime.call<ProbeOutcome>(
      t.kubelet,
      'ExecSync',
      `${t.container.name} ${argv.join(' ')}`,
      (finish) => {
        const r = t.runtime.exec(t.containerId, argv, timeoutMs);
        // k/k: pkg/probe/exec: a timed-out command is a failure.
        const o = r.timedOut
          ? { ok: false, output: `command ${JSON.stringify(argv.join(' '))} timed out` }
          : { ok: r.exitCode === 0, output: r.output };
        finish(o, Math.min(r.ms, timeoutMs) + 5);
      },
      done,
    );
    return;
  }
  // grpc: the simulated servers that listen on the probed port serve grpc.health.v1 (etcd,
  // agnhost grpc-health-checking), so a connection is SERVING; no listener times out the dial.
  const tcp = !p.httpGet && (!!p.tcpSocket || !!p.grpc);
  const port = resolvePort(
    (p.httpGet ?? p.tcpSocket ?? p.grpc)?.port as number | string | undefined,
    t.container,
  );
  if (port === undefined || (!p.httpGet && !p.tcpSocket && !p.grpc)) {
    done({ ok: false, output: 'no probe handler' });
    return;
  }
  const host = p.httpGet?.host || t.podIP;
  const path = p.httpGet?.path ?? '/';
  const scheme = (p.httpGet?.scheme ?? 'HTTP').toLowerCase();
  const url = `${scheme}://${host}:${port}${path}`;
  // k/k pkg/probe/grpc: the blocking dial retries until the probe's timeout.
  const dial = p.grpc
    ? `timeout: failed to connect service "${host}:${port}" within ${timeoutMs / 1000}s: context deadline exceeded`
    : `dial tcp ${host}:${port}: connect: connection refused`;
  const summary = tcp ? `${kind} probe TCP ${host}:${port}` : `${kind} probe GET ${url}`;
  const reqFlow = t.net.send(
    {
      from: t.kubelet,
      to: t.podNode,
      kind: 'request',
      verb: tcp ? 'TCP' : 'GET',
      resource: 'probe',
      summary,
    },
    () => {
      let o: ProbeOutcome;
      if (tcp)
        o = t.runtime.connect(host, port) ? { ok: true, output: '' } : { ok: false, output: dial };
      else {
        const a = t.runtime.httpGet(host, port, path);
        if (!a || a.kind === 'refused' || a.kind === 'unresolvable')
          o = { ok: false, output: `Get "${url}": ${dial}` };
        else if (a.kind === 'timeout')
          o = {
            ok: false,
            output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
          };
        // k/k: pkg/probe/http: 200–399 is success.
        else if (a.status >= 200 && a.status < 400) o = { ok: true, output: '' };
        else o = { ok: false, output: `HTTP probe failed with statuscode: ${a.status}` };
      }
      t.net.send(
        {
          from: t.podNode,
          to: t.kubelet,
          kind: 'response',
          verb: tcp ? 'TCP' : 'GET',
          resource: 'probe',
          summary: o.ok ? `${kind} probe ok` : o.output,
          flow: reqFlow,
        },
        () => done(o),
      );
    },
  );
}

/** What a probe worker reports to its pod worker. */
export interface ProbeListener {
  /** The result flipped (after successThreshold / failureThreshold consecutive runs). */
  onResult(kind: ProbeType, ok: boolean): void;
  /** One failed run: the Unhealthy event. */
  onFailure(kind: ProbeType, output: string): void;
}

/**
 * One probe of one container (prober/worker.go): first run after initialDelaySeconds, then every
 * periodSeconds while the container runs. Readiness starts as failure, liveness as success and
 * startup as unknown, as the results manager's initial values.
 */
export class ProbeWorker {
  private timer?: TimerId;
  private stopped = false;
  private runs = 0;
  private lastOk?: boolean;
  result: boolean | undefined;

  constructor(
    readonly kind: ProbeType,
    private readonly probe: Probe,
    private readonly target: ProbeTarget,
    private readonly clock: Clock,
    private readonly listener: ProbeListener,
  ) {
    this.result = kind === 'Readiness' ? false : kind === 'Liveness' ? true : undefined;
  }

  start(): void {
    const delay = (this.probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds) * 1000;
    this.timer = this.clock.setTimeout(() => this.tick(), delay);
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private tick(): void {
    if (this.stopped) return;
    const period = (this.probe.periodSeconds ?? PROBE_DEFAULTS.periodSeconds) * 1000;
    this.timer = this.clock.setTimeout(() => this.tick(), period);
    runProbe(this.kind, this.probe, this.target, (o) => {
      if (this.stopped) return;
      if (!o.ok) this.listener.onFailure(this.kind, o.output);
      this.runs = this.lastOk === o.ok ? this.runs + 1 : 1;
      this.lastOk = o.ok;
      const threshold = o.ok
        ? (this.probe.successThreshold ?? PROBE_DEFAULTS.successThreshold)
        : (this.probe.failureThreshold ?? PROBE_DEFAULTS.failureThreshold);
      if (this.runs >= threshold && this.result !== o.ok) {
        this.result = o.ok;
        this.listener.onResult(this.kind, o.ok);
      }
      // A startup probe stops once it succeeded; a failed liveness/startup container is restarted.
      if ((this.kind === 'Startup' && o.ok) || (this.kind !== 'Readiness' && this.result === false))
        this.stop();
    });
  }
}
