/**
 * `kubectl cluster-info`: where the control plane and the cluster services (label
 * `kubernetes.io/cluster-service=true` in kube-system) are served.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo.go
 */
import type { Service } from '../../api/types';
import type { Command } from './context';
import { listObjects, lookupResource } from './resources';

const GREEN = '\x1b[0;32m';
const YELLOW = '\x1b[0;33m';
const RESET = '\x1b[0m';

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  flags: [],
  run(ctx) {
    if (ctx.args[0] === 'dump') return ctx.fail('error: cluster-info dump is not supported here');
    if (ctx.args.length) return ctx.usageError(`Unexpected args: [${ctx.args.join(' ')}]`);
    const url = ctx.env.serverUrl ?? 'https://10.0.0.10:6443';
    // go-colortext colours the names green and the URLs yellow on a terminal.
    const line = (name: string, link: string) =>
      ctx.env.tty
        ? `${GREEN}${name}${RESET} is running at ${YELLOW}${link}${RESET}\n`
        : `${name} is running at ${link}\n`;
    listObjects(
      ctx,
      lookupResource('services')!,
      { namespace: 'kube-system', labelSelector: 'kubernetes.io/cluster-service=true' },
      (items) => {
        let out = line('Kubernetes control plane', url);
        for (const svc of items as Service[]) {
          const name = svc.metadata?.labels?.['kubernetes.io/name'] ?? svc.metadata?.name ?? '';
          const port = svc.spec?.ports?.[0];
          const p = port?.name || String(port?.port ?? '');
          out += line(
            name,
            `${url}/api/v1/namespaces/kube-system/services/${svc.metadata?.name}:${p}/proxy`,
          );
        }
        ctx.stdout(
          `${out}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
        );
        ctx.finish(0);
      },
      (r) => {
        ctx.stderr(
          `\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\nerror: ${String((r.body as { message?: string })?.message ?? r.body)}\n`,
        );
        ctx.finish(1);
      },
    );
  },
};
