/**
 * `kubectl run NAME --image=IMAGE [--port=N] [--labels=k=v] [--restart=Never] [--env=K=V]
 * [-- COMMAND ARGS…]`: one Pod, labelled `run=NAME`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go, pkg/generate/versioned/run.go
 */
import type { KubeObject, Pod } from '../../api/types';
import { runAttached } from './runAttached';
import { int, str, strs, type FlagSpec } from '../flags';
import { apiError, type Command } from './context';

const FLAGS: FlagSpec[] = [
  { name: 'image', type: 'string' },
  { name: 'port', type: 'int' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'restart', type: 'string' },
  { name: 'env', type: 'strings' },
  { name: 'command', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  // exec:
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'rm', type: 'bool' },
  { name: 'attach', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'pod-running-timeout', type: 'string' },
];

export const runCommand: Command = {
  name: 'run',
  flags: FLAGS,
  run(ctx) {
    const [name] = ctx.args;
    if (!name) return ctx.usageError('NAME is required for run');
    const image = str(ctx.flags, 'image');
    if (!image) return ctx.fail('error: required flag(s) "image" not set');
    // exec: -i/-t/--attach wait for the pod and attach to it (./runAttached.ts).
    const stdin = ctx.flags.bools.has('stdin');
    const attach = stdin || ctx.flags.bools.has('attach');
    if (ctx.flags.bools.has('rm') && !attach)
      return ctx.usageError('--rm should only be used for attached containers');
    if (attach && ctx.flags.values.has('dry-run'))
      return ctx.usageError(
        "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
      );
    const labels: Record<string, string> = {};
    const l = str(ctx.flags, 'labels');
    if (l) for (const kv of l.split(',')) labels[kv.split('=')[0]] = kv.split('=')[1] ?? '';
    else labels.run = name;
    const dash = ctx.flags.dash;
    const container: Record<string, unknown> = { name, image, resources: {} };
    if (dash.length) container[ctx.flags.bools.has('command') ? 'command' : 'args'] = dash;
    if (stdin) {
      container.stdin = true;
      container.stdinOnce = true;
      if (ctx.flags.bools.has('tty')) container.tty = true;
    }
    const port = int(ctx.flags, 'port');
    if (port !== undefined) container.ports = [{ containerPort: port }];
    const env = strs(ctx.flags, 'env');
    if (env.length) {
      container.env = env.map((e) => ({
        name: e.slice(0, e.indexOf('=')),
        value: e.slice(e.indexOf('=') + 1),
      }));
    }
    const restart = str(ctx.flags, 'restart') ?? 'Always';
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) {
      return ctx.fail(`error: invalid restart policy: ${restart}`);
    }
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
      spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    } as KubeObject;
    ctx.request({ verb: 'create', resource: 'pods', namespace: ctx.namespace, body: pod }, (r) => {
      if (r.code >= 300) return ctx.fail(apiError(r));
      if (attach) return runAttached(ctx, r.body as Pod);
      ctx.stdout(`pod/${name} created\n`);
      ctx.finish(0);
    });
  },
};
