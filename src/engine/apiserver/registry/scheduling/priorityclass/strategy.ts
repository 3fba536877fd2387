import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/scheduling/priorityclass/strategy.go: cluster-scoped, no spec and no
 * status, so no generation; `value` and `preemptionPolicy` never change
 * (ValidatePriorityClassUpdate, in api/policyvalidation). The built-in classes are created by
 * the API server at start (pkg/registry/scheduling/rest: the bootstrap post-start hook), and
 * a delete of one of them is refused by the Priority admission plugin.
 */
export function priorityClassStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, { tracksGeneration: false });
}
