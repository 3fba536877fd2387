/**
 * hpa: `kubectl top pod|node` (k8s: staging/src/k8s.io/kubectl/pkg/cmd/top/top_pod.go,
 * top_node.go and metricsutil/metrics_printer.go, v1.31): reads metrics.k8s.io through the API
 * server (proxied to metrics-server) and prints CPU in millicores and memory in MiB. Without
 * metrics-server: `error: Metrics API not available`.
 */
import { cpuMillis, memoryBytes } from '../../api/quantity';
import type { KubeObject, Node } from '../../api/types';
import type { Stored, StoredObject } from '../../api/stored';
import type { ApiResponse } from '../../apiserver/types';
import { str, type FlagSpec } from '../flags';
import { tabwrite } from '../table';
import { apiError, type Command, type CommandContext } from './context';

const FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'containers', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
];

/** metrics_printer.go: every cell ends in a tab, so even the last column is padded. */
const TOP_TABWRITER = { minwidth: 0, padding: 3 };

interface Usage {
  cpu: number;
  mem: number;
}
const cpuCell = (u: Usage) => `${u.cpu}m`;
const memCell = (u: Usage) => `${Math.floor(u.mem / (1024 * 1024))}Mi`;
const usageOf = (u: Record<string, string> | undefined): Usage => ({
  cpu: cpuMillis(u?.cpu ?? '0'),
  mem: memoryBytes(u?.memory ?? '0'),
});

/** The Metrics API answered that it is not there (no APIService, or its server is down). */
function metricsMissing(ctx: CommandContext, r: ApiResponse): boolean {
  if (r.code !== 404 && r.code !== 503) return false;
  ctx.fail('error: Metrics API not available');
  return true;
}

function print(ctx: CommandContext, rows: string[][]): void {
  const lines = ctx.flags.bools.has('no-headers') ? rows.slice(1) : rows;
  ctx.stdout(
    tabwrite(lines.map((r) => r.map((c) => `${c}\t`).join('') + '\n').join(''), TOP_TABWRITER),
  );
  ctx.finish(0);
}

function topPods(ctx: CommandContext): void {
  const all = ctx.flags.bools.has('all-namespaces');
  const containers = ctx.flags.bools.has('containers');
  const name = ctx.args[1];
  ctx.request(
    {
      verb: name ? 'get' : 'list',
      resource: 'pods',
      group: 'metrics.k8s.io',
      namespace: all ? undefined : ctx.namespace,
      name,
      labelSelector: str(ctx.flags, 'selector'),
    },
    (r) => {
      if (metricsMissing(ctx, r)) return;
      if (r.code !== 200) {
        if (name && r.code === 404)
          return ctx.fail(`error: podmetrics.metrics.k8s.io "${name}" not found`);
        return ctx.fail(apiError(r));
      }
      const body = r.body as KubeObject & { items?: KubeObject[] };
      // A PodMetrics read from the API is named after its pod, in its namespace.
      const items = (name ? [body] : (body.items ?? [])) as (KubeObject &
        StoredObject & {
          containers: { name: string; usage: Record<string, string> }[];
        })[];
      if (!items.length) {
        // k8s: verifyEmptyMetrics — pods that exist but have no sample yet.
        return ctx.request(
          { verb: 'list', resource: 'pods', namespace: all ? undefined : ctx.namespace },
          (pods) => {
            const n = ((pods.body as { items?: unknown[] })?.items ?? []).length;
            if (n > 0) return ctx.fail('error: metrics not available yet');
            ctx.stderr(
              all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`,
            );
            ctx.finish(0);
          },
        );
      }
      items.sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace}/${b.metadata.name}`,
        ),
      );
      const head = [
        ...(all ? ['NAMESPACE'] : []),
        ...(containers ? ['POD'] : []),
        'NAME',
        'CPU(cores)',
        'MEMORY(bytes)',
      ];
      const rows: string[][] = [head];
      for (const m of items) {
        const prefix = all ? [m.metadata.namespace!] : [];
        if (containers) {
          for (const c of m.containers) {
            const u = usageOf(c.usage);
            rows.push([...prefix, m.metadata.name, c.name, cpuCell(u), memCell(u)]);
          }
          continue;
        }
        const sum = { cpu: 0, mem: 0 };
        for (const c of m.containers) {
          const u = usageOf(c.usage);
          sum.cpu += u.cpu;
          sum.mem += u.mem;
        }
        rows.push([...prefix, m.metadata.name, cpuCell(sum), memCell(sum)]);
      }
      print(ctx, rows);
    },
  );
}

function topNodes(ctx: CommandContext): void {
  const name = ctx.args[1];
  const selector = str(ctx.flags, 'selector');
  ctx.request(
    {
      verb: name ? 'get' : 'list',
      resource: 'nodes',
      group: 'metrics.k8s.io',
      name,
      labelSelector: selector,
    },
    (r) => {
      if (metricsMissing(ctx, r)) return;
      if (r.code !== 200) return ctx.fail(apiError(r));
      const body = r.body as KubeObject & { items?: KubeObject[] };
      const metrics = (name ? [body] : (body.items ?? [])) as (KubeObject &
        StoredObject & {
          usage: Record<string, string>;
        })[];
      ctx.request(
        { verb: name ? 'get' : 'list', resource: 'nodes', name, labelSelector: selector },
        (nr) => {
          if (nr.code !== 200) return ctx.fail(apiError(nr));
          const nb = nr.body as Node & { items?: Node[] };
          const nodes = (name ? [nb] : (nb.items ?? [])) as Stored<Node>[];
          const rows: string[][] = [['NAME', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%']];
          const byName = new Map(metrics.map((m) => [m.metadata.name, m]));
          const missing: string[] = [];
          for (const n of nodes) {
            const m = byName.get(n.metadata.name);
            if (!m) {
              missing.push(n.metadata.name);
              continue;
            }
            const u = usageOf(m.usage);
            const alloc = n.status?.allocatable ?? {};
            const cpuPct = Math.trunc((u.cpu * 100) / Math.max(1, cpuMillis(alloc.cpu ?? '1')));
            const memPct = Math.trunc(
              (u.mem * 100) / Math.max(1, memoryBytes(alloc.memory ?? '1')),
            );
            rows.push([n.metadata.name, cpuCell(u), `${cpuPct}%`, memCell(u), `${memPct}%`]);
          }
          // k8s: top_node.go prints nodes without metrics as <unknown>.
          for (const m of missing)
            rows.push([m, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
          print(ctx, rows);
        },
      );
    },
  );
}

export const topCommand: Command = {
  name: 'top',
  flags: FLAGS,
  run(ctx) {
    const what = ctx.args[0];
    if (what === 'pod' || what === 'pods' || what === 'po') return topPods(ctx);
    if (what === 'node' || what === 'nodes' || what === 'no') return topNodes(ctx);
    ctx.stdout(`Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`);
    ctx.finish(0);
  },
};
