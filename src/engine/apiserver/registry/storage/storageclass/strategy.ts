import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/storage/storageclass/strategy.go: a cluster-scoped object with no spec and
 * no status; provisioner, parameters, reclaimPolicy and volumeBindingMode never change.
 */
export function storageClassStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, { tracksGeneration: false });
}
