/**
 * Validation on update: the fields each kind does not let change
 * (k/k: ValidateObjectMetaUpdate, ValidatePodUpdate, apps/batch Validate*Update, v1.31).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from './types';
import {
  forbidden,
  goLabelSelector,
  goRepr,
  goStringSlice,
  invalid,
  type FieldError,
} from './fielderrors';

type Obj = Record<string, unknown>;
const specOf = (o: KubeObject) => (o.spec ?? {}) as Obj;
const FIELD_IMMUTABLE = 'field is immutable';

const same = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const k of Object.keys(v as Obj).sort()) {
      if ((v as Obj)[k] !== undefined) out[k] = canonical((v as Obj)[k]);
    }
    return out;
  }
  return v;
}

// k/k v1.31: ValidatePodUpdate (the cmp.Diff that follows in the real message is left out).
const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validatePodUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as PodSpec;
  const oldSpec = (old.spec ?? {}) as PodSpec;
  if ((spec.containers ?? []).length !== (oldSpec.containers ?? []).length) {
    return [forbidden('spec.containers', 'pod updates may not add or remove containers')];
  }
  // Munge the old spec with the fields that may change, then compare the rest.
  const munged: PodSpec = {
    ...oldSpec,
    containers: (oldSpec.containers ?? []).map((c, i) => ({
      ...c,
      image: spec.containers[i].image,
    })),
    activeDeadlineSeconds: spec.activeDeadlineSeconds,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
  };
  if (oldSpec.initContainers) {
    munged.initContainers = oldSpec.initContainers.map((c, i) => ({
      ...c,
      image: spec.initContainers?.[i]?.image ?? c.image,
    }));
  }
  const oldTol = oldSpec.tolerations ?? [];
  const newTol = spec.tolerations ?? [];
  if (oldTol.every((t) => newTol.some((n) => same(n, t)))) munged.tolerations = spec.tolerations;
  // spec.nodeName is set by binding; an update that leaves it out keeps the stored value.
  const compared = { ...spec, nodeName: spec.nodeName ?? oldSpec.nodeName };
  return same(compared, munged) ? [] : [forbidden('spec', POD_UPDATE_FORBIDDEN)];
}

export function immutable(
  path: string,
  now: unknown,
  before: unknown,
  repr: (v: unknown) => unknown,
): FieldError[] {
  return same(now, before)
    ? []
    : [invalid(path, now === undefined ? null : repr(now), FIELD_IMMUTABLE)];
}

export const selRepr = (v: unknown) => goLabelSelector(v as LabelSelector);

/** Update rules: immutable fields per kind (k/k: Validate*Update and the registry strategies). */
export function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const id = (v: unknown) => v;
  errs.push(...immutable('metadata.name', obj.metadata?.name, old.metadata?.name, id));
  errs.push(
    ...immutable('metadata.namespace', obj.metadata?.namespace, old.metadata?.namespace, id),
  );
  const spec = specOf(obj);
  const oldSpec = specOf(old);
  switch (obj.kind) {
    case 'Pod':
      errs.push(...validatePodUpdate(obj, old));
      break;
    case 'Deployment':
    case 'ReplicaSet':
      errs.push(...immutable('spec.selector', spec.selector, oldSpec.selector, selRepr));
      break;
    case 'Job':
      errs.push(...immutable('spec.completions', spec.completions, oldSpec.completions, id));
      errs.push(...immutable('spec.selector', spec.selector, oldSpec.selector, selRepr));
      errs.push(
        ...immutable('spec.template', spec.template, oldSpec.template, () =>
          goRepr('core.PodTemplateSpec{…}'),
        ),
      );
      break;
    case 'Service': {
      const ip = spec.clusterIP as string | undefined;
      const oldIp = oldSpec.clusterIP as string | undefined;
      if (oldIp && ip && ip !== oldIp) {
        errs.push(
          invalid('spec.clusterIPs[0]', goRepr(goStringSlice([ip])), 'may not change once set'),
        );
        errs.push(invalid('spec.clusterIP', ip, FIELD_IMMUTABLE));
      }
      break;
    }
    case 'ConfigMap':
    case 'Secret':
      if (old.immutable === true) {
        if (!same(obj.data, old.data) || !same(obj.binaryData, old.binaryData)) {
          errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
        }
        if (obj.immutable !== true)
          errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      }
      if (obj.kind === 'Secret' && (obj.type ?? 'Opaque') !== (old.type ?? 'Opaque')) {
        errs.push(invalid('type', obj.type ?? 'Opaque', FIELD_IMMUTABLE));
      }
      break;
  }
  return errs;
}
