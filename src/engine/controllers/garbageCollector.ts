import { resourceForKind, resourceForPlural } from '../api/resources';
import type { KubeObject, OwnerReference } from '../api/types';
import { all, type Co, type Task } from '../client/coroutine';
import { watchedKey, type Cached, type Informer } from '../client/informer';
import type { Component } from '../component';
import { errorText } from './controllerUtils';
import { SyncController, type SyncResult } from './syncController';

/** The kinds that own or are owned here (the real collector watches every deletable resource). */
export const GC_RESOURCES = [
  'deployments',
  'replicasets',
  'pods',
  'jobs',
  'services',
  'endpointslices',
  // workloads:
  'daemonsets',
  'controllerrevisions',
  'statefulsets',
  'cronjobs',
  // quota:
  'replicationcontrollers',
] as const;

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

type Done = (result?: SyncResult) => void;

/**
 * An item of the dependency graph: the resource and the informer key of one object (uid), made
 * when the object is first seen and kept while it exists. scale: an update (most events: a pod's
 * status) finds its item by uid, and builds and hashes no string; the key is the informer's own.
 */
interface Item {
  resource: string;
  key: string;
}

/** `pods|default/web-5948f7484f-abcde`: an item's key in the work queue. */
const itemId = (item: Item) => `${item.resource}|${item.key}`;

const hasFinalizer = (obj: KubeObject, f: string) => obj.metadata?.finalizers?.includes(f) ?? false;

/**
 * The garbage collector (k/k: pkg/controller/garbagecollector): a graph of ownerReferences
 * built from informers. An object whose owners are all gone is deleted (background cascade); an
 * owner deleted in the foreground (finalizer `foregroundDeletion`) first has its dependents
 * deleted, and loses the finalizer once no dependent with `blockOwnerDeletion` is left; an owner
 * deleted with `orphan` has its dependents' ownerReferences removed, then loses the finalizer.
 */
export class GarbageCollector extends SyncController {
  private infs = new Map<string, Informer>();
  /** uid → item, for every object seen. */
  private byUid = new Map<string, Item>();
  /** owner uid → the items that reference it. */
  private dependents = new Map<string, Set<Item>>();

  constructor(manager: Component) {
    super(manager, 'garbagecollector', 'garbage-collector-controller');
  }

  setup(): void {
    this.resetSyncs();
    this.infs.clear();
    this.byUid.clear();
    this.dependents.clear();
    for (const resource of GC_RESOURCES) {
      const inf = this.informers.informer<KubeObject>(resource);
      this.infs.set(resource, inf);
      inf.on({
        add: (o) => this.observe(resource, undefined, o),
        update: (old, o) => this.observe(resource, old, o),
        delete: (o) => this.removed(resource, o),
      });
    }
  }

  /** The object a work queue key names. */
  private get(id: string): Cached<KubeObject> | undefined {
    const i = id.indexOf('|');
    return this.infs.get(id.slice(0, i))?.get(id.slice(i + 1));
  }

  /** The informer's current object of an item. */
  private object(item: Item | undefined): Cached<KubeObject> | undefined {
    return item && this.infs.get(item.resource)?.get(item.key);
  }

  private isDeletingDependents(obj: KubeObject | undefined): boolean {
    return !!obj?.metadata?.deletionTimestamp && hasFinalizer(obj, FOREGROUND_FINALIZER);
  }

  /** k/k: processGraphChanges for an add or update. */
  private observe(
    resource: string,
    old: Cached<KubeObject> | undefined,
    obj: Cached<KubeObject>,
  ): void {
    const uid = obj.metadata.uid;
    // An update of the same object (same uid, so same item) finds its entry already there.
    let item = old?.metadata?.uid === uid ? this.byUid.get(uid) : undefined;
    if (!item) {
      item = { resource, key: watchedKey(obj) };
      this.byUid.set(uid, item);
    }
    // The old version's references go by its own item (another object, when the uid changed).
    const oldItem = old && (old.metadata?.uid === uid ? item : this.byUid.get(old.metadata.uid));
    for (const r of old?.metadata?.ownerReferences ?? [])
      if (oldItem) this.dependents.get(r.uid)?.delete(oldItem);
    const refs = obj.metadata?.ownerReferences ?? [];
    for (const r of refs) {
      let set = this.dependents.get(r.uid);
      if (!set) this.dependents.set(r.uid, (set = new Set()));
      set.add(item);
    }
    const m = obj.metadata;
    if (
      m.deletionTimestamp &&
      (hasFinalizer(obj, FOREGROUND_FINALIZER) || hasFinalizer(obj, ORPHAN_FINALIZER))
    ) {
      this.queue.add(itemId(item));
      // Its dependents learn that their owner waits for them.
      if (hasFinalizer(obj, FOREGROUND_FINALIZER))
        for (const dep of this.dependents.get(uid) ?? []) this.queue.add(itemId(dep));
      return;
    }
    // A dependent whose owner is unknown or waiting for its dependents needs a look.
    for (const r of refs) {
      const owner = this.byUid.get(r.uid);
      if (!owner || this.isDeletingDependents(this.object(owner))) {
        this.queue.add(itemId(item));
        return;
      }
    }
  }

  /** k/k: processGraphChanges for a delete: dependents lose an owner, owners lose a blocker. */
  private removed(resource: string, obj: Cached<KubeObject>): void {
    const uid = obj.metadata.uid;
    const key = watchedKey(obj);
    const found = this.byUid.get(uid);
    const item = found?.resource === resource && found.key === key ? found : undefined;
    if (item) this.byUid.delete(uid);
    for (const dep of this.dependents.get(uid) ?? []) this.queue.add(itemId(dep));
    this.dependents.delete(uid);
    for (const r of obj.metadata?.ownerReferences ?? []) {
      if (item) this.dependents.get(r.uid)?.delete(item);
      const owner = this.byUid.get(r.uid);
      if (owner && this.isDeletingDependents(this.object(owner))) this.queue.add(itemId(owner));
    }
  }

  protected sync(id: string, done: Done): Task {
    return this.coroutines.spawn(this.attemptToDeleteItem(id), done);
  }

  /**
   * k/k: attemptToDeleteItem — an owner being deleted in the foreground or with orphan first
   * deals with its dependents; an object whose owners are all gone is deleted; one with some
   * owners left drops the references to the gone ones.
   */
  private *attemptToDeleteItem(id: string): Co<SyncResult> {
    if ([...this.infs.values()].some((i) => !i.hasSynced)) return { requeueAfterMs: 100 };
    const obj = this.get(id);
    if (!obj) return undefined;
    const m = obj.metadata;
    if (m.deletionTimestamp) {
      if (hasFinalizer(obj, FOREGROUND_FINALIZER))
        return yield* this.processDeletingDependents(id, obj);
      if (hasFinalizer(obj, ORPHAN_FINALIZER)) return yield* this.orphanDependents(obj);
      return undefined;
    }
    const refs = m.ownerReferences ?? [];
    if (refs.length === 0) return undefined;
    const [solid, dangling, waiting, err] = yield* this.classifyReferences(refs, m.namespace);
    if (err) return { error: err };
    const resource = id.slice(0, id.indexOf('|'));
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return undefined;
      // Drop references to owners that are gone or waiting, keep the rest.
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      const kept = refs.filter((r) => !drop.has(r.uid));
      return yield* this.patchOwnerRefs(resource, obj, kept);
    }
    let policy: 'Foreground' | 'Background' | 'Orphan' = 'Background';
    if (waiting.length > 0 && (this.dependents.get(m.uid)?.size ?? 0) > 0) policy = 'Foreground';
    else if (hasFinalizer(obj, ORPHAN_FINALIZER)) policy = 'Orphan';
    else if (hasFinalizer(obj, FOREGROUND_FINALIZER)) policy = 'Foreground';
    const r = yield* this.api.delete(resource, m.namespace, m.name, {
      propagationPolicy: policy,
    });
    return r.code === 200 || r.code === 404 ? undefined : { error: errorText(r) };
  }

  /**
   * k/k: classifyReferences — solid owners exist, dangling ones are gone (confirmed with a GET,
   * as isDangling does), waiting ones are being deleted in the foreground.
   */
  private *classifyReferences(
    refs: OwnerReference[],
    namespace: string | undefined,
  ): Co<[OwnerReference[], OwnerReference[], OwnerReference[], string?]> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    let err: string | undefined;
    const lookups: Co<void>[] = [];
    for (const ref of refs) {
      const known = this.byUid.get(ref.uid);
      if (known) {
        (this.isDeletingDependents(this.object(known)) ? waiting : solid).push(ref);
        continue;
      }
      const info = resourceForKind(ref.kind);
      if (!info) {
        solid.push(ref);
        continue;
      }
      const { api } = this;
      const isDeletingDependents = (o: KubeObject) => this.isDeletingDependents(o);
      lookups.push(
        (function* () {
          const r = yield* api.get(info.plural, info.namespaced ? namespace : undefined, ref.name);
          const found = r.body as KubeObject;
          if (r.code === 200 && found.metadata?.uid === ref.uid)
            (isDeletingDependents(found) ? waiting : solid).push(ref);
          else if (r.code === 200 || r.code === 404) dangling.push(ref);
          else err = errorText(r);
        })(),
      );
    }
    yield* all(lookups);
    return [solid, dangling, waiting, err];
  }

  /** k/k: processDeletingDependentsItem — delete blocking dependents, then drop the finalizer. */
  private *processDeletingDependents(id: string, owner: Cached<KubeObject>): Co<SyncResult> {
    const uid = owner.metadata.uid;
    const deps = [...(this.dependents.get(uid) ?? [])]
      .map((d) => ({ id: itemId(d), obj: this.object(d) }))
      .filter((d) => d.obj);
    const blocking = deps.filter((d) =>
      d.obj!.metadata?.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion),
    );
    if (blocking.length === 0) return yield* this.removeFinalizer(id, owner, FOREGROUND_FINALIZER);
    for (const d of deps)
      if (!d.obj!.metadata?.deletionTimestamp || this.isDeletingDependents(d.obj))
        this.queue.add(d.id);
    return undefined;
  }

  /** k/k: orphanDependents — remove the owner's reference from every dependent, then the finalizer. */
  private *orphanDependents(owner: Cached<KubeObject>): Co<SyncResult> {
    const uid = owner.metadata.uid;
    const id = itemId(this.byUid.get(uid)!);
    const patches: Co<SyncResult>[] = [];
    for (const item of this.dependents.get(uid) ?? []) {
      const dep = this.object(item);
      if (!dep) continue;
      const refs = (dep.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
      patches.push(this.patchOwnerRefs(item.resource, dep, refs));
    }
    const failed = (yield* all(patches)).find((res) => res && 'error' in res);
    if (failed) return failed;
    return yield* this.removeFinalizer(id, owner, ORPHAN_FINALIZER);
  }

  private *patchOwnerRefs(
    resource: string,
    obj: Cached<KubeObject>,
    refs: OwnerReference[],
  ): Co<SyncResult> {
    const m = obj.metadata;
    const r = yield* this.api.patch(
      resource,
      m.namespace,
      m.name,
      { metadata: { ownerReferences: refs.length ? refs : null } },
      'merge',
    );
    return r.code === 200 || r.code === 404 ? undefined : { error: errorText(r) };
  }

  private *removeFinalizer(id: string, obj: Cached<KubeObject>, finalizer: string): Co<SyncResult> {
    const m = obj.metadata;
    const rest = (m.finalizers ?? []).filter((f) => f !== finalizer);
    const resource = id.slice(0, id.indexOf('|'));
    if (!resourceForPlural(resource)) return undefined;
    const r = yield* this.api.patch(
      resource,
      m.namespace,
      m.name,
      { metadata: { finalizers: rest.length ? rest : null } },
      'merge',
    );
    return r.code === 200 || r.code === 404 ? undefined : { error: errorText(r) };
  }
}
