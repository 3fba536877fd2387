/**
 * `kubectl create -f FILE` and the generators: `create deployment|service|namespace|job|
 * configmap|secret generic|serviceaccount` (and the RBAC ones, ./createRbac), building the
 * objects kubectl builds.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/create/create_*.go
 */
import { isStatus } from '../../apiserver/errors';
import type { ApiResponse } from '../../apiserver/types';
import type { KubeObject } from '../../api/types';
import { int, str, strs, type FlagSpec } from '../flags';
import { toJson, toYaml } from '../output';
import { runManifests, VALIDATE_FLAG } from './apply';
import { apiError, type Command, type CommandContext } from './context';
import { lookupResource } from './resources';
import { base64 } from '../../api/secretData';
import {
  createClusterRole,
  createClusterRoleBinding,
  createRole,
  createRoleBinding,
  RBAC_FLAGS,
} from './createRbac';

const SUBCOMMAND_FLAGS: Record<string, FlagSpec[]> = {
  deployment: [
    { name: 'image', type: 'strings' },
    { name: 'replicas', short: 'r', type: 'int' },
    { name: 'port', type: 'int' },
  ],
  service: [
    { name: 'tcp', type: 'strings' },
    { name: 'node-port', type: 'int' },
    { name: 'clusterip', type: 'string' },
    { name: 'external-name', type: 'string' },
  ],
  namespace: [],
  job: [
    { name: 'image', type: 'string' },
    { name: 'from', type: 'string' },
  ],
  configmap: [
    { name: 'from-literal', type: 'strings' },
    { name: 'from-file', type: 'strings' },
  ],
  secret: [
    { name: 'from-literal', type: 'strings' },
    { name: 'type', type: 'string' },
    // corpus-apps:
    { name: 'from-file', type: 'strings' },
  ],
  serviceaccount: [],
  ...RBAC_FLAGS,
};
const ALIASES: Record<string, string> = {
  deploy: 'deployment',
  svc: 'service',
  ns: 'namespace',
  cm: 'configmap',
  sa: 'serviceaccount',
};
const COMMON: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  VALIDATE_FLAG,
];

function sub(args: string[]): string | undefined {
  const a = args.find((x) => !x.startsWith('-'));
  return a ? (ALIASES[a] ?? a) : undefined;
}

export const createCommand: Command = {
  name: 'create',
  flags: (args) => [...COMMON, ...(SUBCOMMAND_FLAGS[sub(args) ?? ''] ?? [])],
  run(ctx) {
    const files = strs(ctx.flags, 'filename');
    const [what, ...rest] = ctx.args;
    if (!what) {
      if (files.length) return runManifests(ctx, 'create', files);
      return ctx.fail('error: must specify one of -f and -k');
    }
    const kind = ALIASES[what] ?? what;
    switch (kind) {
      case 'deployment':
        return createDeployment(ctx, rest);
      case 'service':
        return createService(ctx, rest);
      case 'namespace':
      case 'serviceaccount':
        return withName(ctx, rest, (name) =>
          send(ctx, kind === 'namespace' ? 'namespaces' : 'serviceaccounts', {
            apiVersion: 'v1',
            kind: kind === 'namespace' ? 'Namespace' : 'ServiceAccount',
            metadata: { name },
          }),
        );
      case 'job':
        return createJob(ctx, rest);
      case 'configmap':
        return createConfigMap(ctx, rest);
      case 'secret':
        return createSecret(ctx, rest);
      case 'role':
        return withName(ctx, rest, (name) => createRole(ctx, name, (p, o) => send(ctx, p, o)));
      case 'clusterrole':
        return withName(ctx, rest, (name) =>
          createClusterRole(ctx, name, (p, o) => send(ctx, p, o)),
        );
      case 'rolebinding':
        return withName(ctx, rest, (name) =>
          createRoleBinding(ctx, name, (p, o) => send(ctx, p, o)),
        );
      case 'clusterrolebinding':
        // cobra checks the required flag before the command reads its NAME.
        if (str(ctx.flags, 'clusterrole') === undefined)
          return ctx.fail('error: required flag(s) "clusterrole" not set');
        return withName(ctx, rest, (name) =>
          createClusterRoleBinding(ctx, name, (p, o) => send(ctx, p, o)),
        );
    }
    ctx.fail(
      `error: unknown command "${what}" for "kubectl create"\nSee 'kubectl create -h' for help and examples`,
    );
  },
};

/** The one NAME a generator takes. */
function withName(ctx: CommandContext, rest: string[], fn: (name: string) => void): void {
  if (rest.length !== 1) {
    return ctx.usageError(`exactly one NAME is required, got ${rest.length}`);
  }
  fn(rest[0]);
}

/** POST the object and print `<type>/<name> created`, or kubectl's failure line. */
function send(ctx: CommandContext, plural: string, obj: KubeObject, failure?: string): void {
  const info = lookupResource(plural)!;
  const dryRun = str(ctx.flags, 'dry-run');
  if (dryRun !== undefined && dryRun !== 'none') {
    // --dry-run=client prints the object kubectl would send, without sending it.
    const output = str(ctx.flags, 'output');
    // The printed object is the client-side one: zero times print as null, empty status as {}.
    const body = JSON.parse(JSON.stringify(obj)) as KubeObject & {
      spec?: { template?: { metadata?: Record<string, unknown> } };
      status?: unknown;
    };
    (body.metadata as Record<string, unknown>).creationTimestamp = null;
    if (body.spec?.template?.metadata) body.spec.template.metadata.creationTimestamp = null;
    if (plural === 'deployments' || plural === 'jobs') body.status = {};
    if (plural === 'services') body.status = { loadBalancer: {} };
    if (info.namespaced && ctx.explicitNamespace) body.metadata!.namespace = ctx.namespace;
    if (output === 'yaml') ctx.stdout(toYaml(body));
    else if (output === 'json') ctx.stdout(toJson(body));
    else
      ctx.stdout(
        `${info.kubectlType}/${obj.metadata?.name} created (${dryRun === 'server' ? 'server ' : ''}dry run)\n`,
      );
    return ctx.finish(0);
  }
  ctx.request(
    {
      verb: 'create',
      resource: plural,
      namespace: info.namespaced ? ctx.namespace : undefined,
      body: obj,
    },
    (r: ApiResponse) => {
      if (r.code < 300) {
        ctx.stdout(`${info.kubectlType}/${obj.metadata?.name} created\n`);
        return ctx.finish(0);
      }
      if (failure && isStatus(r.body)) return ctx.fail(`error: ${failure}${r.body.message}`);
      ctx.fail(apiError(r));
    },
  );
}

/** `nginx:1.25` → `nginx`, `registry.k8s.io/pause:3.10` → `pause` (create_deployment.go). */
export function containerNameFor(image: string): string {
  let s = image;
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  const slash = s.lastIndexOf('/');
  if (slash >= 0) s = s.slice(slash + 1);
  const colon = s.indexOf(':');
  if (colon >= 0) s = s.slice(0, colon);
  return s.replace(/_/g, '-');
}

function createDeployment(ctx: CommandContext, rest: string[]): void {
  withName(ctx, rest, (name) => {
    const images = strs(ctx.flags, 'image');
    if (images.length === 0) return ctx.fail('error: required flag(s) "image" not set');
    const command = ctx.flags.dash;
    if (command.length && images.length > 1) {
      return ctx.fail('error: cannot specify multiple --image options and command');
    }
    const labels = { app: name };
    const used = new Map<string, number>();
    const containers = images.map((image) => {
      let cname = containerNameFor(image);
      const n = used.get(cname) ?? 0;
      used.set(cname, n + 1);
      if (n > 0) cname = `${cname}-${n}`;
      return {
        name: cname,
        image,
        ...(command.length ? { command } : {}),
        resources: {},
      } as Record<string, unknown>;
    });
    const port = int(ctx.flags, 'port');
    if (port !== undefined && port >= 0) containers[0].ports = [{ containerPort: port }];
    const replicas = int(ctx.flags, 'replicas') ?? 1;
    send(
      ctx,
      'deployments',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          strategy: {},
          template: { metadata: { labels }, spec: { containers } },
        },
      } as KubeObject,
      'failed to create deployment: ',
    );
  });
}

const SERVICE_TYPES: Record<string, string> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  externalname: 'ExternalName',
};

function createService(ctx: CommandContext, rest: string[]): void {
  const [variant, ...names] = rest;
  const type = SERVICE_TYPES[variant ?? ''];
  if (!type) {
    return ctx.fail(
      `error: Unexpected args: [${rest.join(' ')}]\nSee 'kubectl create service -h' for help and examples`,
    );
  }
  withName(ctx, names, (name) => {
    const tcp = strs(ctx.flags, 'tcp');
    const clusterIP = str(ctx.flags, 'clusterip');
    if (clusterIP === 'None' && type !== 'ClusterIP') {
      return ctx.fail('error: ClusterIP=None can only be used with ClusterIP service type');
    }
    if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') {
      return ctx.fail('error: at least one tcp port specifier must be provided');
    }
    const nodePort = int(ctx.flags, 'node-port');
    const ports = [];
    for (const spec of tcp) {
      const [p, t] = spec.split(':');
      const port = Number(p);
      if (!/^\d+$/.test(p) || (t !== undefined && t === '')) {
        return ctx.fail(`error: strconv.Atoi: parsing "${p}": invalid syntax`);
      }
      const target = t === undefined ? port : /^\d+$/.test(t) ? Number(t) : t;
      ports.push({
        name: spec.replace(/:/g, '-'),
        port,
        protocol: 'TCP',
        targetPort: target,
        ...(nodePort ? { nodePort } : {}),
      });
    }
    const labels = { app: name };
    send(
      ctx,
      'services',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, labels },
        spec: {
          ports,
          selector: labels,
          type,
          ...(clusterIP ? { clusterIP } : {}),
          ...(type === 'ExternalName' ? { externalName: str(ctx.flags, 'external-name') } : {}),
        },
      } as KubeObject,
      `failed to create ${type} service: `,
    );
  });
}

function createJob(ctx: CommandContext, rest: string[]): void {
  withName(ctx, rest, (name) => {
    const image = str(ctx.flags, 'image');
    if (str(ctx.flags, 'from')) return ctx.fail('error: --from is not supported in this cluster');
    if (!image) return ctx.fail('error: either --image or --from must be specified');
    const command = ctx.flags.dash;
    send(
      ctx,
      'jobs',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          template: {
            metadata: {},
            spec: {
              containers: [{ name, image, ...(command.length ? { command } : {}), resources: {} }],
              restartPolicy: 'Never',
            },
          },
        },
      } as KubeObject,
      'failed to create job: ',
    );
  });
}

/** `--from-literal=key=value` pairs, or kubectl's error. */
function literals(ctx: CommandContext): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const lit of strs(ctx.flags, 'from-literal')) {
    const eq = lit.indexOf('=');
    if (eq <= 0) {
      ctx.fail(`error: invalid literal source ${lit}, expected key=value`);
      return undefined;
    }
    data[lit.slice(0, eq)] = lit.slice(eq + 1);
  }
  // corpus-apps: `--from-file=[key=]path`, the key defaulting to the file's base name (k8s:
  // kubectl create_configmap.go handleConfigMapFromFileSources).
  for (const src of strs(ctx.flags, 'from-file')) {
    const eq = src.indexOf('=');
    const path = eq < 0 ? src : src.slice(eq + 1);
    const key = eq < 0 ? path.slice(path.lastIndexOf('/') + 1) : src.slice(0, eq);
    const text = ctx.env.readFile?.(path);
    if (text === undefined) {
      ctx.fail(`error: error reading ${path}: no such file or directory`);
      return undefined;
    }
    data[key] = text;
  }
  return data;
}

function createConfigMap(ctx: CommandContext, rest: string[]): void {
  withName(ctx, rest, (name) => {
    const data = literals(ctx);
    if (!data) return;
    send(
      ctx,
      'configmaps',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name },
        ...(Object.keys(data).length ? { data } : {}),
      } as KubeObject,
      'failed to create configmap: ',
    );
  });
}

function createSecret(ctx: CommandContext, rest: string[]): void {
  const [variant, ...names] = rest;
  if (variant !== 'generic') {
    return ctx.fail(
      variant
        ? `error: unknown command "${variant}" for "kubectl create secret"\n\nDid you mean this?\n\tgeneric\n`
        : 'error: Required subcommand not specified: use one of docker-registry, generic, tls',
    );
  }
  withName(ctx, names, (name) => {
    const data = literals(ctx);
    if (!data) return;
    const encoded: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) encoded[k] = base64(v);
    send(
      ctx,
      'secrets',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name },
        type: str(ctx.flags, 'type') ?? 'Opaque',
        ...(Object.keys(encoded).length ? { data: encoded } : {}),
      } as KubeObject,
      // k8s: create_secret.go wraps the error without a colon.
      'failed to create secret ',
    );
  });
}
