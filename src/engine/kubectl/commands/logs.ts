/**
 * `kubectl logs POD|TYPE/NAME [-c CONTAINER] [-f] [-p] [--tail=N] [--timestamps]`: GET pods/log,
 * which the API server proxies to the pod's kubelet. `-f` keeps following: it asks again every
 * second and prints what is new, until Ctrl+C.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go
 */
import type { Pod } from '../../api/types';
import { bool, int, str, type FlagSpec } from '../flags';
import { apiError, type Command, type CommandContext } from './context';
import { getObject, listObjects, lookupResource } from './resources';
import { streamLimit } from './stream';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'prefix', type: 'bool' },
];

const USAGE =
  "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

export const logsCommand: Command = {
  name: 'logs',
  flags: FLAGS,
  run(ctx) {
    const [target, container2] = ctx.args;
    if (!target) return ctx.fail(USAGE);
    if (ctx.args.length > 2) return ctx.fail(USAGE);
    const slash = target.indexOf('/');
    if (slash < 0) return withPod(ctx, target, container2);
    const info = lookupResource(target.slice(0, slash));
    const name = target.slice(slash + 1);
    if (!info)
      return ctx.fail(`error: the server doesn't have a resource type "${target.slice(0, slash)}"`);
    if (info.kind === 'Pod') return withPod(ctx, name, container2);
    // A workload: pick one of its pods, as AttachablePodForObject does.
    getObject(
      ctx,
      info,
      ctx.namespace,
      name,
      (obj) => {
        const sel = (
          obj.spec as {
            selector?: { matchLabels?: Record<string, string> } | Record<string, string>;
          }
        )?.selector;
        const labels = (sel && 'matchLabels' in sel ? sel.matchLabels : sel) as
          Record<string, string> | undefined;
        const labelSelector = Object.entries(labels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        if (!labelSelector) return ctx.fail(`error: cannot get the logs from ${obj.kind}`);
        listObjects(
          ctx,
          lookupResource('pods')!,
          { namespace: ctx.namespace, labelSelector },
          (pods) => {
            if (pods.length === 0) return ctx.fail(`error: timed out waiting for the condition`);
            const sorted = [...pods].sort((a, b) =>
              (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
            );
            if (pods.length > 1)
              ctx.stderr(`Found ${pods.length} pods, using pod/${sorted[0].metadata?.name}\n`);
            withPod(ctx, sorted[0].metadata?.name ?? '', container2);
          },
          (r) => ctx.fail(apiError(r)),
        );
      },
      (r) => ctx.fail(apiError(r)),
    );
  },
};

function withPod(ctx: CommandContext, podName: string, container2?: string): void {
  getObject(
    ctx,
    lookupResource('pods')!,
    ctx.namespace,
    podName,
    (obj) => {
      const pod = obj as Pod;
      const names = (pod.spec?.containers ?? []).map((c) => c.name);
      let container = str(ctx.flags, 'container') ?? container2;
      if (!container) {
        const dflt = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
        container = dflt && names.includes(dflt) ? dflt : names[0];
        if (names.length > 1 && !dflt) {
          ctx.stderr(`Defaulted container "${container}" out of: ${names.join(', ')}\n`);
        }
      }
      fetchLogs(ctx, pod, container);
    },
    (r) => ctx.fail(apiError(r)),
  );
}

function fetchLogs(ctx: CommandContext, pod: Pod, container: string | undefined): void {
  const ns = pod.metadata?.namespace ?? ctx.namespace;
  const name = pod.metadata?.name ?? '';
  const tail = int(ctx.flags, 'tail');
  const follow = bool(ctx.flags, 'follow');
  const base = {
    verb: 'get' as const,
    resource: 'pods',
    subresource: 'log' as const,
    namespace: ns,
    name,
    container,
    previous: bool(ctx.flags, 'previous'),
    timestamps: bool(ctx.flags, 'timestamps'),
  };
  if (!follow) {
    return ctx.request(
      { ...base, tailLines: tail !== undefined && tail >= 0 ? tail : undefined },
      (r) => {
        if (r.code !== 200) return ctx.fail(apiError(r));
        ctx.stdout(String(r.body ?? ''));
        ctx.finish(0);
      },
    );
  }
  // -f: print the log (or its tail), then what is new each second.
  let printed = -1;
  const poll = (): void =>
    ctx.request(base, (r) => {
      if (r.code !== 200) {
        if (printed < 0) return ctx.fail(apiError(r));
        return ctx.finish(0);
      }
      const lines = String(r.body ?? '').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      if (printed < 0) {
        const start = tail !== undefined && tail >= 0 ? Math.max(0, lines.length - tail) : 0;
        const first = lines.slice(start);
        if (first.length) ctx.stdout(first.join('\n') + '\n');
      } else if (lines.length > printed) {
        ctx.stdout(lines.slice(printed).join('\n') + '\n');
      }
      printed = lines.length;
      if (!ctx.after(1000, poll)) ctx.finish(0);
    });
  poll();
  const limit = streamLimit(ctx);
  if (limit !== undefined) ctx.after(limit, () => ctx.finish(0));
}
