import type { ResourceInfo } from '../../../../api/resources';
import type { PersistentVolume } from '../../../../api/storageTypes';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/core/persistentvolume/strategy.go. A new volume's status is reset to
 * `Pending` (the PV controller makes it `Available`); no generation; the status is written
 * through the status subresource only.
 */
export function persistentVolumeStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    tracksGeneration: false,
    prepareForCreate(obj) {
      (obj as PersistentVolume).status = { phase: 'Pending' };
    },
  });
}
