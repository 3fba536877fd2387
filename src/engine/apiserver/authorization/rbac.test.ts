import { describe, expect, it } from 'vitest';
import {
  authorize,
  forbiddenMessage,
  impersonatedUser,
  ruleAllows,
  type Attributes,
  type Binding,
  type PolicyRule,
  type RbacObjects,
} from './rbac';

const jane = { username: 'jane', groups: ['system:authenticated'] };
const get = (over: Partial<Attributes> = {}): Attributes => ({
  user: jane,
  verb: 'get',
  resourceRequest: true,
  apiGroup: '',
  resource: 'pods',
  namespace: 'default',
  name: 'web',
  ...over,
});

function objects(
  crbs: Binding[],
  rbs: Record<string, Binding[]>,
  clusterRoles: Record<string, PolicyRule[]>,
  roles: Record<string, PolicyRule[]> = {},
): RbacObjects {
  return {
    clusterRoleBindings: () => crbs,
    roleBindings: (ns) => rbs[ns] ?? [],
    clusterRole: (name) => (clusterRoles[name] ? { rules: clusterRoles[name] } : undefined),
    role: (ns, name) => (roles[`${ns}/${name}`] ? { rules: roles[`${ns}/${name}`] } : undefined),
  };
}

describe('RBAC RuleAllows', () => {
  it('matches verbs, groups, resources with subresources, names and wildcards', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] };
    expect(ruleAllows(get(), rule)).toBe(true);
    expect(ruleAllows(get({ verb: 'delete' }), rule)).toBe(false);
    expect(ruleAllows(get({ apiGroup: 'apps' }), rule)).toBe(false);
    expect(ruleAllows(get({ subresource: 'log' }), rule)).toBe(true);
    expect(ruleAllows(get({ subresource: 'exec' }), rule)).toBe(false);
    expect(ruleAllows(get({ subresource: 'status' }), { ...rule, resources: ['*/status'] })).toBe(
      true,
    );
    expect(ruleAllows(get(), { ...rule, resourceNames: ['db'] })).toBe(false);
    expect(ruleAllows(get({ name: 'db' }), { ...rule, resourceNames: ['db'] })).toBe(true);
    expect(ruleAllows(get(), { verbs: ['*'], apiGroups: ['*'], resources: ['*'] })).toBe(true);
  });

  it('matches non-resource URLs exactly or by a trailing *', () => {
    const url = (path: string): Attributes => ({
      user: jane,
      verb: 'get',
      resourceRequest: false,
      path,
    });
    const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/api/*'] };
    expect(ruleAllows(url('/healthz'), rule)).toBe(true);
    expect(ruleAllows(url('/healthz/etcd'), rule)).toBe(false);
    expect(ruleAllows(url('/api/v1'), rule)).toBe(true);
  });
});

describe('RBAC Authorize', () => {
  const readPods = [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }];

  it('allows through a RoleBinding in the namespace only, naming the binding', () => {
    const o = objects(
      [],
      {
        default: [
          {
            metadata: { name: 'read', namespace: 'default' },
            roleRef: { kind: 'Role', name: 'reader' },
            subjects: [{ kind: 'User', name: 'jane' }],
          },
        ],
      },
      {},
      { 'default/reader': readPods },
    );
    expect(authorize(get(), o)).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "read/default" of Role "reader" to User "jane"',
    });
    expect(authorize(get({ namespace: 'kube-system' }), o)).toEqual({ allowed: false, reason: '' });
  });

  it('says which role a binding names that does not exist', () => {
    const o = objects(
      [
        {
          metadata: { name: 'b' },
          roleRef: { kind: 'ClusterRole', name: 'gone' },
          subjects: [{ kind: 'Group', name: 'system:authenticated' }],
        },
      ],
      {},
      {},
    );
    expect(authorize(get(), o)).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    });
  });

  it("binds a service account subject by its namespace, defaulting to the binding's", () => {
    const sa = impersonatedUser('system:serviceaccount:ci:deployer', []);
    expect(sa.groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:ci',
      'system:authenticated',
    ]);
    const o = objects(
      [],
      {
        ci: [
          {
            metadata: { name: 'deploy', namespace: 'ci' },
            roleRef: { kind: 'ClusterRole', name: 'view' },
            subjects: [{ kind: 'ServiceAccount', name: 'deployer' }],
          },
        ],
      },
      { view: readPods },
    );
    expect(authorize(get({ user: sa, namespace: 'ci' }), o).reason).toBe(
      'RBAC: allowed by RoleBinding "deploy/ci" of ClusterRole "view" to ServiceAccount "deployer/ci"',
    );
    expect(authorize(get({ user: jane, namespace: 'ci' }), o).allowed).toBe(false);
  });

  it("words a refusal as kube-apiserver's forbidden message", () => {
    expect(forbiddenMessage(get({ verb: 'list', name: '' }))).toBe(
      'User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(forbiddenMessage(get({ resource: 'nodes', namespace: '' }))).toBe(
      'User "jane" cannot get resource "nodes" in API group "" at the cluster scope',
    );
  });
});
