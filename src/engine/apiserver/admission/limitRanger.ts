import type { LimitRange, LimitRangeItem } from '../../api/types';
import { onDemand } from '../../onDemand';
import type { AdmissionLookups, Attributes, MutatingPlugin, ValidatingPlugin } from './interfaces';

// What a namespace's limit ranges do to a pod or claim is in ./limitRanges.ts, loaded on demand
// (../../onDemand.ts): only a learner's LimitRange gives a namespace any.

function itemsOf(lookups: AdmissionLookups, a: Attributes): LimitRangeItem[] {
  if (!a.namespace) return [];
  return ((lookups.limitRanges?.(a.namespace) ?? []) as LimitRange[])
    .sort((x, y) => x.metadata!.name!.localeCompare(y.metadata!.name!))
    .flatMap((lr) => lr.spec?.limits ?? []);
}

/**
 * LimitRanger, mutating half (k/k: plugin/pkg/admission/limitranger/admission.go
 * PodMutateLimitFunc, mergeContainerResources): a container without a request or limit for a
 * resource gets the `defaultRequest` / `default` of the namespace's Container limit ranges, and
 * the pod is annotated with what was set (`kubernetes.io/limit-ranger`).
 */
export function limitRangerAdmit(lookups: AdmissionLookups): MutatingPlugin {
  return {
    name: 'LimitRanger',
    operations: ['CREATE'],
    mutates: true,
    admit(a) {
      if (a.resource.kind !== 'Pod') return undefined;
      const items = itemsOf(lookups, a).filter((i) => i.type === 'Container');
      if (!items.length) return undefined;
      onDemand().applyLimitRangeDefaults(items, a);
      return undefined;
    },
  };
}

/**
 * LimitRanger, validating half (k/k: PodValidateLimitFunc, PersistentVolumeClaimValidateLimitFunc):
 * each container (type Container), the pod's totals (type Pod) and a claim's storage request
 * (type PersistentVolumeClaim) must lie within `min`, `max` and `maxLimitRequestRatio`. Several
 * violations are joined as Go's aggregate error prints them: `[a, b]`.
 */
export function limitRangerValidate(lookups: AdmissionLookups): ValidatingPlugin {
  return {
    name: 'LimitRanger',
    operations: ['CREATE'],
    validate(a) {
      if (a.resource.kind !== 'Pod' && a.resource.kind !== 'PersistentVolumeClaim')
        return undefined;
      const items = itemsOf(lookups, a);
      if (!items.length) return undefined;
      return onDemand().checkLimitRanges(items, a);
    },
  };
}
