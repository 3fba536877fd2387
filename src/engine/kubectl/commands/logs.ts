/**
 * `kubectl logs POD|TYPE/NAME [-c CONTAINER] [-f] [-p] [--tail=N] [--timestamps] [--since=5m]`:
 * GET pods/log, which the API server proxies to the pod's kubelet. `-f` keeps following: it asks again every
 * second and prints what is new, until Ctrl+C.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go
 */
import type { Pod } from '../../api/types';
import { bool, int, str, type FlagSpec } from '../flags';
import { apiError, type Command, type CommandContext } from './context';
import { getObject, listObjects, lookupResource } from './resources';
import { durationFlag, streamLimit } from './stream';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'prefix', type: 'bool' },
  { name: 'since', type: 'string' },
  { name: 'since-time', type: 'string' },
];

/**
 * `--since=5m` / `--since-time=RFC3339`: the earliest instant whose lines to print, in Unix ms;
 * undefined without either; kubectl's error text for a bad value. kubectl sends sinceSeconds
 * rounded up to whole seconds (logs.go); the API here has no such parameter yet, so the lines are
 * read with their timestamps and cut on this side, which prints the same.
 */
function sinceInstant(ctx: CommandContext): number | { error: string } | undefined {
  const since = str(ctx.flags, 'since');
  const sinceTime = str(ctx.flags, 'since-time');
  if (since !== undefined && sinceTime !== undefined) {
    return { error: 'error: at most one of `sinceTime` or `sinceSeconds` may be specified' };
  }
  if (sinceTime !== undefined) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t) || !/^\d{4}-\d\d-\d\dT/.test(sinceTime)) {
      return {
        error: `error: --since-time must be in RFC3339 format: parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`,
      };
    }
    return t;
  }
  if (since === undefined) return undefined;
  const ms = durationFlag(ctx, 'since');
  if (ms === undefined) {
    return {
      error: `error: invalid argument "${since}" for "--since" flag: time: invalid duration "${since}"`,
    };
  }
  if (ms <= 0) return { error: 'error: --since must be greater than 0' };
  return ctx.now - Math.ceil(ms / 1000) * 1000;
}

/** The instant a CRI log line was written (`2026-01-05T09:00:03.123456789Z text`). */
function lineTime(line: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)/.exec(line);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}${(m[2] ?? '').slice(0, 4)}${m[3]}`);
}

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
  const since = sinceInstant(ctx);
  if (typeof since === 'object') return ctx.fail(since.error);
  if (since !== undefined && !follow) return fetchSince(ctx, ns, name, container, since, tail);
  const base = {
    verb: 'get' as const,
    resource: 'pods',
    subresource: 'log' as const,
    namespace: ns,
    name,
    container,
    previous: bool(ctx.flags, 'previous'),
    // With --since the lines are cut by their timestamps here (see sinceInstant).
    timestamps: bool(ctx.flags, 'timestamps') || since !== undefined,
  };
  const shown = (l: string) =>
    since !== undefined && !bool(ctx.flags, 'timestamps') ? l.slice(l.indexOf(' ') + 1) : l;
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
        const recent = since === undefined ? lines : lines.filter((l) => !(lineTime(l) < since));
        const start = tail !== undefined && tail >= 0 ? Math.max(0, recent.length - tail) : 0;
        const first = recent.slice(start).map(shown);
        if (first.length) ctx.stdout(first.join('\n') + '\n');
      } else if (lines.length > printed) {
        ctx.stdout(lines.slice(printed).map(shown).join('\n') + '\n');
      }
      printed = lines.length;
      if (!ctx.after(1000, poll)) ctx.finish(0);
    });
  poll();
  const limit = streamLimit(ctx);
  if (limit !== undefined) ctx.after(limit, () => ctx.finish(0));
}

/** `logs --since`: the lines written at or after `since`, then `--tail`, then the timestamps off. */
function fetchSince(
  ctx: CommandContext,
  namespace: string,
  name: string,
  container: string | undefined,
  since: number,
  tail: number | undefined,
): void {
  const request = {
    verb: 'get' as const,
    resource: 'pods',
    subresource: 'log' as const,
    namespace,
    name,
    container,
    previous: bool(ctx.flags, 'previous'),
    timestamps: true,
  };
  ctx.request(request, (r) => {
    if (r.code !== 200) return ctx.fail(apiError(r));
    const lines = String(r.body ?? '').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let kept = lines.filter((l) => !(lineTime(l) < since));
    if (tail !== undefined && tail >= 0) kept = kept.slice(Math.max(0, kept.length - tail));
    if (!bool(ctx.flags, 'timestamps')) kept = kept.map((l) => l.slice(l.indexOf(' ') + 1));
    if (kept.length) ctx.stdout(kept.join('\n') + '\n');
    ctx.finish(0);
  });
}
