import type { KubeObject } from '../api/types';
import { watchedKey, type Cached, type Informer } from '../client/informer';
import { controllerOf } from './controllerUtils';

/** The index of each informer (see OwnerIndex.of). */
const shared = new WeakMap<object, OwnerIndex<KubeObject>>();

/**
 * An index over an informer's cache: objects by their controller's uid, and orphans by namespace
 * (client-go indexers play this part). A controller claiming objects only needs its own and the
 * orphans of its namespace, not every pod of the cluster.
 */
export class OwnerIndex<T extends KubeObject> {
  /**
   * The index over `informer`, made by the first controller that asks and shared by the others
   * (the Deployment, ReplicaSet, ReplicationController, Job, DaemonSet and StatefulSet
   * controllers all index the pods): each would hold the same entries, in the same order, as
   * they all ask from `setup()`, before the informer delivers anything. scale: one map entry a
   * pod instead of six, and one update per pod event.
   */
  static of<T extends KubeObject>(informer: Informer<T>): OwnerIndex<T> {
    let index = shared.get(informer) as OwnerIndex<T> | undefined;
    if (!index) shared.set(informer, (index = new OwnerIndex(informer)));
    return index;
  }

  private owned = new Map<string, Map<string, Cached<T>>>();
  private orphans = new Map<string, Map<string, Cached<T>>>();

  /** Follow `informer` from now on (call from `setup()`, before the informer starts). */
  constructor(informer: Informer<T>) {
    informer.on({
      add: (o) => this.put(o),
      update: (old, o) => this.replace(old, o),
      // Keys by watchedKey: the informer has just built (and hashed) the delivered object's.
      delete: (o) => this.drop(o),
    });
  }

  private bucket(obj: Cached<T>, uid = controllerOf(obj)?.uid): Map<string, Cached<T>> {
    const map = uid ? this.owned : this.orphans;
    const k = uid ?? obj.metadata?.namespace ?? '';
    let b = map.get(k);
    if (!b) map.set(k, (b = new Map()));
    return b;
  }

  private put(obj: Cached<T>): void {
    this.bucket(obj).set(watchedKey(obj), obj);
  }

  /**
   * An update: the old version leaves its bucket and the new one joins the end of its own, as a
   * drop then a put, but with the key built and the bucket found once when the controller stays.
   */
  private replace(old: Cached<T>, obj: Cached<T>): void {
    // An update keeps the name: one key for both versions.
    const k = watchedKey(obj);
    const uid = controllerOf(old)?.uid;
    const now = controllerOf(obj)?.uid;
    if (uid === undefined || now !== uid) {
      this.bucket(old, uid).delete(k);
      this.bucket(obj, now).set(k, obj);
      return;
    }
    const b = this.bucket(obj, now);
    b.delete(k);
    b.set(k, obj);
  }

  private drop(obj: Cached<T>): void {
    const b = this.bucket(obj);
    b.delete(watchedKey(obj));
  }

  /** Objects whose controller has this uid. */
  ownedBy(uid: string | undefined): Cached<T>[] {
    return uid ? [...(this.owned.get(uid)?.values() ?? [])] : [];
  }

  /** Objects of a namespace with no controller. */
  orphansIn(namespace: string): Cached<T>[] {
    return [...(this.orphans.get(namespace)?.values() ?? [])];
  }

  /** What a controller with this uid may claim: its own objects and the namespace's orphans. */
  candidates(uid: string | undefined, namespace: string): Cached<T>[] {
    return [...this.ownedBy(uid), ...this.orphansIn(namespace)];
  }
}
