import type { Cluster } from '../../engine/cluster';
import type { ContainerRecord } from '../../engine/node/runtime/runtime';
import type { Op } from './context';

/**
 * A container's log as `kubectl logs` would have printed it at an earlier virtual time, for a past
 * moment on the timeline. It reads the nodes' CRI log files the way `inspect` reads caches: no
 * request, no traffic, nothing recorded, so looking at the past never changes the run. At instant
 * `at` kubectl logs read the newest attempt started by then (k/k:pkg/kubelet/kubelet_pods.go
 * validateContainerLogStatus), and that file held only the lines written up to `at`.
 */
export const pastLogsOp: Op<'pastLogs'> = (ctx, args, answer) =>
  answer.reply(pastLogs(ctx.cluster, args.uid, args.container, args.at));

export function pastLogs(
  cluster: Cluster,
  uid: string,
  container: string | undefined,
  at: number,
): { ok: boolean; output: string } {
  const mine: ContainerRecord[] = [];
  for (const n of cluster.nodes)
    for (const c of n.runtime.containers.values()) if (c.podUid === uid) mine.push(c);
  const names = [...new Set(mine.map((c) => c.name))].sort();
  const name = container ?? (names.length === 1 ? names[0] : undefined);
  if (!name) {
    return names.length === 0
      ? { ok: true, output: '' }
      : {
          ok: false,
          output: `a container name must be specified, choose one of: [${names.join(' ')}]`,
        };
  }
  let shown: ContainerRecord | undefined;
  for (const c of mine)
    if (c.name === name && c.startedAt !== undefined && c.startedAt <= at)
      if (!shown || c.attempt > shown.attempt) shown = c;
  if (!shown) return { ok: true, output: '' };
  const lines: string[] = [];
  // `at` holds each line's write instant, negated for stderr (see criLog.ts).
  shown.logs.at.forEach((mark, i) => {
    if (Math.abs(mark) <= at) lines.push(shown.logs.texts[i]);
  });
  return { ok: true, output: lines.map((l) => `${l}\n`).join('') };
}
