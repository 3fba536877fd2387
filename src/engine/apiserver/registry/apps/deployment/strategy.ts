import { genericStatusStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/apps/deployment/strategy.go deploymentStatusStrategy: a status write keeps
 * the annotations it sends, which is how the controller records the revision.
 */
export const deploymentStatusStrategy = genericStatusStrategy(['annotations']);
