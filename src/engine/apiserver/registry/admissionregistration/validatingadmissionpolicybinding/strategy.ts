import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/admissionregistration/validatingadmissionpolicybinding/strategy.go:
 * cluster-scoped, generation 1 on create and bumped by a spec change, no status.
 */
export function validatingAdmissionPolicyBindingStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info);
}
