import { sendRequests } from '../../engine/node/proxy/traffic';
import type { Op, OpContext } from './context';

/** HTTP requests to a Service through kube-proxy's rules; which pods answered, how many failed. */
export const trafficOp: Op<'traffic'> = (ctx, msg, answer) =>
  sendRequests(
    ctx.cluster,
    {
      service: msg.service,
      count: Math.max(1, Math.min(500, Math.floor(msg.count))),
      from: trafficSource(ctx, msg.service, msg.from),
      ...(msg.host ? { host: msg.host } : {}),
      ...(msg.path ? { path: msg.path } : {}),
    },
    (report) => {
      const spread = Object.entries(report.perPod)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([pod, n]) => `${pod} ${n}`)
        .join(', ');
      const firstError = report.results.find((r) => r.error)?.error;
      const output =
        `${msg.count} requests to ${msg.service}: ${spread || 'no pod answered'}` +
        (report.errors ? `; ${report.errors} failed${firstError ? `: ${firstError}` : ''}` : '');
      answer.reply({
        ok: report.errors === 0,
        output,
        traffic: {
          perPod: report.perPod,
          errors: report.errors,
          ...(firstError ? { firstError } : {}),
        },
      });
    },
  );

/**
 * Where Service traffic starts: as asked; else from outside for NodePort and LoadBalancer
 * Services, and from a running pod of the namespace for a ClusterIP Service, which is only
 * reachable inside the cluster.
 */
function trafficSource(
  ctx: OpContext,
  service: string,
  from?: string,
): 'outside' | `pod:${string}` {
  if (from?.startsWith('pod:')) return from as `pod:${string}`;
  if (from === 'outside') return 'outside';
  const [ns, name] = service.includes('/') ? service.split('/') : ['default', service];
  const svc = ctx.objects.get(`/registry/services/specs/${ns}/${name}`)?.object as
    { spec?: { type?: string } } | undefined;
  const type = svc?.spec?.type;
  if (type === 'NodePort' || type === 'LoadBalancer') return 'outside';
  // Keys are kept in etcd's order (sorted), as the range read returned them.
  const prefix = `/registry/pods/${ns}/`;
  const running = [...ctx.objects.values()]
    .filter((r) => r.key.startsWith(prefix))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .find((r) => (r.object as { status?: { phase?: string } }).status?.phase === 'Running');
  return running ? `pod:${ns}/${running.name}` : 'outside';
}
