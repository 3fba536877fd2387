import { invalid, notSupported, required, type FieldError } from '../../../../api/fielderrors';
import { nonNegative } from '../../../../api/podvalidation';
import type { ResourceInfo } from '../../../../api/resources';
import type { KubeObject } from '../../../../api/types';
import { validateObject } from '../../../../api/validation';
import { onDemand } from '../../../../onDemand';
import { genericStrategy, type RESTStrategy } from '../../strategy';

type Obj = Record<string, unknown>;

/**
 * A CronJob's name leaves room for the 11-character suffix of its Jobs' names
 * (k/k: validation.ValidateCronJobCreate, 63 − 11 = 52).
 */
const MAX_CRONJOB_NAME = 52;

/** k/k: pkg/apis/batch/validation validateCronJobSpec (v1.31). */
export function validateCronJobSpec(o: KubeObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const name = o.metadata?.name ?? '';
  if (name.length > MAX_CRONJOB_NAME)
    errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '') errs.push(required('spec.schedule'));
  else {
    try {
      onDemand().parseSchedule(schedule);
    } catch (e) {
      errs.push(invalid('spec.schedule', schedule, (e as Error).message));
    }
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  const policy = spec.concurrencyPolicy;
  if (policy === undefined || policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (policy !== 'Allow' && policy !== 'Forbid' && policy !== 'Replace')
    errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  const jobSpec = ((spec.jobTemplate as Obj | undefined)?.spec ?? {}) as Obj;
  // The Job rules, under spec.jobTemplate (k/k: ValidateJobTemplateSpec).
  for (const e of onDemand().validateJobSpec({ spec: jobSpec })) {
    errs.push({ ...e, field: e.field.replace(/^spec\./, 'spec.jobTemplate.spec.') });
  }
  return errs;
}

/** k/k: pkg/registry/batch/cronjob/strategy.go. */
export function cronJobStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      delete obj.status;
    },
    validate: (obj) => [...validateObject(obj), ...validateCronJobSpec(obj)],
    validateUpdate: (obj, old) => [...validateObject(obj, old), ...validateCronJobSpec(obj)],
  });
}
