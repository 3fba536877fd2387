import { RESOURCES, type ResourceInfo } from '../api/resources';
import type { KubeObject, Namespace, Pod } from '../api/types';
import type { Stored } from '../api/stored';
import { clone } from '../apiserver/patch';
import type { ListBody } from '../apiserver/types';
import { all, type Co } from '../client/coroutine';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';

type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

/** The condition types the namespace deleter maintains, in k/k's order (status_condition_utils.go). */
const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof CONDITION_TYPES)[number], [reason: string, message: string]> = {
  NamespaceDeletionDiscoveryFailure: [
    'ResourcesDiscovered',
    'All resources successfully discovered',
  ],
  NamespaceDeletionGroupVersionParsingFailure: [
    'ParsedGroupVersions',
    'All legacy kube types successfully parsed',
  ],
  NamespaceDeletionContentFailure: [
    'ContentDeleted',
    'All content successfully deleted, may be waiting on finalization',
  ],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentRemoved', 'All content successfully removed'],
};

/** What one pass over a namespace found still there. */
interface Remaining {
  /** `pods. has 2 resource instances` per resource. */
  byResource: Map<ResourceInfo, number>;
  byFinalizer: Map<string, number>;
  /** Seconds the slowest remaining pod may take to terminate. */
  estimate: number;
}

/**
 * The namespace controller (k/k: pkg/controller/namespace/deletion/namespaced_resources_deleter.go).
 * When a Namespace is Terminating it deletes every namespaced object in it, resource by resource,
 * reports progress in the namespace's status conditions (`NamespaceContentRemaining`…), looks
 * again after about half the longest pod grace period, and once nothing is left removes the
 * namespace itself.
 */
export class NamespaceController extends Controller {
  private namespaces!: Informer<Namespace>;
  private busy = new Set<string>();

  constructor(manager: Component) {
    super(manager, 'namespace', 'namespace-controller');
  }

  setup(): void {
    this.busy.clear();
    this.namespaces = this.informers.informer<Namespace>('namespaces');
    this.namespaces.on({ add: (n) => this.enqueue(n), update: (_o, n) => this.enqueue(n) });
  }

  reconcile(name: string): void {
    if (!this.synced(this.namespaces)) return this.queue.addAfter(name, 100);
    const ns = this.namespaces.get(name);
    if (!ns?.metadata?.deletionTimestamp || this.busy.has(name)) return;
    this.busy.add(name);
    this.go(this.syncNamespace(name));
  }

  /**
   * k/k: namespaced_resources_deleter.go Delete — delete all content, report what remains in
   * the conditions, look again later while anything remains, else finalize.
   */
  private *syncNamespace(name: string): Co<void> {
    const remaining = yield* this.deleteAllContent(name);
    this.busy.delete(name);
    const left = [...remaining.byResource.values()].reduce((a, b) => a + b, 0);
    this.updateConditions(name, remaining);
    if (left > 0) {
      // k/k: requeue after estimate/2 + 1 seconds (ResourcesRemainingError).
      const estimate = Math.max(remaining.estimate, 1);
      this.queue.addAfter(name, (Math.floor(estimate / 2) + 1) * 1000);
      return;
    }
    // Everything is gone: finalize, which deletes the namespace for good.
    const r = yield* this.api.delete('namespaces', undefined, name);
    if (r.code >= 300 && r.code !== 404) this.queue.addRateLimited(name);
  }

  /** List every namespaced resource and delete what is in the namespace; report what remains. */
  private *deleteAllContent(namespace: string): Co<Remaining> {
    const remaining: Remaining = { byResource: new Map(), byFinalizer: new Map(), estimate: 0 };
    // crd: and the namespaced custom resources discovery lists (k/k: the deleter's discovery
    // of every served resource, read here from the API server's discovery as kubectl does).
    const custom = this.manager.ctx.api.customResources.discovery();
    const resources = [...RESOURCES, ...custom].filter((r) => r.namespaced);
    yield* all(resources.map((info) => this.deleteEachItem(namespace, info, remaining)));
    return remaining;
  }

  /** k/k: deleteEachItem — list, delete each item not yet being deleted, count what remains. */
  private *deleteEachItem(namespace: string, info: ResourceInfo, remaining: Remaining): Co<void> {
    const r = yield* this.api.request({ verb: 'list', resource: info.plural, namespace });
    if (r.code !== 200) {
      remaining.byResource.set(info, (remaining.byResource.get(info) ?? 0) + 1);
      return;
    }
    // Listed from the API server: every item is stored.
    const items = (r.body as ListBody).items as Stored<KubeObject>[];
    const after = yield* all(items.map((item) => this.deleteItem(namespace, info, item)));
    for (const obj of after)
      if (obj?.metadata?.deletionTimestamp) this.countRemaining(remaining, info, obj);
  }

  /** DELETE one object (background propagation); the object as it is afterwards, if known. */
  private *deleteItem(
    namespace: string,
    info: ResourceInfo,
    item: Stored<KubeObject>,
  ): Co<KubeObject | undefined> {
    if (item.metadata?.deletionTimestamp) return item;
    const d = yield* this.api.delete(info.plural, namespace, item.metadata.name, {
      propagationPolicy: 'Background',
    });
    return d.code === 200 ? (d.body as KubeObject) : undefined;
  }

  private countRemaining(remaining: Remaining, info: ResourceInfo, obj: KubeObject): void {
    remaining.byResource.set(info, (remaining.byResource.get(info) ?? 0) + 1);
    for (const f of obj.metadata?.finalizers ?? [])
      remaining.byFinalizer.set(f, (remaining.byFinalizer.get(f) ?? 0) + 1);
    if (info.kind === 'Pod') {
      const pod = obj as Pod;
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        remaining.estimate = Math.max(
          remaining.estimate,
          pod.spec?.terminationGracePeriodSeconds ?? 30,
        );
      }
    }
  }

  /** k/k namespaceConditionUpdater: the five deletion conditions, "ok" unless something remains. */
  private updateConditions(name: string, remaining: Remaining): void {
    const ns = this.namespaces.get(name);
    if (!ns) return;
    const stamp = this.clock.timestamp();
    const wanted = new Map<string, [string, string, string]>();
    for (const type of CONDITION_TYPES) wanted.set(type, ['False', ...OK[type]]);
    const resources = [...remaining.byResource.entries()]
      .filter(([, n]) => n > 0)
      .map(([info, n]) => `${info.plural}.${info.group} has ${n} resource instances`)
      .sort();
    if (resources.length) {
      wanted.set('NamespaceContentRemaining', [
        'True',
        'SomeResourcesRemain',
        `Some resources are remaining: ${resources.join(', ')}`,
      ]);
    }
    const finalizers = [...remaining.byFinalizer.entries()]
      .map(([f, n]) => `${f} in ${n} resource instances`)
      .sort();
    if (finalizers.length) {
      wanted.set('NamespaceFinalizersRemaining', [
        'True',
        'SomeFinalizersRemain',
        `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
      ]);
    }
    const next = clone(ns);
    const status = (next.status = next.status ?? {});
    const conditions: NamespaceCondition[] = (status.conditions = status.conditions ?? []);
    let changed = false;
    for (const [type, [s, reason, message]] of wanted) {
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push({ type, status: s, lastTransitionTime: stamp, reason, message });
        changed = true;
      } else if (old.status !== s || old.reason !== reason || old.message !== message) {
        if (old.status !== s) old.lastTransitionTime = stamp;
        Object.assign(old, { status: s, reason, message });
        changed = true;
      }
    }
    if (changed) this.client.updateStatus('namespaces', next);
  }
}
