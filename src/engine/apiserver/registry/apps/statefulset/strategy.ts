import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodSpec } from 'kubernetes-types/core/v1';
import {
  forbidden,
  goLabelSelector,
  goRepr,
  goStringMap,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../../../api/fielderrors';
import { labelSelectorRequirements, matchesParsedSelector } from '../../../../api/labels';
import { nonNegative, validateLabels } from '../../../../api/podvalidation';
import type { ResourceInfo } from '../../../../api/resources';
import type { KubeObject } from '../../../../api/types';
import { validateObject } from '../../../../api/validation';
import { validateLabelSelector } from '../../../../api/workloadvalidation';
import { jsonEqual } from '../../../patch';
import { genericStrategy, type RESTStrategy } from '../../strategy';

type Obj = Record<string, unknown>;

/** k/k: validation.ValidatePodTemplateSpecForStatefulSet (the pod spec itself is checked by the pods). */
function validateTemplate(
  template: Obj | undefined,
  selector: LabelSelector | undefined,
): FieldError[] {
  if (!template) return [required('spec.template')];
  const meta = (template.metadata ?? {}) as { labels?: Record<string, string> };
  const errs: FieldError[] = [];
  let reqs;
  try {
    reqs = selector ? labelSelectorRequirements(selector) : undefined;
  } catch {
    reqs = undefined;
  }
  if (reqs && reqs.length > 0 && !matchesParsedSelector(meta.labels, { requirements: reqs })) {
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goRepr(goStringMap(meta.labels)),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validateLabels(meta.labels, 'spec.template.labels'));
  return errs;
}

/** k/k: pkg/apis/apps/validation ValidateStatefulSetSpec (v1.31). */
export function validateStatefulSetSpec(o: KubeObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (policy === undefined || policy === '') errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel')
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: Obj };
  switch (strategy.type) {
    case undefined:
    case '':
      errs.push(required('spec.updateStrategy'));
      break;
    case 'OnDelete':
      if (strategy.rollingUpdate)
        errs.push(
          invalid(
            'spec.updateStrategy.rollingUpdate',
            goRepr('apps.RollingUpdateStatefulSetStrategy{…}'),
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      break;
    case 'RollingUpdate':
      if (strategy.rollingUpdate)
        errs.push(
          ...nonNegative(
            strategy.rollingUpdate.partition,
            'spec.updateStrategy.rollingUpdate.partition',
          ),
        );
      break;
    default:
      errs.push(
        invalid(
          'spec.updateStrategy',
          goRepr(
            `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(strategy.type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`,
          ),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      );
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const ordinals = spec.ordinals as { start?: unknown } | undefined;
  if (ordinals) errs.push(...nonNegative(ordinals.start, 'spec.ordinals.start'));
  const selector = spec.selector as LabelSelector | undefined;
  if (!selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (
      Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length ===
      0
    )
      errs.push(
        invalid(
          'spec.selector',
          goLabelSelector(selector),
          'empty selector is invalid for statefulset',
        ),
      );
  }
  const template = spec.template as Obj | undefined;
  errs.push(...validateTemplate(template, selector));
  const podSpec = (template?.spec ?? {}) as PodSpec;
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always')
    errs.push(notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined)
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        podSpec.activeDeadlineSeconds,
        'must not be specified',
      ),
    );
  ((spec.volumeClaimTemplates ?? []) as Obj[]).forEach((claim, i) => {
    const name = (claim?.metadata as { name?: string } | undefined)?.name;
    if (!name)
      errs.push(
        required(
          `spec.volumeClaimTemplates[${i}].metadata.name`,
          'name or generateName is required',
        ),
      );
  });
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** The spec fields an update may change (k/k: ValidateStatefulSetUpdate, v1.31). */
const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const strip = (o: KubeObject) => {
    const s = { ...((o.spec ?? {}) as Obj) };
    for (const k of MUTABLE) delete s[k];
    return s;
  };
  if (jsonEqual(strip(obj), strip(old))) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

/** k/k: pkg/registry/apps/statefulset/strategy.go. */
export function statefulSetStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      delete obj.status;
    },
    validate: (obj) => [...validateObject(obj), ...validateStatefulSetSpec(obj)],
    validateUpdate: (obj, old) => [
      ...validateObject(obj, old),
      ...validateStatefulSetSpec(obj),
      ...validateStatefulSetUpdate(obj, old),
    ],
  });
}
