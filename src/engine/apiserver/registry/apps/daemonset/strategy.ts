import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodSpec } from 'kubernetes-types/core/v1';
import {
  goIntOrString,
  goLabelSelector,
  goRepr,
  goStringMap,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../../../api/fielderrors';
import { labelSelectorRequirements, matchesParsedSelector } from '../../../../api/labels';
import { nonNegative, validatePodTemplate } from '../../../../api/podvalidation';
import type { ResourceInfo } from '../../../../api/resources';
import type { DaemonSet, KubeObject } from '../../../../api/types';
import { immutable, selRepr } from '../../../../api/updatevalidation';
import { validateObject } from '../../../../api/validation';
import {
  intOrPercentValue,
  PERCENT_RE,
  positiveIntOrPercent,
  validateLabelSelector,
} from '../../../../api/workloadvalidation';
import { jsonEqual } from '../../../patch';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * apps/v1 keeps the internal `spec.templateGeneration` in this annotation (k/k:
 * pkg/apis/apps/v1/conversion.go); the controller copies it to each pod's
 * `pod-template-generation` label.
 */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

type Obj = Record<string, unknown>;

/** k/k: IsNotMoreThan100Percent. */
function notMoreThan100(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || !PERCENT_RE.test(v) || intOrPercentValue(v) <= 100) return [];
  return [invalid(path, goIntOrString(v), 'must not be greater than 100%')];
}

/** k/k: ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet. */
function validateUpdateStrategy(strategy: Obj | undefined): FieldError[] {
  const path = 'spec.updateStrategy';
  const type = strategy?.type;
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') {
    return [
      notSupported(
        path,
        goRepr(
          `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(type ?? '')}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`,
        ),
        ['RollingUpdate', 'OnDelete'],
      ),
    ];
  }
  const ru = strategy?.rollingUpdate as Obj | undefined;
  if (!ru) return [required(`${path}.rollingUpdate`)];
  const p = `${path}.rollingUpdate`;
  const errs = [
    ...positiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
    ...positiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
    ...notMoreThan100(ru.maxUnavailable, `${p}.maxUnavailable`),
    ...notMoreThan100(ru.maxSurge, `${p}.maxSurge`),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(
      invalid(
        `${p}.maxSurge`,
        goIntOrString(ru.maxSurge as number | string),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  }
  return errs;
}

/** k/k: pkg/apis/apps/validation ValidateDaemonSetSpec (v1.31). */
export function validateDaemonSetSpec(o: KubeObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const selector = spec.selector as LabelSelector | undefined;
  const template = (spec.template ?? {}) as {
    metadata?: { labels?: Record<string, string> };
    spec?: PodSpec;
  };
  const errs: FieldError[] = [];
  if (!selector) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(selector, 'spec.selector'));
  let reqs;
  try {
    reqs = selector ? labelSelectorRequirements(selector) : undefined;
  } catch {
    reqs = undefined;
  }
  if (reqs && !matchesParsedSelector(template.metadata?.labels, { requirements: reqs })) {
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goRepr(goStringMap(template.metadata?.labels)),
        '`selector` does not match template `labels`',
      ),
    );
  }
  if (
    selector &&
    Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0
  ) {
    errs.push(
      invalid(
        'spec.selector',
        goLabelSelector(selector),
        'empty selector is invalid for daemonset',
      ),
    );
  }
  errs.push(...validatePodTemplate(template, 'spec.template'));
  const rp = template.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  }
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        template.spec.activeDeadlineSeconds,
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  }
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateUpdateStrategy(spec.updateStrategy as Obj | undefined));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

function templateGeneration(ds: KubeObject): number {
  const n = Number(ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * k/k: pkg/registry/apps/daemonset/strategy.go. A new DaemonSet starts at template generation
 * 1; an update that changes the template moves it on by one, which is how the pods of each
 * template are told apart (`pod-template-generation`).
 */
export function daemonSetStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      const ds = obj as DaemonSet;
      delete ds.status;
      const meta = ds.metadata!;
      meta.annotations = {
        ...(meta.annotations ?? {}),
        [TEMPLATE_GENERATION_ANNOTATION]: String(Math.max(1, templateGeneration(ds))),
      };
    },
    prepareForUpdate(next, old) {
      next.status = old.status;
      const gen = templateGeneration(old) || 1;
      const changed = !jsonEqual(
        (next.spec as Obj | undefined)?.template,
        (old.spec as Obj | undefined)?.template,
      );
      next.metadata = {
        ...(next.metadata ?? {}),
        annotations: {
          ...(next.metadata?.annotations ?? {}),
          [TEMPLATE_GENERATION_ANNOTATION]: String(changed ? gen + 1 : gen),
        },
      };
      return next;
    },
    validate: (obj) => [...validateObject(obj), ...validateDaemonSetSpec(obj)],
    validateUpdate: (obj, old) => [
      ...validateObject(obj, old),
      ...validateDaemonSetSpec(obj),
      ...immutable(
        'spec.selector',
        (obj.spec as Obj | undefined)?.selector,
        (old.spec as Obj | undefined)?.selector,
        selRepr,
      ),
    ],
  });
}
