import type { Pod } from '../../../../api/types';
import * as errors from '../../../errors';
import { spread } from '../../../patch';
import type { ApiRequest, Reply } from '../../../types';
import type { SubresourceREST } from '../../rest';
import type { Store } from '../../store';

/** The Status a successful binding or eviction answers with. */
export const CREATED = {
  apiVersion: 'v1',
  kind: 'Status',
  status: 'Success',
  code: 201,
} as never;

/**
 * POST pods/<name>/binding (k/k: pkg/registry/core/pod/storage BindingREST): set
 * `spec.nodeName` and PodScheduled=True, once; a pod being deleted cannot be bound.
 */
export class BindingREST implements SubresourceREST {
  constructor(private readonly store: Store) {}

  create(req: ApiRequest, reply: Reply): void {
    const { ctx, info } = this.store;
    const key = this.store.keyOf(req);
    const current = ctx.etcd.store.get(key);
    if (!current) return reply({ code: 404, body: errors.notFound(info, req.name!) });
    const live = ctx.live(current) as Pod;
    const target = (req.body as { target?: { name?: string } })?.target?.name;
    if (!target)
      return reply({
        code: 422,
        body: errors.invalid(info, req.name!, 'Binding.target.name: Required value'),
      });
    if (live.metadata?.deletionTimestamp) {
      return reply({
        code: 409,
        body: errors.conflict(
          info,
          req.name!,
          'pod is being deleted, cannot be assigned to a host',
        ),
      });
    }
    if (live.spec!.nodeName) {
      return reply({
        code: 409,
        body: errors.conflict(
          info,
          req.name!,
          `pod ${req.name} is already assigned to node "${live.spec!.nodeName}"`,
        ),
      });
    }
    const conditions = (live.status!.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: ctx.clock.timestamp(),
    });
    // The pod with the node and the condition: new objects along those two paths (and the
    // metadata, which the write changes), the live pod's deep-frozen parts everywhere else (its
    // containers, volumes…), as a patch builds it: the same JSON as a whole copy, without
    // copying the pod, and the bound revision shares them with the one before.
    // (Copies made by spread, whose objects keep their fields in themselves: see emptyLike.)
    type Fields = Record<string, unknown>;
    const pod = spread(live as unknown as Fields) as unknown as Pod;
    pod.metadata = spread(live.metadata as Fields) as Pod['metadata'];
    const spec = spread(live.spec as Fields) as NonNullable<Pod['spec']>;
    spec.nodeName = target;
    pod.spec = spec;
    const status = (live.status ? spread(live.status as Fields) : {}) as NonNullable<Pod['status']>;
    status.conditions = conditions;
    pod.status = status;
    this.store.write(
      key,
      current,
      pod,
      (r) => reply(r.code === 200 ? { code: 201, body: CREATED } : r),
      pod,
    );
  }
}
