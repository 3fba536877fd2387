import { isStatus, kubectlErrorLine } from '../../engine/apiserver/errors';
import type { OpContext } from './context';

/** A container's log (`GET pods/log`), as the inspector shows it. */
export function logsOp(
  ctx: OpContext,
  msg: {
    requestId: number;
    namespace: string;
    pod: string;
    container?: string;
    previous?: boolean;
  },
): void {
  ctx.cluster.request(
    {
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
      namespace: msg.namespace,
      name: msg.pod,
      container: msg.container,
      previous: msg.previous,
    },
    (r) => {
      const ok = r.code === 200;
      const output = ok
        ? String(r.body ?? '')
        : isStatus(r.body)
          ? kubectlErrorLine(r.body)
          : `Error from server (BadRequest): ${String(r.body)}`;
      ctx.post({ type: 'result', requestId: msg.requestId, ok, output });
    },
  );
}
