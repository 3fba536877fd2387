/**
 * The bootstrap RBAC roles and the clusterrole-aggregation controller (k/k: pkg/controller/
 * clusterroleaggregation): view, edit and admin hold what the aggregate-to-* roles grant, and a
 * learner's labelled role (access/endpoints-aggregated.yaml) widens edit and admin.
 */
import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';
import { objectsOf } from '../testing/testCluster';

const roleNamed = (c: Cluster, name: string) =>
  objectsOf<KubeObject>(c, 'ClusterRole').find(
    (r) => r.metadata?.name === name,
  ) as unknown as ClusterRole;

describe('bootstrap ClusterRoles and their aggregation', () => {
  it('lists cluster-admin, admin, edit and view, with the aggregated rules', () => {
    const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 5 }).start();
    const names = kubectlSync(c, 'get clusterroles -o name').stdout;
    for (const n of ['admin', 'cluster-admin', 'edit', 'view', 'system:kube-scheduler'])
      expect(names).toContain(`clusterrole.rbac.authorization.k8s.io/${n}\n`);
    const view = roleNamed(c, 'view');
    expect(view.rules).toEqual(roleNamed(c, 'system:aggregate-to-view').rules);
    // edit = view's rules (view is labelled aggregate-to-edit) and aggregate-to-edit's, in
    // name order; admin adds edit's and aggregate-to-admin's.
    const edit = roleNamed(c, 'edit');
    expect(edit.rules).toEqual([
      ...roleNamed(c, 'system:aggregate-to-edit').rules!,
      ...view.rules!,
    ]);
    expect(roleNamed(c, 'admin').rules).toEqual([
      ...edit.rules!,
      ...roleNamed(c, 'system:aggregate-to-admin').rules!,
    ]);
  });

  it("adds a labelled role's rules to edit and admin", () => {
    const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 5 }).start();
    const custom = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "custom:aggregate-to-edit:endpoints"
  labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" }
rules: [{ apiGroups: [""], resources: [endpoints], verbs: [create, delete] }]
`;
    expect(applySync(c, custom, 'c.yaml').exitCode).toBe(0);
    c.clock.advance(2_000);
    const rule = { apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'delete'] };
    expect(roleNamed(c, 'edit').rules?.[0]).toEqual(rule);
    expect(roleNamed(c, 'admin').rules).toContainEqual(rule);
    expect(roleNamed(c, 'view').rules).not.toContainEqual(rule);
  });
});
