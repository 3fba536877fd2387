import { clone, jsonEqual } from '../apiserver/patch';
import {
  addUsage,
  evaluatorMatches,
  listFromUsage,
  podCountsForQuota,
  usageFromList,
  usageOf,
  type Usage,
} from '../api/quotaEvaluator';
import { resourceForPlural, type ResourceInfo } from '../api/resources';
import type { KubeObject, Pod, ResourceQuota } from '../api/types';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';

/**
 * The resources whose usage quotas track here. k/k builds an evaluator for any resource named
 * by `count/<resource>.<group>`; these are the kinds this cluster serves that a learner counts.
 */
const TRACKED = [
  'pods',
  'services',
  'persistentvolumeclaims',
  'configmaps',
  'secrets',
  'replicationcontrollers',
  'resourcequotas',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
];

/**
 * The resource quota controller (k/k: pkg/controller/resourcequota/resource_quota_controller.go):
 * keeps each ResourceQuota's `status.hard` equal to its `spec.hard` and `status.used` equal to
 * what the namespace's objects use of each limited resource (zeros included), through
 * PUT resourcequotas/status. It recomputes when a quota changes and, like k/k's replenishment
 * controller, when an object it counts is added, deleted or (a pod) finishes.
 */
export class ResourceQuotaController extends Controller {
  private quotas!: Informer<ResourceQuota>;
  private tracked!: { info: ResourceInfo; inf: Informer<KubeObject> }[];

  constructor(manager: Component) {
    super(manager, 'resourcequota', 'resource-quota-controller');
  }

  setup(): void {
    this.quotas = this.informers.informer<ResourceQuota>('resourcequotas');
    this.quotas.on({
      add: (q) => this.enqueue(q),
      update: (_old, q) => this.enqueue(q),
    });
    this.tracked = TRACKED.map((plural) => ({
      info: resourceForPlural(plural)!,
      inf: this.informers.informer<KubeObject>(plural),
    }));
    for (const { info, inf } of this.tracked) {
      const replenish = (o: KubeObject) => this.replenish(o.metadata?.namespace);
      inf.on({
        add: replenish,
        delete: replenish,
        update: (old, cur) => {
          // A pod that finished stops using its quota (k/k: QuotaV1Pod in the replenishment).
          if (
            info.plural === 'pods'
              ? podCountsForQuota(old as Pod) !== podCountsForQuota(cur as Pod)
              : !jsonEqual(old.spec, cur.spec)
          )
            replenish(cur);
        },
      });
    }
  }

  /** Every quota of the namespace is looked at again. */
  private replenish(namespace: string | undefined): void {
    if (!namespace) return;
    for (const q of this.quotas.list()) if (q.metadata?.namespace === namespace) this.enqueue(q);
  }

  /** k/k CalculateUsage: what the namespace uses of each resource the quota limits. */
  private usage(namespace: string, hard: string[]): Usage {
    const used: Usage = new Map(hard.map((n) => [n, { milli: 0, binary: false }]));
    for (const { info, inf } of this.tracked) {
      if (!hard.some((n) => evaluatorMatches(info, n))) continue;
      const total: Usage = new Map();
      for (const o of inf.list())
        if (o.metadata?.namespace === namespace) addUsage(total, usageOf(info, o));
      for (const n of hard) {
        const v = total.get(n);
        if (v && evaluatorMatches(info, n)) used.set(n, v);
      }
    }
    return used;
  }

  reconcile(key: string): void {
    if (!this.synced(this.quotas, ...this.tracked.map((t) => t.inf)))
      return this.queue.addAfter(key, 100);
    const q = this.quotas.get(key);
    if (!q) return;
    const hard = usageFromList(q.spec?.hard as Record<string, string>);
    const status = {
      hard: listFromUsage(hard),
      used: listFromUsage(this.usage(q.metadata.namespace!, [...hard.keys()])),
    };
    if (jsonEqual(q.status ?? {}, status)) return;
    this.client.updateStatus('resourcequotas', { ...clone(q), status } as KubeObject, (r) => {
      if (r.code === 200 || r.code === 404) return this.queue.forget(key);
      // A conflict or an unavailable API server: try again with back-off.
      this.queue.addRateLimited(key);
    });
  }
}
