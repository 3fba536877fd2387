import type { ApiRequest, Reply } from '../../../types';
import type { SubresourceREST } from '../../rest';
import type { Store } from '../../store';
import { CREATED } from './binding';

/**
 * POST pods/<name>/eviction (k/k: pkg/registry/core/pod/storage/eviction.go): the API-initiated
 * way to delete a pod, used by `kubectl drain`. With no PodDisruptionBudgets here, every
 * eviction is allowed and deletes the pod with the eviction's delete options.
 */
export class EvictionREST implements SubresourceREST {
  constructor(private readonly store: Store) {}

  create(req: ApiRequest, reply: Reply): void {
    const opts = (req.body as { deleteOptions?: { gracePeriodSeconds?: number } } | undefined)
      ?.deleteOptions;
    this.store.delete(
      {
        ...req,
        verb: 'delete',
        subresource: undefined,
        gracePeriodSeconds: opts?.gracePeriodSeconds,
      },
      (r) => reply(r.code === 200 ? { code: 201, body: CREATED } : r),
    );
  }
}
