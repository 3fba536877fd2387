/**
 * What an object uses of a ResourceQuota (k/k: pkg/quota/v1/evaluator/core — pods.go,
 * services.go, persistent_volume_claims.go — and pkg/quota/v1/generic for object counts), shared
 * by the ResourceQuota admission plugin and the resource quota controller. Amounts are kept in
 * milli-units with the format of the quantity they came from, so sums print as kube-apiserver
 * prints them (`requests.memory=600Mi`, `limits.cpu=800m`, `pods=2`).
 */
import { canonicalQuantity, cpuMillis, quantityFormat } from './quantity';
import type { ResourceInfo } from './resources';
import type { KubeObject, Pod, Service } from './types';

export interface Amount {
  milli: number;
  binary: boolean;
}
/** A ResourceList as quota code handles it. */
export type Usage = Map<string, Amount>;

const count = (n: number): Amount => ({ milli: n * 1000, binary: false });

export function amountOf(q: string | number): Amount {
  return { milli: cpuMillis(q), binary: quantityFormat(q) === 'BinarySI' };
}

/** `Quantity.String()` of an amount. */
export function formatAmount(a: Amount): string {
  if (a.milli === 0) return '0';
  if (a.milli % 1000 === 0) {
    const v = a.milli / 1000;
    if (a.binary && v % 1024 === 0) return canonicalQuantity(`${v / 1024}Ki`);
    return canonicalQuantity(String(v));
  }
  return canonicalQuantity(`${a.milli}m`);
}

/** quota.Add: the sum keeps the format of the first non-zero term (Go's Quantity.Add). */
export function addUsage(into: Usage, u: Usage): void {
  for (const [k, v] of u) {
    const cur = into.get(k);
    if (!cur || cur.milli === 0)
      into.set(k, { milli: (cur?.milli ?? 0) + v.milli, binary: v.binary });
    else into.set(k, { milli: cur.milli + v.milli, binary: cur.binary });
  }
}

/** k/k quota.ResourceList from a spec map (`spec.hard`). */
export function usageFromList(list: Record<string, string | number> | undefined): Usage {
  const out: Usage = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    try {
      out.set(k, amountOf(v));
    } catch {
      // An unparsable quantity was refused when the object was written.
    }
  }
  return out;
}

/** The ResourceList as the API stores it, keys sorted as Go's JSON encoder writes a map. */
export function listFromUsage(u: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...u.keys()].sort()) out[k] = formatAmount(u.get(k)!);
  return out;
}

/** k/k prettyPrint: `key=value` pairs, keys sorted, joined by `,`. */
export function prettyPrint(u: Usage): string {
  return [...u.keys()]
    .sort()
    .map((k) => `${k}=${formatAmount(u.get(k)!)}`)
    .join(',');
}

/** The legacy names an object count also answers to (k/k: evaluator/core/registry.go). */
const LEGACY_COUNT: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
  secrets: 'secrets',
  configmaps: 'configmaps',
  persistentvolumeclaims: 'persistentvolumeclaims',
};

/** `count/deployments.apps`, `count/pods`: the object count name of a resource. */
export function objectCountName(info: ResourceInfo): string {
  return info.group ? `count/${info.plural}.${info.group}` : `count/${info.plural}`;
}

const POD_COMPUTE = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
] as const;

/** Whether a quota resource name is one this resource's evaluator counts (MatchingResources). */
export function evaluatorMatches(info: ResourceInfo, name: string): boolean {
  if (name === objectCountName(info) || name === LEGACY_COUNT[info.plural]) return true;
  if (info.plural === 'pods') return (POD_COMPUTE as readonly string[]).includes(name);
  if (info.plural === 'services')
    return name === 'services.loadbalancers' || name === 'services.nodeports';
  if (info.plural === 'persistentvolumeclaims')
    return (
      name === 'requests.storage' ||
      name.endsWith('.storageclass.storage.k8s.io/requests.storage') ||
      name.endsWith('.storageclass.storage.k8s.io/persistentvolumeclaims')
    );
  return false;
}

/**
 * k/k QuotaV1Pod: a pod in a terminal phase no longer uses its quota (its compute resources are
 * released when it succeeds or fails, before the object is deleted).
 */
export function podCountsForQuota(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

type ResourceMap = Record<string, string | number> | undefined;

/**
 * k/k resourcehelper.PodRequests/PodLimits: the containers' sum, or an init container's own
 * value where larger (init containers run one at a time, before the others).
 */
function podResources(pod: Pod, field: 'requests' | 'limits'): Map<string, Amount> {
  const sum: Usage = new Map();
  for (const c of pod.spec?.containers ?? [])
    addUsage(sum, usageFromList(c.resources?.[field] as ResourceMap));
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of usageFromList(c.resources?.[field] as ResourceMap))
      if ((sum.get(k)?.milli ?? 0) < v.milli) sum.set(k, v);
  }
  return sum;
}

/** k/k podUsageHelper: the quota resources one object uses; empty when it uses nothing. */
export function usageOf(info: ResourceInfo, obj: KubeObject): Usage {
  const u: Usage = new Map([[objectCountName(info), count(1)]]);
  const legacy = LEGACY_COUNT[info.plural];
  if (legacy) u.set(legacy, count(1));
  switch (info.plural) {
    case 'pods': {
      const pod = obj as Pod;
      if (!podCountsForQuota(pod)) return new Map();
      const requests = podResources(pod, 'requests');
      const limits = podResources(pod, 'limits');
      for (const r of ['cpu', 'memory']) {
        const req = requests.get(r);
        if (req) {
          u.set(r, req);
          u.set(`requests.${r}`, req);
        }
        const lim = limits.get(r);
        if (lim) u.set(`limits.${r}`, lim);
      }
      return u;
    }
    case 'services': {
      const spec = (obj as Service).spec;
      const ports = spec?.ports?.length ?? 0;
      if (spec?.type === 'NodePort') u.set('services.nodeports', count(ports));
      if (spec?.type === 'LoadBalancer') {
        u.set(
          'services.nodeports',
          count(spec.allocateLoadBalancerNodePorts === false ? 0 : ports),
        );
        u.set('services.loadbalancers', count(1));
      }
      return u;
    }
    case 'persistentvolumeclaims': {
      const spec = (obj.spec ?? {}) as {
        storageClassName?: string;
        resources?: { requests?: Record<string, string> };
      };
      const storage = spec.resources?.requests?.storage;
      if (storage !== undefined) u.set('requests.storage', amountOf(storage));
      if (spec.storageClassName) {
        const sc = `${spec.storageClassName}.storageclass.storage.k8s.io`;
        u.set(`${sc}/persistentvolumeclaims`, count(1));
        if (storage !== undefined) u.set(`${sc}/requests.storage`, amountOf(storage));
      }
      return u;
    }
    default:
      return u;
  }
}

/**
 * k/k podEvaluator.Constraints: when a quota limits cpu or memory, every container must state
 * that request or limit. Returns the `must specify …` text, or undefined.
 */
export function podConstraints(pod: Pod, hardNames: readonly string[]): string | undefined {
  const required = hardNames.filter((n) => (POD_COMPUTE as readonly string[]).includes(n));
  if (!required.length) return undefined;
  const missing = new Map<string, string[]>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = new Set<string>();
    for (const r of Object.keys(c.resources?.requests ?? {})) has.add(r).add(`requests.${r}`);
    for (const r of Object.keys(c.resources?.limits ?? {})) has.add(`limits.${r}`);
    for (const r of required) if (!has.has(r)) missing.set(r, [...(missing.get(r) ?? []), c.name]);
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...new Set(missing.get(r))].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}
