import { isStatus, kubectlErrorLine } from '../../engine/apiserver/errors';
import type { Op } from './context';

/** A container's log (`GET pods/log`), as the inspector shows it. */
export const logsOp: Op<'logs'> = (ctx, args, answer) =>
  ctx.cluster.request(
    {
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
      namespace: args.namespace,
      name: args.pod,
      container: args.container,
      previous: args.previous,
    },
    (r) => {
      const ok = r.code === 200;
      const output = ok
        ? String(r.body ?? '')
        : isStatus(r.body)
          ? kubectlErrorLine(r.body)
          : `Error from server (BadRequest): ${String(r.body)}`;
      answer.reply({ ok, output });
    },
  );
