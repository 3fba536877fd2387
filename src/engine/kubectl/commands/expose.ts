/**
 * `kubectl expose deployment|pod|service|replicaset NAME --port=80 [--target-port] [--type]
 * [--name] [--protocol] [--selector]`: a Service selecting what the object selects.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go, pkg/polymorphichelpers
 */
import type { KubeObject } from '../../api/types';
import { str, type FlagSpec } from '../flags';
import { apiError, type Command, type CommandContext } from './context';
import { getObject, lookupResource, singleResource } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'port', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'external-ip', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'filename', short: 'f', type: 'strings' },
];

interface PortInfo {
  port: number;
  protocol: string;
}

/** The selector and container ports of what is exposed (polymorphichelpers). */
function introspect(obj: KubeObject): {
  selector?: Record<string, string>;
  ports: PortInfo[];
  error?: string;
} {
  const portsOf = (containers: { ports?: { containerPort: number; protocol?: string }[] }[] = []) =>
    containers.flatMap((c) =>
      (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
    );
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  switch (obj.kind) {
    case 'Pod':
      return { selector: obj.metadata?.labels, ports: portsOf(spec.containers as never) };
    case 'Service':
      return {
        selector: spec.selector as Record<string, string>,
        ports: ((spec.ports as { port: number; protocol?: string }[]) ?? []).map((p) => ({
          port: p.port,
          protocol: p.protocol ?? 'TCP',
        })),
      };
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = spec.selector as {
        matchLabels?: Record<string, string>;
        matchExpressions?: unknown[];
      };
      if (sel?.matchExpressions?.length) {
        return {
          ports: [],
          error: `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`,
        };
      }
      const tmpl = spec.template as { spec?: { containers?: never } } | undefined;
      return { selector: sel?.matchLabels, ports: portsOf(tmpl?.spec?.containers) };
    }
  }
  return { ports: [], error: `cannot expose a ${obj.kind}` };
}

function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const [k, v] = part.split('=');
    if (k) out[k] = v ?? '';
  }
  return out;
}

export const exposeCommand: Command = {
  name: 'expose',
  flags: FLAGS,
  run(ctx) {
    const target = singleResource(ctx.args);
    if ('error' in target) {
      return ctx.fail(
        ctx.args.length === 0
          ? `error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`
          : target.error.startsWith('error:')
            ? target.error
            : `error: ${target.error}`,
      );
    }
    const { info, name } = target;
    if (!['Pod', 'Service', 'Deployment', 'ReplicaSet'].includes(info.kind)) {
      return ctx.fail(`error: cannot expose a ${info.kind}`);
    }
    getObject(
      ctx,
      info,
      ctx.namespace,
      name,
      (obj) => expose(ctx, obj),
      (r) => ctx.fail(apiError(r)),
    );
  },
};

function expose(ctx: CommandContext, obj: KubeObject): void {
  const found = introspect(obj);
  if (found.error) return ctx.fail(`error: ${found.error}`);
  const selectorFlag = str(ctx.flags, 'selector');
  const selector = selectorFlag ? parseSelector(selectorFlag) : found.selector;
  if (!selector || Object.keys(selector).length === 0) {
    return ctx.fail(
      `error: couldn't retrieve selectors via --selector flag or introspection: the ${(obj.kind ?? '').toLowerCase()} has no labels\nSee 'kubectl expose -h' for help and examples`,
    );
  }
  const portFlag = str(ctx.flags, 'port');
  const protocolFlag = str(ctx.flags, 'protocol');
  let ports: PortInfo[] = portFlag
    ? portFlag.split(',').map((p) => ({ port: Number(p), protocol: protocolFlag ?? 'TCP' }))
    : found.ports.map((p) => ({ ...p, protocol: protocolFlag ?? p.protocol }));
  if (ports.length === 0) {
    return ctx.fail(
      `error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`,
    );
  }
  if (ports.some((p) => !Number.isInteger(p.port))) {
    return ctx.fail(`error: strconv.Atoi: parsing "${portFlag}": invalid syntax`);
  }
  const targetFlag = str(ctx.flags, 'target-port');
  ports = ports.slice();
  const servicePorts = ports.map((p, i) => ({
    ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
    port: p.port,
    protocol: p.protocol,
    targetPort: targetFlag ? (/^\d+$/.test(targetFlag) ? Number(targetFlag) : targetFlag) : p.port,
  }));
  const name = str(ctx.flags, 'name') ?? obj.metadata?.name ?? '';
  const labelsFlag = str(ctx.flags, 'labels');
  const labels = labelsFlag ? parseSelector(labelsFlag) : obj.metadata?.labels;
  const type = str(ctx.flags, 'type');
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: {
      ports: servicePorts,
      selector,
      ...(type ? { type } : {}),
      ...(str(ctx.flags, 'cluster-ip') ? { clusterIP: str(ctx.flags, 'cluster-ip') } : {}),
      ...(str(ctx.flags, 'external-ip') ? { externalIPs: [str(ctx.flags, 'external-ip')] } : {}),
    },
  } as KubeObject;
  const svcInfo = lookupResource('services')!;
  ctx.request(
    { verb: 'create', resource: 'services', namespace: ctx.namespace, body: service },
    (r) => {
      if (r.code >= 300) return ctx.fail(apiError(r));
      ctx.stdout(`${svcInfo.kubectlType}/${name} exposed\n`);
      ctx.finish(0);
    },
  );
}
