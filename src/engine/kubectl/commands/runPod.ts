/**
 * `kubectl run NAME --image=IMAGE [--port=N] [--labels=k=v] [--restart=Never] [--env=K=V]
 * [-- COMMAND ARGS…]`: one Pod, labelled `run=NAME`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go, pkg/generate/versioned/run.go
 */
import type { KubeObject } from '../../api/types';
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
];

export const runCommand: Command = {
  name: 'run',
  flags: FLAGS,
  run(ctx) {
    const [name] = ctx.args;
    if (!name) return ctx.usageError('NAME is required for run');
    const image = str(ctx.flags, 'image');
    if (!image) return ctx.fail('error: required flag(s) "image" not set');
    const labels: Record<string, string> = {};
    const l = str(ctx.flags, 'labels');
    if (l) for (const kv of l.split(',')) labels[kv.split('=')[0]] = kv.split('=')[1] ?? '';
    else labels.run = name;
    const dash = ctx.flags.dash;
    const container: Record<string, unknown> = { name, image, resources: {} };
    if (dash.length) container[ctx.flags.bools.has('command') ? 'command' : 'args'] = dash;
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
      ctx.stdout(`pod/${name} created\n`);
      ctx.finish(0);
    });
  },
};
