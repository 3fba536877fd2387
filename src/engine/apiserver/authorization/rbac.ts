/**
 * The RBAC authorizer: whether a user's ClusterRoleBindings (and RoleBindings in the request's
 * namespace) grant a rule that covers the request, and the reason kube-apiserver gives.
 * k/k: plugin/pkg/auth/authorizer/rbac/rbac.go (Authorize, RuleAllows, RulesFor),
 * pkg/registry/rbac/validation/rule.go (VisitRulesFor, appliesTo, the binding describers),
 * pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, ResourceMatches, NonResourceURLMatches).
 * The real listers return bindings in no fixed order; here they are visited by name, so the first
 * binding named in an "allowed by" reason is always the same one.
 */
import type { UserInfo } from '../types';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Binding {
  metadata?: { name?: string; namespace?: string };
  roleRef: { kind: string; name: string };
  subjects?: Subject[] | null;
}

/** What the authorizer reads: the bindings and roles as the API server's informers hold them. */
export interface RbacObjects {
  clusterRoleBindings(): Binding[];
  roleBindings(namespace: string): Binding[];
  clusterRole(name: string): { rules?: PolicyRule[] | null } | undefined;
  role(namespace: string, name: string): { rules?: PolicyRule[] | null } | undefined;
}

/** authorizer.Attributes: a resource request, or a non-resource one (`path`). */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount')
    return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

function appliesToUser(user: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return user.username === s.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || namespace;
      return ns !== '' && user.username === `system:serviceaccount:${ns}:${s.name}`;
    }
    default:
      return false;
  }
}

/**
 * VisitRulesFor: every rule the user's bindings grant, with the binding that grants it; a
 * binding whose role is missing visits the error instead. The visitor returns false to stop.
 */
export function visitRulesFor(
  user: UserInfo,
  namespace: string,
  objects: RbacObjects,
  visit: (source: string | undefined, rule: PolicyRule | undefined, error?: string) => boolean,
): void {
  const byName = (a: Binding, b: Binding) =>
    (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  for (const b of [...objects.clusterRoleBindings()].sort(byName)) {
    const subject = (b.subjects ?? []).find((s) => appliesToUser(user, s, ''));
    if (!subject) continue;
    const role = objects.clusterRole(b.roleRef.name);
    if (!role) {
      if (
        !visit(
          undefined,
          undefined,
          `clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`,
        )
      )
        return;
      continue;
    }
    const source = `ClusterRoleBinding "${b.metadata?.name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(subject, '')}`;
    for (const rule of role.rules ?? []) if (!visit(source, rule)) return;
  }
  if (!namespace) return;
  for (const b of [...objects.roleBindings(namespace)].sort(byName)) {
    const subject = (b.subjects ?? []).find((s) => appliesToUser(user, s, namespace));
    if (!subject) continue;
    const cluster = b.roleRef.kind === 'ClusterRole';
    const role = cluster
      ? objects.clusterRole(b.roleRef.name)
      : objects.role(namespace, b.roleRef.name);
    if (!role) {
      const error = `${cluster ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io "${b.roleRef.name}" not found`;
      if (!visit(undefined, undefined, error)) return;
      continue;
    }
    const source = `RoleBinding "${b.metadata?.name}/${namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(subject, namespace)}`;
    for (const rule of role.rules ?? []) if (!visit(source, rule)) return;
  }
}

const has = (xs: string[] | undefined, x: string) => (xs ?? []).includes(x);

/** RuleAllows with the evaluation helpers' matching of verbs, groups, resources, names, URLs. */
export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, '*') && !has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    const path = a.path ?? '';
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
    );
  }
  const group = a.apiGroup ?? '';
  if (!has(rule.apiGroups, '*') && !has(rule.apiGroups, group)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '');
  const resources = rule.resources ?? [];
  const resourceOk = resources.some(
    (r) =>
      r === '*' ||
      r === combined ||
      (a.subresource !== undefined && a.subresource !== '' && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  return !rule.resourceNames?.length || has(rule.resourceNames, a.name ?? '');
}

/** RBACAuthorizer.Authorize: allowed with the granting binding, or no opinion with any errors. */
export function authorize(a: Attributes, objects: RbacObjects): Decision {
  // The privileged group's authorizer comes first in kube-apiserver's chain.
  if (a.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  let reason = '';
  const errors: string[] = [];
  let allowed = false;
  visitRulesFor(a.user, a.namespace ?? '', objects, (source, rule, error) => {
    if (rule && ruleAllows(a, rule)) {
      allowed = true;
      reason = `RBAC: allowed by ${source}`;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (allowed) return { allowed, reason };
  // utilerrors.NewAggregate: one error as is, several as `[a, b]`.
  const aggregate = errors.length === 1 ? errors[0] : errors.length ? `[${errors.join(', ')}]` : '';
  return { allowed: false, reason: aggregate ? `RBAC: ${aggregate}` : '' };
}

/** RulesFor: every rule the user holds in the namespace (SelfSubjectRulesReview's status). */
export function rulesFor(
  user: UserInfo,
  namespace: string,
  objects: RbacObjects,
): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(user, namespace, objects, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/** The groups an impersonated user gets (k/k: endpoints/filters/impersonation.go). */
export function impersonatedUser(username: string, groups: string[]): UserInfo {
  const sa = /^system:serviceaccount:([^:]+):[^:]+$/.exec(username);
  const out = groups.length
    ? [...groups]
    : sa
      ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`]
      : [];
  if (
    username !== 'system:anonymous' &&
    !out.includes('system:authenticated') &&
    !out.includes('system:unauthenticated')
  )
    out.push('system:authenticated');
  return { username, groups: out };
}

/** forbiddenMessage (k/k: endpoints/handlers/responsewriters/errors.go). */
export function forbiddenMessage(a: Attributes): string {
  const who = `User "${a.user.username}"`;
  if (!a.resourceRequest) return `${who} cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${who} cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup ?? ''}" ${where}`;
}
