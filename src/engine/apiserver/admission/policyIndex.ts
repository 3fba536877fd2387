import type { KubeObject } from '../../api/types';

/** The etcd prefixes of the namespace policies admission reads on every pod create. */
export const RESOURCE_QUOTAS = '/registry/resourcequotas/';
export const LIMIT_RANGES = '/registry/limitranges/';

/**
 * ResourceQuotas and LimitRanges by namespace, kept from the API server's etcd watch (k/k: the
 * plugins' informer listers). Admission asks on every pod create; a map per namespace keeps that
 * a lookup instead of a scan of every stored object.
 */
export class PolicyIndex {
  private readonly byPrefix = new Map<string, Map<string, Map<string, KubeObject>>>([
    [RESOURCE_QUOTAS, new Map()],
    [LIMIT_RANGES, new Map()],
  ]);

  /** An object was written (`obj`) or deleted (undefined) at `key`. */
  observe(key: string, obj: KubeObject | undefined): void {
    const prefix = key.startsWith(RESOURCE_QUOTAS)
      ? RESOURCE_QUOTAS
      : key.startsWith(LIMIT_RANGES)
        ? LIMIT_RANGES
        : undefined;
    if (!prefix) return;
    const ns = key.slice(prefix.length, key.indexOf('/', prefix.length));
    const index = this.byPrefix.get(prefix)!;
    let inNs = index.get(ns);
    if (obj) {
      if (!inNs) index.set(ns, (inNs = new Map()));
      inNs.set(key, obj);
    } else if (inNs) {
      inNs.delete(key);
      if (!inNs.size) index.delete(ns);
    }
  }

  list(prefix: string, namespace: string): KubeObject[] {
    return [...(this.byPrefix.get(prefix)!.get(namespace)?.values() ?? [])];
  }
}
