import type { KubeObject } from '../api/types';

/**
 * The decoded objects under a few etcd prefixes, kept as the watch cache's objects change, so an
 * admission plugin's lister (Priority's PriorityClasses on every pod create, DefaultStorageClass's
 * StorageClasses) reads its kind without walking every object the API server holds: at 150,000
 * pods that walk cost more than the rest of a pod's create. kube-apiserver's plugins read their
 * kind's informer lister the same way (k/k: plugin/pkg/admission/priority/admission.go lister).
 * Each prefix keeps its keys in the order they were first stored, as the full map does, so a
 * plugin sees the same list either way. A plugin's lookup of one object (the request's Namespace
 * and ServiceAccount on every pod create) reads the same small map, not the map of every object.
 */
export class PrefixIndex {
  private readonly byPrefix = new Map<string, Map<string, KubeObject>>();
  /** The prefixes and their maps in two lists, which every write of any kind walks. */
  private readonly prefixes: string[];
  private readonly maps: Map<string, KubeObject>[];

  constructor(prefixes: string[]) {
    for (const p of prefixes) this.byPrefix.set(p, new Map());
    this.prefixes = [...this.byPrefix.keys()];
    this.maps = [...this.byPrefix.values()];
  }

  /** An object stored at `key` (or gone from it, `undefined`). */
  observe(key: string, obj: KubeObject | undefined): void {
    for (let i = 0; i < this.prefixes.length; i++) {
      if (!key.startsWith(this.prefixes[i])) continue;
      if (obj) this.maps[i].set(key, obj);
      else this.maps[i].delete(key);
    }
  }

  /** The object at `key`, under one of the indexed prefixes (`prefix`), if there is one. */
  get(prefix: string, key: string): KubeObject | undefined {
    const objects = this.byPrefix.get(prefix);
    if (!objects) throw new Error(`prefix ${prefix} is not indexed`);
    return objects.get(key);
  }

  /** The objects under one of the indexed prefixes, in first-stored order. */
  list(prefix: string): KubeObject[] {
    const objects = this.byPrefix.get(prefix);
    if (!objects) throw new Error(`prefix ${prefix} is not indexed`);
    return [...objects.values()];
  }
}
