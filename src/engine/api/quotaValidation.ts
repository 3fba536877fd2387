/**
 * Validation of ReplicationController, ResourceQuota and LimitRange (k/k:
 * pkg/apis/core/validation/validation.go, v1.31): the rules a learner meets first.
 */
import type { PodSpec } from 'kubernetes-types/core/v1';
import {
  goRepr,
  goStringMap,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fielderrors';
import { matchesSelectorMap } from './labels';
import { qualifiedNameErrors } from './names';
import { nonNegative, validateLabels, validatePodTemplate } from './podvalidation';
import { compareQuantities, isValidQuantity } from './quantity';
import type { KubeObject } from './types';
// apf:
import { validateResourceQuotaScopes } from './quotaScopeValidation';

type Obj = Record<string, unknown>;

/** k/k: ValidateReplicationControllerSpec with ValidatePodTemplateSpecForRC. */
export function validateReplicationControllerSpec(o: KubeObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs = [
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec.replicas, 'spec.replicas'),
  ];
  const selector = spec.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  else errs.push(...validateLabels(selector, 'spec.selector'));
  const template = spec.template as
    { metadata?: { labels?: Record<string, string> }; spec?: PodSpec } | undefined;
  if (!template) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = template.metadata?.labels;
  if (selector && Object.keys(selector).length && !matchesSelectorMap(labels, selector))
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goRepr(goStringMap(labels)),
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validatePodTemplate(template, 'spec.template'));
  const rp = template.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always')
    errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        template.spec.activeDeadlineSeconds,
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  return errs;
}

/** k/k: ValidateResourceQuantityValue — a quota or limit may not be negative. */
function nonNegativeQuantities(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries((list ?? {}) as Obj)) {
    if (isValidQuantity(v) && compareQuantities(v as string, 0) < 0)
      errs.push(invalid(`${path}[${k}]`, v, 'must be a valid resource quantity'));
  }
  return errs;
}

/** k/k: ValidateResourceQuotaSpec (the hard limits, then the scopes). */
export function validateResourceQuotaSpec(o: KubeObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  return [
    ...nonNegativeQuantities(spec.hard, 'spec.hard'),
    // apf:
    ...validateResourceQuotaScopes(spec),
  ];
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

/**
 * k/k: ValidateLimitRange — each item's type, and min ≤ defaultRequest ≤ default ≤ max for
 * every resource named in both, with the API's texts.
 */
export function validateLimitRange(o: KubeObject): FieldError[] {
  const limits = ((o.spec ?? {}) as Obj).limits;
  if (!Array.isArray(limits)) return [required('spec.limits')];
  const errs: FieldError[] = [];
  limits.forEach((raw, i) => {
    const item = (raw ?? {}) as Record<string, Record<string, string> | string | undefined>;
    const p = `spec.limits[${i}]`;
    const type = item.type as string | undefined;
    // corpus-apps: k/k validateLimitRangeTypeName: a qualified name, and a standard type unless
    // it has a prefix (a missing type meets IsQualifiedName's two texts).
    const typeErrs = qualifiedNameErrors(type ?? '');
    typeErrs.forEach((msg) => errs.push(invalid(`${p}.type`, type ?? '', msg)));
    if (!typeErrs.length && !type!.includes('/') && !LIMIT_TYPES.includes(type!))
      errs.push(invalid(`${p}.type`, type, 'must be a standard limit type or fully qualified'));
    const m = (f: string) => (item[f] ?? {}) as Record<string, string>;
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
      errs.push(...nonNegativeQuantities(item[f], `${p}.${f}`));
    if (type === 'Pod' && Object.keys(m('default')).length)
      errs.push(
        invalid(`${p}.default`, goRepr('map[...]'), "may not be specified when `type` is 'Pod'"),
      );
    const [min, max, dflt, dfltReq] = [m('min'), m('max'), m('default'), m('defaultRequest')];
    const lte = (a: string | undefined, b: string | undefined) =>
      a === undefined || b === undefined || compareQuantities(a, b) <= 0;
    for (const k of new Set([...Object.keys(min), ...Object.keys(max), ...Object.keys(dflt)])) {
      if (!lte(min[k], max[k]))
        errs.push(
          invalid(
            `${p}.min[${k}]`,
            min[k],
            `min value ${min[k]} is greater than max value ${max[k]}`,
          ),
        );
      if (!lte(dfltReq[k], max[k]))
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            dfltReq[k],
            `default request value ${dfltReq[k]} is greater than max value ${max[k]}`,
          ),
        );
      if (!lte(min[k], dfltReq[k]))
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            dfltReq[k],
            `min value ${min[k]} is greater than default request value ${dfltReq[k]}`,
          ),
        );
      if (!lte(dfltReq[k], dflt[k]))
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            dfltReq[k],
            `default request value ${dfltReq[k]} is greater than default limit value ${dflt[k]}`,
          ),
        );
      if (!lte(dflt[k], max[k]))
        errs.push(
          invalid(
            `${p}.default[${k}]`,
            dflt[k],
            `default value ${dflt[k]} is greater than max value ${max[k]}`,
          ),
        );
      if (!lte(min[k], dflt[k]))
        errs.push(
          invalid(
            `${p}.default[${k}]`,
            dflt[k],
            `min value ${min[k]} is greater than default value ${dflt[k]}`,
          ),
        );
    }
  });
  return errs;
}
