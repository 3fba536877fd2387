/**
 * `kubectl events [--for TYPE/NAME] [--types=Warning] [-A] [-w] [--no-headers]`: the newer events
 * command, sorted by time, `LAST SEEN` with `(x5 over 10m)` for repeats, `Kind/name` objects.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/events/{events.go,event_printer.go}
 */
import type { Event } from '../../api/types';
import { parseTime, translateTimestampSince } from '../age';
import { bool, str, strs, type FlagSpec } from '../flags';
import { tabwrite, GET_TABWRITER } from '../table';
import { apiError, type Command, type CommandContext } from './context';
import { listObjects, lookupResource } from './resources';
import { streamLimit } from './stream';

const FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'for', type: 'string' },
  { name: 'types', type: 'strings' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
];

function lastTime(e: Event): number {
  return (
    parseTime(
      (e.series?.lastObservedTime as string | undefined) ??
        e.lastTimestamp ??
        (e.eventTime as string | undefined),
    ) ??
    parseTime(e.metadata?.creationTimestamp) ??
    0
  );
}

/** event_printer.go getInterval. */
function interval(e: Event, now: number): string {
  const first = e.eventTime
    ? translateTimestampSince(e.eventTime as string, now)
    : translateTimestampSince(e.firstTimestamp, now);
  if (e.series) {
    return `${translateTimestampSince(e.series.lastObservedTime as string, now)} (x${e.series.count} over ${first})`;
  }
  if ((e.count ?? 0) > 1)
    return `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

function row(e: Event, now: number, allNs: boolean): string {
  const cells = [
    interval(e, now),
    e.type ?? '',
    e.reason ?? '',
    `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
    (e.message ?? '').trim(),
  ];
  if (allNs) cells.unshift(e.metadata?.namespace ?? '');
  return cells.join('\t') + '\n';
}

function header(allNs: boolean): string {
  return (allNs ? 'NAMESPACE\t' : '') + 'LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n';
}

/** --for TYPE/NAME → the involvedObject field selector. */
function forSelector(ctx: CommandContext): string | undefined | { error: string } {
  const f = str(ctx.flags, 'for');
  if (!f) return undefined;
  const slash = f.indexOf('/');
  const info = lookupResource(slash < 0 ? f : f.slice(0, slash));
  if (!info || slash < 0) return { error: `error: --for must be in resource/name form` };
  return `involvedObject.kind=${info.kind},involvedObject.name=${f.slice(slash + 1)}`;
}

export const eventsCommand: Command = {
  name: 'events',
  flags: FLAGS,
  run(ctx) {
    if (ctx.args.length) return ctx.usageError(`unexpected args: [${ctx.args.join(' ')}]`);
    const allNs = bool(ctx.flags, 'all-namespaces');
    const sel = forSelector(ctx);
    if (typeof sel === 'object') return ctx.fail(sel.error);
    const types = strs(ctx.flags, 'types').flatMap((t) => t.split(','));
    for (const t of types) {
      if (t !== 'Normal' && t !== 'Warning') {
        return ctx.fail(`error: valid --types are Normal or Warning`);
      }
    }
    const keep = (e: Event) => types.length === 0 || types.includes(e.type ?? '');
    const noHeaders = bool(ctx.flags, 'no-headers');
    listObjects(
      ctx,
      lookupResource('events')!,
      { namespace: allNs ? undefined : ctx.namespace, fieldSelector: sel },
      (items, rv) => {
        const events = (items as Event[]).filter(keep).sort((a, b) => lastTime(a) - lastTime(b));
        let headerPrinted = false;
        if (events.length === 0 && !bool(ctx.flags, 'watch')) {
          ctx.stderr(
            allNs ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`,
          );
        } else if (events.length) {
          const text =
            (noHeaders ? '' : header(allNs)) + events.map((e) => row(e, ctx.now, allNs)).join('');
          ctx.stdout(tabwrite(text, GET_TABWRITER));
          headerPrinted = true;
        }
        if (!bool(ctx.flags, 'watch')) return ctx.finish(0);
        ctx.watch(
          {
            resource: 'events',
            namespace: allNs ? undefined : ctx.namespace,
            fieldSelector: sel,
            resourceVersion: rv,
          },
          (ev) => {
            if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
            const e = ev.object as Event;
            if (!keep(e)) return;
            const text = (headerPrinted || noHeaders ? '' : header(allNs)) + row(e, ctx.now, allNs);
            headerPrinted = true;
            ctx.stdout(tabwrite(text, GET_TABWRITER));
          },
          (r) => {
            if (r.code !== 200) ctx.fail(apiError(r));
          },
        );
        const limit = streamLimit(ctx);
        if (limit !== undefined) ctx.after(limit, () => ctx.finish(0));
      },
      (r) => ctx.fail(apiError(r)),
    );
  },
};
