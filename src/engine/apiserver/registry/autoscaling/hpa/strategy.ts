import { invalid, notSupported, required, type FieldError } from '../../../../api/fielderrors';
import type { ResourceInfo } from '../../../../api/resources';
import type { KubeObject } from '../../../../api/types';
import { validateObject } from '../../../../api/validation';
import type { MetricSpec } from '../../../../api/hpa';
import { genericStrategy, type RESTStrategy } from '../../strategy';

type Obj = Record<string, unknown>;

/** k/k: pkg/apis/autoscaling/validation ValidateHorizontalPodAutoscalerSpec (v1.31). */
export function validateHPASpec(o: KubeObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const ref = (spec.scaleTargetRef ?? {}) as Obj;
  if (!ref.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!ref.name) errs.push(required('spec.scaleTargetRef.name'));
  const min = spec.minReplicas as number | undefined;
  const max = spec.maxReplicas as number | undefined;
  if (min !== undefined && min < 1)
    errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max === undefined || max < 1)
    errs.push(invalid('spec.maxReplicas', max ?? 0, 'must be greater than 0'));
  else if (min !== undefined && max < min)
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const metrics = (spec.metrics ?? []) as MetricSpec[];
  metrics.forEach((m, i) => {
    const at = `spec.metrics[${i}]`;
    const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
    if (!types.includes(m.type)) return errs.push(notSupported(`${at}.type`, m.type, types));
    if (m.type !== 'Resource') return;
    if (!m.resource) return errs.push(required(`${at}.resource`));
    if (!m.resource.name) errs.push(required(`${at}.resource.name`));
    const t = m.resource.target ?? ({} as NonNullable<typeof m.resource>['target']);
    if (t.type === 'Utilization') {
      if (t.averageUtilization === undefined)
        errs.push(required(`${at}.resource.target.averageUtilization`));
      else if (t.averageUtilization <= 0)
        errs.push(
          invalid(
            `${at}.resource.target.averageUtilization`,
            t.averageUtilization,
            'must be greater than 0',
          ),
        );
    } else if (t.type === 'AverageValue') {
      if (t.averageValue === undefined) errs.push(required(`${at}.resource.target.averageValue`));
    } else
      errs.push(
        notSupported(`${at}.resource.target.type`, t.type, ['AverageValue', 'Utilization']),
      );
  });
  return errs;
}

/** k/k: pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go. */
export function hpaStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      delete obj.status;
    },
    validate: (obj) => [...validateObject(obj), ...validateHPASpec(obj)],
    validateUpdate: (obj, old) => [...validateObject(obj, old), ...validateHPASpec(obj)],
  });
}
