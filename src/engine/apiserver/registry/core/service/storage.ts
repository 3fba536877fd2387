import type { ResourceInfo } from '../../../../api/resources';
import type { Service } from '../../../../api/types';
import type { AdmissionChain } from '../../../admission/chain';
import type { StorageContext } from '../../context';
import { Store } from '../../store';
import { genericStrategy } from '../../strategy';
import { ServiceAllocator } from './allocator';

/**
 * Services (k/k: pkg/registry/core/service/storage/storage.go): the generic store, with the
 * ClusterIP and NodePorts allocated when a create begins and released when the Service goes.
 * Services have no generation (k/k: svcStrategy).
 */
export function serviceStore(
  ctx: StorageContext,
  info: ResourceInfo,
  admission: AdmissionChain,
): Store {
  const allocator = new ServiceAllocator(ctx.rng);
  return new Store(ctx, info, genericStrategy(info, { tracksGeneration: false }), admission, {
    beginCreate(obj) {
      const err = allocator.allocate(obj as Service);
      if (err) return err;
      return (ok) => {
        if (!ok) allocator.release(obj as Service);
      };
    },
    afterDelete: (obj) => allocator.release(obj as Service),
  });
}
