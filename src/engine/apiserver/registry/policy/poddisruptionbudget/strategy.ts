import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/policy/poddisruptionbudget/strategy.go: a new budget starts with an empty
 * status (the disruption controller fills it through `poddisruptionbudgets/status`); a spec
 * change bumps the generation, which `status.observedGeneration` then catches up with.
 */
export function podDisruptionBudgetStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      obj.status = {
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
      };
    },
  });
}
