/**
 * Validation of the workload kinds: Deployment and ReplicaSet (k/k: pkg/apis/apps/validation,
 * v1.31); a Job's, which only a learner creates, is in ./jobValidation.ts (loaded on demand).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from './types';
import {
  forbidden,
  goIntOrString,
  goLabelSelector,
  goRepr,
  goStringMap,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fielderrors';
import { qualifiedNameErrors, regexError } from './names';
import { nonNegative, validateLabels, validatePodTemplate } from './podvalidation';
import { labelSelectorRequirements, matchesParsedSelector } from './labels';

type Obj = Record<string, unknown>;
const specOf = (o: KubeObject) => (o.spec ?? {}) as Obj;

/** k/k: unversionedvalidation.ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelector, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(
            required(`${ep}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            forbidden(
              `${ep}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errs.push(invalid(`${ep}.operator`, e.operator, 'not a valid selector operator'));
    }
    for (const msg of qualifiedNameErrors(e.key)) errs.push(invalid(`${ep}.key`, e.key, msg));
  });
  errs.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  return errs;
}

/** k/k: ValidatePodTemplateSpecForReplicaSet, shared by Deployments and ReplicaSets. */
export function validateReplicatedSpec(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const errs: FieldError[] = [...nonNegative(spec.replicas, 'spec.replicas')];
  const selector = spec.selector as LabelSelector | undefined;
  if (!selector) {
    errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (
      Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length ===
      0
    ) {
      errs.push(
        invalid(
          'spec.selector',
          goLabelSelector(selector),
          'empty selector is invalid for deployment',
        ),
      );
    }
  }
  const template = (spec.template ?? {}) as {
    metadata?: { labels?: Record<string, string> };
    spec?: PodSpec;
  };
  let reqs;
  try {
    reqs = labelSelectorRequirements(selector);
  } catch {
    errs.push(
      invalid(
        'spec.selector',
        selector ? goLabelSelector(selector) : null,
        'invalid label selector',
      ),
    );
    reqs = null;
  }
  if (reqs !== null) {
    // A nil selector matches nothing, an empty one everything (k/k: LabelSelectorAsSelector).
    const empty = reqs !== undefined && reqs.length === 0;
    const labels = template.metadata?.labels;
    if (!empty && !(reqs && matchesParsedSelector(labels, { requirements: reqs }))) {
      errs.push(
        invalid(
          'spec.template.metadata.labels',
          goRepr(goStringMap(labels)),
          '`selector` does not match template `labels`',
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
          'activeDeadlineSeconds in ReplicaSet is not Supported',
        ),
      );
    }
  }
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  return errs;
}

export const PERCENT_RE = /^[0-9]+%$/;

/** k/k: ValidatePositiveIntOrPercent. */
export function positiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') {
    return PERCENT_RE.test(v)
      ? []
      : [
          invalid(
            path,
            goIntOrString(v),
            regexError(
              "a valid percent string must be a numeric string followed by an ending '%'",
              '[0-9]+%',
              '1%',
              '93%',
            ),
          ),
        ];
  }
  return nonNegative(v, path);
}

export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') return Number.parseInt(v, 10) || 0;
  return typeof v === 'number' ? v : 0;
}

/** k/k: ValidateDeploymentSpec's strategy and progress checks. */
export function validateDeploymentSpecExtras(o: KubeObject): FieldError[] {
  const spec = specOf(o);
  const errs: FieldError[] = [];
  const strategy = (spec.strategy ?? {}) as {
    type?: string;
    rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown };
  };
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    if (strategy.rollingUpdate) {
      errs.push(
        forbidden(
          'spec.strategy.rollingUpdate',
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
    }
  } else if (type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (ru) {
      const mu = ru.maxUnavailable ?? '25%';
      const ms = ru.maxSurge ?? '25%';
      errs.push(...positiveIntOrPercent(mu, 'spec.strategy.rollingUpdate.maxUnavailable'));
      errs.push(...positiveIntOrPercent(ms, 'spec.strategy.rollingUpdate.maxSurge'));
      if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
        errs.push(
          invalid(
            'spec.strategy.rollingUpdate.maxUnavailable',
            goIntOrString(mu as number | string),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      }
      if (typeof mu === 'string' && PERCENT_RE.test(mu) && intOrPercentValue(mu) > 100) {
        errs.push(
          invalid(
            'spec.strategy.rollingUpdate.maxUnavailable',
            goIntOrString(mu),
            'must not be greater than 100%',
          ),
        );
      }
    }
  } else {
    errs.push(
      notSupported(
        'spec.strategy',
        goRepr(
          `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`,
        ),
        ['Recreate', 'RollingUpdate'],
      ),
    );
  }
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const pds = spec.progressDeadlineSeconds;
  if (typeof pds === 'number') {
    if (pds <= 0) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than 0'));
    const mrs = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (pds <= mrs)
      errs.push(
        invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'),
      );
  }
  return errs;
}
