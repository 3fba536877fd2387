/**
 * ValidatingAdmissionPolicy (k/k v1.31: staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/
 * validating — dispatcher.go, validator.go; generic/policy_matcher.go and CollectParams): each
 * stored policy whose matchConstraints match the request is evaluated for each of its bindings
 * that matches, once per parameter object, in CEL (../../../cel). A validation that is false, or
 * an error under `failurePolicy: Fail`, refuses the request under a `Deny` binding, warns under
 * `Warn`; the first denial is what the client reads:
 * `ValidatingAdmissionPolicy '<policy>' with binding '<binding>' denied request: <message>`.
 * Not simulated: the `authorizer` variable, audit annotations (no audit log here), and policies
 * on DELETE and CONNECT (the simulated admission chain admits creates and updates only).
 */
import type { KubeObject } from '../../api/types';
import { onDemand } from '../../onDemand';
import type { AdmissionLookups, ValidatingPlugin } from './interfaces';
import { isExemptAdmissionConfiguration } from './matching';

/**
 * The plugin. With no policy stored (always, until a learner writes one) nothing is evaluated;
 * the evaluation is in ./policyEvaluation.ts, loaded on demand (../../onDemand.ts).
 */
export function validatingAdmissionPolicy(lookups: AdmissionLookups): ValidatingPlugin {
  return {
    name: 'ValidatingAdmissionPolicy',
    operations: ['CREATE', 'UPDATE'],
    validate(a) {
      if (isExemptAdmissionConfiguration(a.resource.kind)) return undefined;
      const policies: KubeObject[] =
        lookups.admissionConfigurations?.('ValidatingAdmissionPolicy') ?? [];
      return policies.length ? onDemand().validatePolicies(policies, a, lookups) : undefined;
    },
  };
}
