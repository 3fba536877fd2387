import type { ResourceInfo } from '../../../../api/resources';
import type { PersistentVolumeClaim } from '../../../../api/storageTypes';
import { genericStrategy, type RESTStrategy } from '../../strategy';
// apf:
import { dropDisabledPersistentVolumeClaimFields } from '../../../../api/dropDisabled';

/**
 * k/k: pkg/registry/core/persistentvolumeclaim/strategy.go. A new claim starts `Pending` with an
 * empty status; the PV controller binds it through the status subresource.
 */
export function persistentVolumeClaimStrategy(info: ResourceInfo): RESTStrategy {
  const strategy = genericStrategy(info, {
    tracksGeneration: false,
    prepareForCreate(obj) {
      (obj as PersistentVolumeClaim).status = { phase: 'Pending' };
      // apf:
      dropDisabledPersistentVolumeClaimFields(obj as PersistentVolumeClaim);
    },
  });
  // apf: an update drops the disabled field too, unless the stored claim already uses it.
  return {
    ...strategy,
    prepareForUpdate(next, old) {
      const out = strategy.prepareForUpdate(next, old);
      dropDisabledPersistentVolumeClaimFields(
        out as PersistentVolumeClaim,
        old as PersistentVolumeClaim,
      );
      return out;
    },
  };
}
