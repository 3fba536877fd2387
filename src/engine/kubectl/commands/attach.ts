/**
 * `kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t]`: POST pods/attach, joined to the
 * container's own process (a shell started with `stdin: true` reads the lines typed).
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/attach/attach.go
 */
import type { Pod } from '../../api/types';
import type { FlagSpec } from '../flags';
import { attachablePod, chooseContainer, openSession, ttyWanted } from './attachable';
import type { Command, CommandContext } from './context';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'pod-running-timeout', type: 'string' },
];

export const attachCommand: Command = {
  name: 'attach',
  flags: FLAGS,
  run(ctx) {
    const [target] = ctx.args;
    if (!target) return ctx.fail('error: at least 1 argument is required for attach');
    if (ctx.args.length > 1)
      return ctx.fail('error: expected a single argument: one pod or one object name');
    attachablePod(ctx, target, (pod) => {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed')
        return ctx.fail(
          `error: cannot attach a container in a completed pod; current phase is ${phase}`,
        );
      attachTo(ctx, pod, chooseContainer(ctx, pod), (code) => ctx.finish(code === 0 ? 0 : 1));
    });
  },
};

/**
 * Attach to `container` of `pod` as `-i`/`-t` ask; `done` gets the process's exit code. Shared
 * with `kubectl run -i`.
 */
export function attachTo(
  ctx: CommandContext,
  pod: Pod,
  container: string,
  done: (code: number) => void,
): void {
  const spec = pod.spec?.containers.find((c) => c.name === container);
  const stdin = ctx.flags.bools.has('stdin') && spec?.stdin === true;
  let tty = ttyWanted(ctx, ctx.flags.bools.has('tty'), ctx.flags.bools.has('stdin'));
  if (tty && !spec?.tty) {
    ctx.stderr(`error: Unable to use a TTY - container ${container} did not allocate one\n`);
    tty = false;
  }
  if (tty && !ctx.flags.bools.has('quiet'))
    ctx.stderr("If you don't see a command prompt, try pressing enter.\n");
  openSession(
    ctx,
    {
      verb: 'create',
      resource: 'pods',
      subresource: 'attach',
      namespace: pod.metadata?.namespace ?? ctx.namespace,
      name: pod.metadata?.name,
      container,
      stdin,
      tty,
    },
    { stdin, tty, onExit: done },
  );
}
