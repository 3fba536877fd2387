import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1';
import { matchesLabelSelector } from '../api/labels';
import type { KubeObject } from '../api/types';
import { clone, jsonEqual } from '../apiserver/patch';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';

/**
 * The clusterrole-aggregation controller (k/k: pkg/controller/clusterroleaggregation/
 * clusterroleaggregation_controller.go): a ClusterRole with an `aggregationRule` gets, as its
 * rules, the rules of every other ClusterRole its selectors match, taken in name order without
 * repeats. So `view`, `edit` and `admin` hold what the `aggregate-to-*` roles grant, and a role a
 * learner labels `aggregate-to-edit` widens `edit` (and `admin`, which aggregates `edit`).
 */
export class ClusterRoleAggregationController extends Controller {
  private roles!: Informer<KubeObject>;

  constructor(manager: Component) {
    super(manager, 'clusterrole-aggregation', 'clusterrole-aggregation-controller');
  }

  setup(): void {
    this.roles = this.informers.informer<KubeObject>('clusterroles');
    // Any change may feed an aggregated role: look at every aggregated one again.
    const all = () => {
      for (const r of this.roles.list())
        if ((r as unknown as ClusterRole).aggregationRule) this.enqueue(r);
    };
    this.roles.on({ add: all, update: all, delete: all });
  }

  reconcile(key: string): void {
    if (!this.synced(this.roles)) return this.queue.addAfter(key, 100);
    const role = this.roles.get(key) as unknown as ClusterRole | undefined;
    const selectors = role?.aggregationRule?.clusterRoleSelectors;
    if (!role || !selectors) return;
    const matching = this.roles
      .list()
      .map((r) => r as unknown as ClusterRole)
      .filter(
        (r) =>
          r.metadata?.name !== role.metadata?.name &&
          selectors.some((s) => matchesLabelSelector(r.metadata?.labels, s)),
      )
      .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    const rules: PolicyRule[] = [];
    for (const r of matching)
      for (const rule of r.rules ?? [])
        if (!rules.some((x) => jsonEqual(x, rule))) rules.push(rule);
    if (jsonEqual(role.rules ?? [], rules)) return;
    const next = { ...clone(role as unknown as KubeObject), rules } as KubeObject;
    this.client.update('clusterroles', next, (r) => {
      if (r.code === 200 || r.code === 404) return this.queue.forget(key);
      this.queue.addRateLimited(key);
    });
  }
}
