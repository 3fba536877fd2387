import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/rbac/clusterrole/strategy.go: a cluster-scoped Role; no generation. An
 * aggregated ClusterRole's rules are written by the clusterrole-aggregation controller.
 */
export function clusterRoleStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, { tracksGeneration: false });
}
