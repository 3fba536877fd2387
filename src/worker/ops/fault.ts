import { applyFault } from '../../engine/scenario/faults';
import type { FaultSpec } from '../../protocol';
import type { OpContext } from './context';

/** Stop or start a component, or delete a VM, as a scenario's `fault` step does. */
export function faultOp(ctx: OpContext, msg: { requestId: number; fault: FaultSpec }): void {
  let output: string;
  let ok = true;
  try {
    output = applyFault(ctx.cluster, msg.fault);
  } catch (e) {
    output = (e as Error).message;
    ok = false;
  }
  ctx.flush();
  ctx.post({ type: 'result', requestId: msg.requestId, ok, output });
}
