import { applyFault } from '../../engine/scenario/faults';
import type { Op } from './context';

/** Stop or start a component, or delete a VM, as a scenario's `fault` step does. */
export const faultOp: Op<'fault'> = (ctx, args, answer) => {
  let output: string;
  let ok = true;
  try {
    output = applyFault(ctx.cluster, args.fault);
  } catch (e) {
    // applyFault throws its own message for a fault it cannot apply (an unknown node).
    output = (e as Error).message;
    ok = false;
  }
  ctx.flush();
  answer.reply({ ok, output });
};
