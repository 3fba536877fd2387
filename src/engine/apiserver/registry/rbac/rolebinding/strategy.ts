import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/rbac/rolebinding/strategy.go: no generation; `roleRef` never changes
 * (ValidateRoleBindingUpdate: `cannot change roleRef`, in api/policyvalidation).
 */
export function roleBindingStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, { tracksGeneration: false });
}
