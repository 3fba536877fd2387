import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/admissionregistration/validatingadmissionpolicy/strategy.go: a new policy
 * starts with no status and generation 1; a spec change bumps the generation. (The policy's CEL
 * expressions are stored, not evaluated: the simulated API server runs no CEL.)
 */
export function validatingAdmissionPolicyStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      delete obj.status;
    },
  });
}
