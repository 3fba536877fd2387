import { componentDetails } from '../components';
import type { OpContext } from './context';

/** What one component holds (caches, rules, queues), for the inspector. */
export function inspectOp(ctx: OpContext, msg: { requestId: number; component: string }): void {
  ctx.post({
    type: 'result',
    requestId: msg.requestId,
    ok: true,
    details: componentDetails(ctx.cluster, msg.component),
  });
}
