import type { ResourceInfo } from '../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../strategy';

/**
 * k/k: pkg/registry/flowcontrol/flowschema/strategy.go and prioritylevelconfiguration/
 * strategy.go: a new object starts with an empty status (the APF config controller writes the
 * FlowSchema's `Dangling` condition), generation 1, bumped by a spec change; a write to the main
 * resource keeps the status.
 */
export function flowControlStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      obj.status = {};
    },
  });
}
