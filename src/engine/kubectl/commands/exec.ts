/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`: POST pods/exec,
 * which the API server proxies to the kubelet, which has the runtime start the process (CRI Exec).
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go
 */
import type { FlagSpec } from '../flags';
import {
  attachablePod,
  chooseContainer,
  finishWithCode,
  openSession,
  ttyWanted,
} from './attachable';
import type { Command } from './context';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'pod-running-timeout', type: 'string' },
];

export const execCommand: Command = {
  name: 'exec',
  flags: FLAGS,
  run(ctx) {
    const [target] = ctx.args;
    if (!target) return ctx.fail('error: pod, type/name or --filename must be specified');
    if (ctx.args.length > 1) {
      return ctx.fail(
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
      );
    }
    const command = ctx.flags.dash;
    if (!command.length)
      return ctx.fail('error: you must specify at least one command for the container');
    attachablePod(ctx, target, (pod) => {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        return ctx.fail(
          `error: cannot exec into a container in a completed pod; current phase is ${phase}`,
        );
      }
      const container = chooseContainer(ctx, pod);
      const stdin = ctx.flags.bools.has('stdin');
      const tty = ttyWanted(ctx, ctx.flags.bools.has('tty'), stdin);
      if (ctx.flags.bools.has('tty') && !stdin && !ctx.flags.bools.has('quiet'))
        ctx.stderr('Unable to use a TTY - input is not a terminal or the right kind of file\n');
      openSession(
        ctx,
        {
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          namespace: pod.metadata?.namespace ?? ctx.namespace,
          name: pod.metadata?.name,
          container,
          command,
          stdin,
          tty,
        },
        { stdin, tty, onExit: (code) => finishWithCode(ctx, code) },
      );
    });
  },
};
