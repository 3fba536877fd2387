/**
 * `kubectl create role|clusterrole|rolebinding|clusterrolebinding`: the RBAC generators, with
 * kubectl's own checks and texts (the resource names resolved through discovery, one rule per API
 * group, subjects in the order users, groups, service accounts).
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/create/create_role.go, create_clusterrole.go,
 * create_rolebinding.go, create_clusterrolebinding.go
 */
import type { KubeObject } from '../../api/types';
import { str, strs, type FlagSpec } from '../flags';
import type { CommandContext } from './context';
import { lookupResource } from './resources';

const RBAC = 'rbac.authorization.k8s.io';

const ROLE_FLAGS: FlagSpec[] = [
  { name: 'verb', type: 'strings' },
  { name: 'resource', type: 'strings' },
  { name: 'resource-name', type: 'strings' },
];
const BINDING_FLAGS: FlagSpec[] = [
  { name: 'clusterrole', type: 'string' },
  { name: 'user', type: 'strings' },
  { name: 'group', type: 'strings' },
  { name: 'serviceaccount', type: 'strings' },
];

export const RBAC_FLAGS: Record<string, FlagSpec[]> = {
  role: ROLE_FLAGS,
  clusterrole: [
    ...ROLE_FLAGS,
    { name: 'non-resource-url', type: 'strings' },
    { name: 'aggregation-rule', type: 'strings' },
  ],
  rolebinding: [...BINDING_FLAGS, { name: 'role', type: 'string' }],
  clusterrolebinding: BINDING_FLAGS,
};

/** The verbs `create role` knows; any other draws a warning (create_role.go validResourceVerbs). */
const RESOURCE_VERBS = [
  '*',
  'get',
  'delete',
  'list',
  'create',
  'update',
  'patch',
  'watch',
  'proxy',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
];
/** create_clusterrole.go validNonResourceVerbs. */
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
/** Verbs that apply to some resources only (create_role.go specialVerbs). */
const SPECIAL_VERBS: Record<string, string[]> = {
  use: ['podsecuritypolicies.policy', 'podsecuritypolicies.extensions'],
  bind: [`roles.${RBAC}`, `clusterroles.${RBAC}`],
  escalate: [`roles.${RBAC}`, `clusterroles.${RBAC}`],
  impersonate: ['users.', 'serviceaccounts.', 'groups.', 'userextras.authentication.k8s.io'],
};

interface ResourceOption {
  group: string;
  resource: string;
  subresource: string;
}

/** StringSlice flags split their values on commas (pflag's CSV reading). */
const slice = (ctx: CommandContext, name: string) =>
  strs(ctx.flags, name).flatMap((v) => v.split(','));
const unique = (xs: string[]) => [...new Set(xs)];

/** `resource[.group][/subresource]`, a lone `*` standing for all (create_role.go Complete). */
function resourceOptions(ctx: CommandContext): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of slice(ctx, 'resource')) {
    const [main, subresource = ''] = splitN(r, '/');
    const [resource, group = ''] = splitN(main, '.');
    if (resource === '*' && !main.includes('.') && !r.includes('/'))
      return [{ group, resource, subresource }];
    out.push({ group, resource, subresource });
  }
  return out;
}

function splitN(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** The RESTMapper's ResourceFor: the full plural and group, or the error kubectl prints. */
function resourceFor(r: ResourceOption): { resource: string; group: string; error?: string } {
  const info = lookupResource(r.group ? `${r.resource}.${r.group}` : r.resource);
  if (info) return { resource: info.plural, group: info.group };
  return {
    resource: r.resource,
    group: r.group,
    error: r.group
      ? `the server doesn't have a resource type "${r.resource}" in group "${r.group}"`
      : `the server doesn't have a resource type "${r.resource}"`,
  };
}

/** create_role.go validateResource: the first error, if any. */
function validateResources(resources: ResourceOption[], verbs: string[]): string | undefined {
  for (const r of resources) {
    if (!r.resource) return 'error: resource must be specified if apiGroup/subresource specified';
    if (r.resource === '*') return undefined;
    const mapped = resourceFor(r);
    let error = mapped.error;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.includes(`${mapped.resource}.${mapped.group}`))
        return `error: can not perform '${v}' on '${mapped.resource}' in group '${mapped.group}'`;
      error = undefined;
    }
    if (error) return error;
  }
  return undefined;
}

/** generateResourcePolicyRules: one rule per API group, the groups sorted. */
function policyRules(
  verbs: string[],
  resources: ResourceOption[],
  resourceNames: string[],
  nonResourceURLs: string[],
): Record<string, unknown>[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const mapped = resourceFor(r);
    const name = r.subresource ? `${mapped.resource}/${r.subresource}` : mapped.resource;
    const list = byGroup.get(mapped.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(mapped.group, list);
  }
  const rules: Record<string, unknown>[] = [...byGroup.keys()].sort().map((g) => ({
    apiGroups: [g],
    resources: byGroup.get(g),
    verbs,
    ...(resourceNames.length ? { resourceNames } : {}),
  }));
  if (nonResourceURLs.length) rules.push({ nonResourceURLs, verbs });
  return rules;
}

/** The verbs given, `*` replacing all of them (create_role.go Complete). */
function verbsOf(ctx: CommandContext): string[] {
  const verbs = unique(slice(ctx, 'verb'));
  return verbs.includes('*') ? ['*'] : verbs;
}

/** Warnings for verbs `create role` does not know, on stderr as kubectl prints them. */
function warnVerbs(ctx: CommandContext, verbs: string[]): void {
  for (const v of verbs)
    if (!RESOURCE_VERBS.includes(v))
      ctx.stderr(`Warning: '${v}' is not a standard resource verb\n`);
}

type Send = (plural: string, obj: KubeObject) => void;

export function createRole(ctx: CommandContext, name: string, send: Send): void {
  const verbs = verbsOf(ctx);
  if (!verbs.length) return ctx.fail('error: at least one verb must be specified');
  warnVerbs(ctx, verbs);
  const resources = resourceOptions(ctx);
  if (!resources.length) return ctx.fail('error: at least one resource must be specified');
  const error = validateResources(resources, verbs);
  if (error) return ctx.fail(error);
  const names = unique(strs(ctx.flags, 'resource-name'));
  send('roles', {
    apiVersion: `${RBAC}/v1`,
    kind: 'Role',
    metadata: { name },
    rules: policyRules(verbs, resources, names, []),
  } as KubeObject);
}

export function createClusterRole(ctx: CommandContext, name: string, send: Send): void {
  const verbs = verbsOf(ctx);
  const resources = resourceOptions(ctx);
  const names = unique(strs(ctx.flags, 'resource-name'));
  const urls = unique(slice(ctx, 'non-resource-url'));
  const aggregation: Record<string, string> = {};
  for (const pair of slice(ctx, 'aggregation-rule')) {
    const eq = pair.indexOf('=');
    if (eq < 0)
      return ctx.fail(
        `error: invalid argument "${pair}" for "--aggregation-rule" flag: ${pair} must be formatted as key=value`,
      );
    aggregation[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (Object.keys(aggregation).length) {
    if (urls.length || verbs.length || resources.length || names.length)
      return ctx.fail(
        'error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames',
      );
    return send('clusterroles', {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name },
      // ClusterRole.rules has no omitempty: kubectl sends (and prints) `rules: null`.
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregation }] },
    } as KubeObject);
  }
  if (!verbs.length) return ctx.fail('error: at least one verb must be specified');
  if (!resources.length && !urls.length)
    return ctx.fail('error: one of resource or nonResourceURL must be specified');
  if (resources.length) {
    warnVerbs(ctx, verbs);
    const error = validateResources(resources, verbs);
    if (error) return ctx.fail(error);
  }
  if (urls.length) {
    const bad = verbs.find((v) => !NON_RESOURCE_VERBS.includes(v));
    if (bad) return ctx.fail(`error: invalid verb: '${bad}' for nonResourceURL`);
    for (const url of urls) {
      if (url === '*') continue;
      if (!url.startsWith('/')) return ctx.fail('error: nonResourceURL should start with /');
      if (url.slice(0, -1).includes('*'))
        return ctx.fail(
          "error: nonResourceURL only supports wildcard matches when '*' is at the end",
        );
    }
  }
  send('clusterroles', {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name },
    rules: policyRules(verbs, resources, names, urls),
  } as KubeObject);
}

/** The subjects of a binding, or kubectl's error for a malformed service account. */
function subjects(ctx: CommandContext): Record<string, string>[] | undefined {
  const out: Record<string, string>[] = [
    ...strs(ctx.flags, 'user').map((n) => ({ apiGroup: RBAC, kind: 'User', name: n })),
    ...strs(ctx.flags, 'group').map((n) => ({ apiGroup: RBAC, kind: 'Group', name: n })),
  ];
  for (const sa of strs(ctx.flags, 'serviceaccount')) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[1]) {
      ctx.fail('error: serviceaccount must be <namespace>:<name>');
      return undefined;
    }
    out.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return out;
}

export function createRoleBinding(ctx: CommandContext, name: string, send: Send): void {
  const role = str(ctx.flags, 'role') ?? '';
  const clusterRole = str(ctx.flags, 'clusterrole') ?? '';
  if (!role === !clusterRole)
    return ctx.fail('error: exactly one of clusterrole or role must be specified');
  const subs = subjects(ctx);
  if (!subs) return;
  send('rolebindings', {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC, kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole },
    ...(subs.length ? { subjects: subs } : {}),
  } as KubeObject);
}

export function createClusterRoleBinding(ctx: CommandContext, name: string, send: Send): void {
  const clusterRole = str(ctx.flags, 'clusterrole');
  if (clusterRole === undefined) return ctx.fail('error: required flag(s) "clusterrole" not set');
  const subs = subjects(ctx);
  if (!subs) return;
  send('clusterrolebindings', {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: clusterRole },
    ...(subs.length ? { subjects: subs } : {}),
  } as KubeObject);
}
