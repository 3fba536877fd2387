import type { ValidatingPlugin } from './interfaces';

/**
 * ResourceQuota (k/k: plugin/pkg/admission/resourcequota): refuses a write that would exceed a
 * namespace's ResourceQuota. This cluster serves no ResourceQuota objects, so there is never a
 * quota to exceed; the plugin is in the chain because kube-apiserver enables it by default.
 */
export function resourceQuota(): ValidatingPlugin {
  return { name: 'ResourceQuota', operations: ['CREATE', 'UPDATE'], validate: () => undefined };
}
