/**
 * The checks of the policy kinds only a learner creates: PodDisruptionBudget (policy/v1) and
 * ValidatingAdmissionPolicy with its binding (admissionregistration.k8s.io/v1), loaded on demand
 * (see ../onDemand.ts); the access and priority kinds the cluster itself creates are checked in
 * ./policyvalidation.ts. k/k (v1.31): pkg/apis/policy/validation/validation.go,
 * pkg/apis/admissionregistration/validation/validation.go. The texts are the API server's.
 */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-types/admissionregistration/v1';
import { invalid, notSupported, required, type FieldError } from './fielderrors';
import { onDemand } from '../onDemand';
import type { KubeObject } from './types';
import { positiveIntOrPercent, validateLabelSelector } from './workloadvalidation';

/** The field errors of one of these kinds (undefined: not one of them). */
export function validateLearnerPolicyObject(o: KubeObject): FieldError[] | undefined {
  switch (o.kind) {
    case 'PodDisruptionBudget':
      return validatePodDisruptionBudget(o as PodDisruptionBudget);
    case 'ValidatingAdmissionPolicy': {
      const spec = (o as ValidatingAdmissionPolicy).spec ?? {};
      const errs: FieldError[] = [];
      if (!spec.matchConstraints) errs.push(required('spec.matchConstraints', ''));
      else if (!spec.matchConstraints.resourceRules?.length)
        errs.push(required('spec.matchConstraints.resourceRules', ''));
      if (!spec.validations?.length && !spec.auditAnnotations?.length)
        errs.push(
          required(
            'spec.validations',
            'validations or auditAnnotations must contain at least one item',
          ),
        );
      errs.push(...policyExpressionErrors(spec));
      return errs;
    }
    case 'ValidatingAdmissionPolicyBinding': {
      const spec = (o as ValidatingAdmissionPolicyBinding).spec ?? {};
      const errs: FieldError[] = [];
      if (!spec.policyName) errs.push(required('spec.policyName', ''));
      if (!spec.validationActions?.length)
        errs.push(required('spec.validationActions', 'at least one validation action is required'));
      return errs;
    }
  }
  return undefined;
}

/** k/k: ValidatePodDisruptionBudgetSpec (policy/v1). */
function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[f];
    if (v === undefined) continue;
    errs.push(...positiveIntOrPercent(v, `spec.${f}`));
    if (typeof v === 'string' && /^[0-9]+%$/.test(v) && parseInt(v, 10) > 100)
      errs.push(invalid(`spec.${f}`, v, 'must not be greater than 100%'));
  }
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policies = ['AlwaysAllow', 'IfHealthyBudget'];
  if (spec.unhealthyPodEvictionPolicy && !policies.includes(spec.unhealthyPodEvictionPolicy))
    errs.push(
      notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, policies),
    );
  return errs;
}

/**
 * k/k validateValidatingAdmissionPolicySpec: every CEL expression must compile (parse, and name
 * only declared variables and functions): `compilation failed: ERROR: <input>:1:7: …`.
 */
function policyExpressionErrors(
  spec: NonNullable<ValidatingAdmissionPolicy['spec']>,
): FieldError[] {
  const errs: FieldError[] = [];
  const check = (expression: string | undefined, path: string) => {
    if (expression === undefined || expression === '') {
      errs.push(required(path, ''));
      return;
    }
    const r = onDemand().compilePolicyExpression(expression);
    if ('error' in r) errs.push(invalid(path, expression, r.error));
  };
  (spec.matchConditions ?? []).forEach((c, i) =>
    check(c.expression, `spec.matchConditions[${i}].expression`),
  );
  (spec.variables ?? []).forEach((v, i) => check(v.expression, `spec.variables[${i}].expression`));
  (spec.validations ?? []).forEach((v, i) => {
    check(v.expression, `spec.validations[${i}].expression`);
    if (v.messageExpression) check(v.messageExpression, `spec.validations[${i}].messageExpression`);
  });
  (spec.auditAnnotations ?? []).forEach((a, i) =>
    check(a.valueExpression, `spec.auditAnnotations[${i}].valueExpression`),
  );
  return errs;
}
