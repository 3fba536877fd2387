import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/rbac/role/strategy.go: a namespaced list of rules with no spec and no
 * status, so no generation; the rules change freely (escalation checks are the authorizer's,
 * and the simulated kubectl is cluster-admin).
 */
export function roleStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, { tracksGeneration: false });
}
