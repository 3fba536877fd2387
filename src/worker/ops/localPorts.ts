import { localPortsOf } from '../../engine/kubectl/run';
import { curlLocal } from '../../engine/kubectl/localPorts';
import type { Op } from './context';

/** The ports `kubectl port-forward` listens on (the dock's Port forwards pane). Only reads. */
export const localPortsOp: Op<'localPorts'> = (ctx, _args, answer) =>
  answer.reply({
    ok: true,
    ports: localPortsOf(ctx.cluster)
      .list()
      .map(({ local, remote, pod, namespace }) => ({ local, remote, pod, namespace })),
  });

/**
 * "Send request" on a forwarded port: `curl localhost:PORT/path` on the learner's machine. The
 * connection travels kubectl → API server → kubelet → runtime and back, so the diagram draws it,
 * and the running port-forward prints `Handling connection for PORT`.
 */
export const localRequestOp: Op<'localRequest'> = (ctx, args, answer) =>
  curlLocal(localPortsOf(ctx.cluster), [`localhost:${args.port}${args.path}`], (r) =>
    answer.reply({ ok: r.exitCode === 0, output: r.stdout + r.stderr }),
  );
