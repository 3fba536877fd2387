/**
 * `kubectl run NAME -i [-t] [--rm] --image=… -- sh`: after creating the pod, kubectl waits for it
 * to run, attaches to its container, and when the session ends deletes it (`--rm`) and exits with
 * the container's code. A pod that already finished shows its logs instead.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go (Run, handleAttachPod, removeGeneratedObjects)
 */
import type { Pod } from '../../api/types';
import { attachTo } from './attach';
import { apiError, type CommandContext } from './context';
import { durationFlag } from './stream';

export function runAttached(ctx: CommandContext, created: Pod): void {
  const name = created.metadata?.name ?? '';
  const namespace = created.metadata?.namespace ?? ctx.namespace;
  const container = created.spec?.containers[0]?.name ?? name;
  const restart = created.spec?.restartPolicy ?? 'Always';
  let settled = false;
  const settle = (p: Pod) => {
    settled = true;
    stop();
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return showLogs(p);
    attachTo(ctx, p, container, ended);
  };
  // waitForPod(podRunningAndReady… or completed), --pod-running-timeout 1m by default.
  const stop = ctx.watch(
    { resource: 'pods', namespace, fieldSelector: `metadata.name=${name}` },
    (e) => {
      const p = e.object as Pod;
      if (settled || e.type === 'DELETED') return;
      // A pod of the same name that is not this one (the previous `run --rm`'s, going away).
      if (p.metadata?.uid !== created.metadata?.uid) return;
      const phase = p.status?.phase;
      if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') settle(p);
    },
    (r) => {
      if (r.code >= 300) ctx.fail(apiError(r));
    },
  );
  ctx.after(durationFlag(ctx, 'pod-running-timeout') ?? 60_000, () => {
    if (!settled) ctx.fail('error: timed out waiting for the condition');
  });

  /** The pod finished before kubectl could attach: its logs are what it printed. */
  const showLogs = (p: Pod) =>
    ctx.request(
      { verb: 'get', resource: 'pods', subresource: 'log', namespace, name, container },
      (r) => {
        if (r.code === 200) ctx.stdout(String(r.body ?? ''));
        ended(p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode ?? 0);
      },
    );

  /** The session is over (the container's process exited with `code`). */
  const ended = (code: number) => {
    const waitsForCode = restart === 'Never' || restart === 'OnFailure';
    if (!waitsForCode && !ctx.flags.bools.has('rm')) {
      ctx.stdout(
        `Session ended, resume using 'kubectl attach ${name} -c ${container} -i -t' command when the pod is running\n`,
      );
    }
    const exit = () => {
      if (!waitsForCode || code === 0) return ctx.finish(0);
      ctx.stderr(`pod ${namespace}/${name} terminated (Error)\n`);
      ctx.finish(code);
    };
    if (!ctx.flags.bools.has('rm')) return exit();
    // removeGeneratedObjects deletes with WaitForDeletion: kubectl returns once the pod is gone.
    ctx.request({ verb: 'delete', resource: 'pods', namespace, name }, (r) => {
      if (r.code >= 300) {
        ctx.stderr(apiError(r) + '\n');
        return exit();
      }
      ctx.stdout(`pod "${name}" deleted\n`);
      const gone = (): void =>
        ctx.request({ verb: 'get', resource: 'pods', namespace, name }, (g) => {
          if (g.code === 404 || !ctx.after(1000, gone)) exit();
        });
      gone();
    });
  };
}
