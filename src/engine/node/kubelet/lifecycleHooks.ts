import type { Container } from '../../api/types';
import type { Clock } from '../../sim/clock';
import type { ContainerRuntime } from '../runtime/runtime';

/** A container lifecycle handler (preStop / postStart). */
export type LifecycleHandler = NonNullable<NonNullable<Container['lifecycle']>['preStop']>;

/** Where a hook runs. */
export interface HookTarget {
  kubelet: string;
  runtime: ContainerRuntime;
  clock: Clock;
  /** `web_default(uid)` (k/k: pkg/kubelet/util/format.Pod). */
  podRef: string;
  podIP: string;
}

/**
 * Run a lifecycle hook (k/k: pkg/kubelet/lifecycle/handlers.go): exec through CRI ExecSync,
 * httpGet to the pod, or sleep. `fail` gets the kubelet's event message; `done` the time taken.
 */
export function runHook(
  t: HookTarget,
  c: Container,
  containerId: string,
  hook: LifecycleHandler,
  timeoutMs: number,
  fail: (message: string) => void,
  done: (elapsedMs: number) => void,
): void {
  const rt = t.runtime;
  if (hook.exec) {
    const argv = hook.exec.command ?? [];
    const began = t.clock.now;
    rt.call<{ ok: boolean; output: string; code: number }>(
      t.kubelet,
      'ExecSync',
      `${c.name} preStop ${argv.join(' ')}`,
      (finish) => {
        const res = rt.exec(containerId, argv, timeoutMs);
        finish(
          { ok: !res.timedOut && res.exitCode === 0, output: res.output, code: res.exitCode },
          Math.min(res.ms, timeoutMs),
        );
      },
      (res) => {
        if (!res.ok) {
          fail(
            `Exec lifecycle hook ([${argv.join(' ')}]) for Container "${c.name}" in Pod "${t.podRef}" failed - error: command '${argv.join(' ')}' exited with ${res.code}: ${res.output}, message: ${JSON.stringify(res.output)}`,
          );
        }
        done(t.clock.now - began);
      },
    );
    return;
  }
  if (hook.httpGet) {
    const named = c.ports?.find((p) => p.name === hook.httpGet!.port)?.containerPort;
    const port =
      typeof hook.httpGet.port === 'number'
        ? hook.httpGet.port
        : Number(named ?? hook.httpGet.port);
    const path = hook.httpGet.path ?? '/';
    const a = rt.httpGet(t.podIP, port, path);
    if (!a || a.kind !== 'ok') {
      fail(
        `HTTP lifecycle hook (${path}) for Container "${c.name}" in Pod "${t.podRef}" failed - error: Get "http://${t.podIP}:${port}${path}": dial tcp ${t.podIP}:${port}: connect: connection refused`,
      );
    }
    return done(1);
  }
  if (hook.sleep) {
    const ms = Math.min(hook.sleep.seconds * 1000, timeoutMs);
    t.clock.setTimeout(() => done(ms), ms);
    return;
  }
  done(0);
}
