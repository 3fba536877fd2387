import type { ResourceInfo } from '../../../../api/resources';
import type { PersistentVolumeClaim } from '../../../../api/storageTypes';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/core/persistentvolumeclaim/strategy.go. A new claim starts `Pending` with an
 * empty status; the PV controller binds it through the status subresource.
 */
export function persistentVolumeClaimStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    tracksGeneration: false,
    prepareForCreate(obj) {
      (obj as PersistentVolumeClaim).status = { phase: 'Pending' };
    },
  });
}
