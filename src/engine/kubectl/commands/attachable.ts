/**
 * What `exec`, `attach`, `run -i` and `port-forward` share: finding the pod a `TYPE/NAME` means
 * (k/k: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/attachablepodforobject.go), the
 * default container and its notice (pkg/cmd/util/podcmd), and the session over an upgraded
 * connection: stdin in, output out, the exit code (pkg/cmd/exec/exec.go).
 */
import { isStatus } from '../../apiserver/errors';
import type { Pod } from '../../api/types';
import type { ApiRequest, ApiResponse } from '../../apiserver/types';
import type { StreamEnd } from '../../sim/stream';
import { apiError, type CommandContext } from './context';
import { getObject, listObjects, lookupResource } from './resources';

/** `POD`, `pod/POD`, `deploy/NAME`, `svc/NAME`…: the pod to use, or kubectl's error printed. */
export function attachablePod(ctx: CommandContext, target: string, cb: (pod: Pod) => void): void {
  const slash = target.indexOf('/');
  const pods = lookupResource('pods')!;
  const failed = (r: ApiResponse) => ctx.fail(apiError(r));
  if (slash < 0) return getObject(ctx, pods, ctx.namespace, target, (o) => cb(o as Pod), failed);
  const type = target.slice(0, slash);
  const info = lookupResource(type);
  if (!info) return ctx.fail(`error: the server doesn't have a resource type "${type}"`);
  const name = target.slice(slash + 1);
  if (info.kind === 'Pod')
    return getObject(ctx, pods, ctx.namespace, name, (o) => cb(o as Pod), failed);
  getObject(
    ctx,
    info,
    ctx.namespace,
    name,
    (obj) => {
      const sel = (obj.spec as { selector?: Record<string, unknown> } | undefined)?.selector;
      const labels = (
        info.kind === 'Service' ? sel : (sel?.matchLabels as Record<string, string> | undefined)
      ) as Record<string, string> | undefined;
      const labelSelector = Object.entries(labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      if (!labelSelector)
        return ctx.fail(`error: cannot attach to ${info.kind.toLowerCase()}: selector is empty`);
      listObjects(
        ctx,
        pods,
        { namespace: ctx.namespace, labelSelector },
        (items) => {
          // GetFirstPod sorts the pods as ActivePods does: running and ready ones first.
          const rank = (p: Pod) =>
            p.metadata?.deletionTimestamp ? 3 : p.status?.phase === 'Running' ? 0 : 1;
          const sorted = (items as Pod[]).sort(
            (a, b) =>
              rank(a) - rank(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
          );
          if (!sorted.length)
            return ctx.fail(`error: no pods found for ${info.kind.toLowerCase()}`);
          cb(sorted[0]);
        },
        failed,
      );
    },
    failed,
  );
}

/**
 * `-c`, else the `kubectl.kubernetes.io/default-container` annotation, else the first container;
 * kubectl says which it chose when there was a choice.
 */
export function chooseContainer(ctx: CommandContext, pod: Pod): string {
  const given = ctx.flags.values.get('container')?.at(-1);
  if (given) return given;
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const dflt = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  if (dflt && [...names, ...inits].includes(dflt)) return dflt;
  if (names.length > 1 || inits.length > 0) {
    const all = [...names, ...inits.map((n) => `${n} (init)`)];
    ctx.stderr(`Defaulted container "${names[0]}" out of: ${all.join(', ')}\n`);
  }
  return names[0];
}

/** How a refused upgrade reads: the API server's Status, or the kubelet's plain text. */
export function upgradeError(r: ApiResponse): string {
  if (isStatus(r.body)) {
    // The runtime could not start the process: client-go prints the Status message as is.
    if (r.code === 500 && /^Internal error occurred: error executing/.test(r.body.message ?? ''))
      return `error: ${r.body.message}`;
    return apiError(r);
  }
  return `error: unable to upgrade connection: ${String(r.body ?? r.code)}`;
}

/** How a session talks to the learner. */
export interface SessionOptions {
  /** stdin attached (`-i`). */
  stdin: boolean;
  /** A terminal on both ends (`-t` with a terminal): prompts are shown, Ctrl+C goes to the pod. */
  tty: boolean;
  /** The session is over: the process's exit code (137 when it was killed with its pod). */
  onExit(code: number): void;
}

/**
 * `-t` with no terminal to give: kubectl warns and goes on without one (exec.go, attach.go).
 * Returns whether the session has a tty.
 */
export function ttyWanted(ctx: CommandContext, wanted: boolean, stdin: boolean): boolean {
  if (!wanted) return false;
  if (!stdin) return false;
  if (ctx.env.terminal) return true;
  ctx.stderr('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  return false;
}

/**
 * POST pods/exec or pods/attach and run the session: what the learner types goes in (or the piped
 * stdin, then its end), output comes out as it is printed, and the exit code ends it.
 */
export function openSession(ctx: CommandContext, req: ApiRequest, o: SessionOptions): void {
  ctx.request(req, (r) => {
    if (!r.stream) return ctx.fail(upgradeError(r));
    const stream: StreamEnd = r.stream;
    let over = false;
    ctx.defer(() => {
      if (!over) stream.send({ type: 'close' });
    });
    stream.onFrame((f) => {
      if (over) return;
      if (f.type === 'stdout') ctx.stdout(f.data);
      // A tty has one stream: stderr comes out with stdout.
      else if (f.type === 'stderr') {
        if (o.tty) ctx.stdout(f.data);
        else ctx.stderr(f.data);
      } else if (f.type === 'prompt' && o.tty) ctx.stdout(f.data);
      else if (f.type === 'exit') {
        over = true;
        o.onExit(f.code);
      }
    });
    if (!o.stdin) return;
    if (o.tty) {
      ctx.onInput = (e) => {
        if ('line' in e) stream.send({ type: 'stdin', data: e.line });
        else if ('eof' in e) stream.send({ type: 'eof' });
        else stream.send({ type: 'interrupt' });
      };
      return;
    }
    // Piped stdin: every line, then its end.
    const piped = ctx.env.stdin ?? '';
    const lines = piped.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) stream.send({ type: 'stdin', data: line });
    stream.send({ type: 'eof' });
  });
}

/** The end of an exec: kubectl exits with the remote process's code, and says so if not 0. */
export function finishWithCode(ctx: CommandContext, code: number): void {
  if (code === 0) return ctx.finish(0);
  ctx.stderr(`command terminated with exit code ${code}\n`);
  ctx.finish(code);
}
