import {
  addUsage,
  evaluatorMatches,
  podConstraints,
  prettyPrint,
  usageFromList,
  usageOf,
  type Usage,
} from '../../api/quotaEvaluator';
import { etcdKey } from '../../api/resources';
import type { KubeObject, Pod, ResourceQuota } from '../../api/types';
import type { Stored } from '../../api/stored';
import * as errors from '../errors';
import type { AdmissionLookups, Attributes, ValidatingPlugin } from './interfaces';

/** How long an admitted write is charged before its object must be stored (etcd's timeout and more). */
const CHARGE_TTL_MS = 10_000;

/** Kinds whose usage an update can change; for the others only a create counts. */
const UPDATE_CHANGES_USAGE = new Set(['services', 'persistentvolumeclaims']);

interface Charge {
  namespace: string;
  plural: string;
  usage: Usage;
  expires: number;
}

function mask(u: Usage, names: Iterable<string>): Usage {
  const out: Usage = new Map();
  for (const n of names) out.set(n, u.get(n) ?? { milli: 0, binary: false });
  return out;
}

/**
 * ResourceQuota (k/k: staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota,
 * controller.go CheckRequest): a write that would take a namespace past a ResourceQuota's `hard`
 * is refused with `exceeded quota: <name>, requested: …, used: …, limited: …`; when a quota
 * limits cpu or memory, a pod whose containers do not all state them is refused with
 * `failed quota: <name>: must specify …`.
 *
 * Usage is measured as the quota controller measures it, from the stored objects, plus what this
 * plugin admitted that is not stored yet. (kube-apiserver instead adds each admitted request to
 * the quota's `status.used` in etcd before the write, and the controller recomputes it later;
 * both keep every write that passes within `hard`, which is what a learner can observe.)
 * Scopes and scope selectors are not simulated.
 */
export function resourceQuota(lookups: AdmissionLookups): ValidatingPlugin {
  const charges = new Map<string, Charge>();
  const now = () => lookups.now?.() ?? 0;

  /** What the namespace uses of the resource: stored objects and admitted writes in flight. */
  function used(a: Attributes): Usage {
    const total: Usage = new Map();
    for (const obj of lookups.objectsIn?.(a.resource, a.namespace!) ?? [])
      addUsage(total, usageOf(a.resource, obj));
    for (const [key, c] of charges) {
      if (c.expires < now() || lookups.object?.(key)) charges.delete(key);
      else if (c.namespace === a.namespace && c.plural === a.resource.plural)
        addUsage(total, c.usage);
    }
    return total;
  }

  return {
    name: 'ResourceQuota',
    operations: ['CREATE', 'UPDATE'],
    validate(a) {
      if (!a.namespace || !a.resource.namespaced) return undefined;
      if (a.operation === 'UPDATE' && !UPDATE_CHANGES_USAGE.has(a.resource.plural))
        return undefined;
      // The API server's index holds stored quotas.
      const quotas = ((lookups.resourceQuotas?.(a.namespace) ?? []) as Stored<ResourceQuota>[])
        .filter((q) => Object.keys(q.spec?.hard ?? {}).some((n) => evaluatorMatches(a.resource, n)))
        .sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));
      if (!quotas.length) return undefined;
      if (a.resource.plural === 'pods') {
        for (const q of quotas) {
          const missing = podConstraints(a.object as Pod, Object.keys(q.spec?.hard ?? {}));
          if (missing)
            return errors.forbidden(
              a.resource,
              a.name,
              `failed quota: ${q.metadata.name}: ${missing}`,
            );
        }
      }
      const delta = usageOf(a.resource, a.object);
      if (a.operation === 'UPDATE' && a.oldObject) {
        // k/k SubtractWithNonNegativeResult: an update is charged what it adds.
        const before = usageOf(a.resource, a.oldObject as KubeObject);
        for (const [k, v] of delta)
          delta.set(k, { ...v, milli: Math.max(0, v.milli - (before.get(k)?.milli ?? 0)) });
      }
      for (const [k, v] of delta) if (v.milli === 0) delta.delete(k);
      if (!delta.size) return undefined;
      const key = etcdKey(a.resource, a.namespace, a.name);
      if (a.operation === 'CREATE') charges.delete(key);
      const current = used(a);
      for (const q of quotas) {
        const hard = usageFromList(q.spec?.hard as Record<string, string>);
        const requested = mask(
          delta,
          [...hard.keys()].filter((k) => delta.has(k)),
        );
        const exceeded = [...requested.keys()].filter(
          (k) => (current.get(k)?.milli ?? 0) + requested.get(k)!.milli > hard.get(k)!.milli,
        );
        if (!exceeded.length) continue;
        return errors.forbidden(
          a.resource,
          a.name,
          `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(current, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
        );
      }
      charges.set(key, {
        namespace: a.namespace,
        plural: a.resource.plural,
        usage: delta,
        expires: now() + CHARGE_TTL_MS,
      });
      return undefined;
    },
  };
}
