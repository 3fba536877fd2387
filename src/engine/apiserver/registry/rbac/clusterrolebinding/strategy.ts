import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/rbac/clusterrolebinding/strategy.go: a cluster-scoped RoleBinding; no
 * generation, `roleRef` immutable.
 */
export function clusterRoleBindingStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, { tracksGeneration: false });
}
