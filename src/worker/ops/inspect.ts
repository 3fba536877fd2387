import { componentDetails } from '../components';
import type { Op } from './context';

/** What one component holds (caches, rules, queues), for the inspector. */
export const inspectOp: Op<'inspect'> = (ctx, args, answer) =>
  answer.reply({ ok: true, details: componentDetails(ctx.cluster, args.component) });
