import type { Cluster } from '../../engine/cluster';
import { KubectlSession } from '../../engine/kubectl/session';
import type { UiToWorker } from '../../protocol';
import type { OpContext } from './context';

type KubectlMessage = Extract<UiToWorker, { type: 'kubectl' | 'kubectlPoll' | 'kubectlCancel' }>;

const sessions = new WeakMap<Cluster, KubectlSession>();

/** The terminal's kubectl: run a command, poll a stream for more, or cancel it (Ctrl+C). */
export function kubectlOp(ctx: OpContext, msg: KubectlMessage): void {
  let session = sessions.get(ctx.cluster);
  if (!session) {
    session = new KubectlSession(ctx.cluster, (r) => ctx.post({ type: 'result', ...r }));
    sessions.set(ctx.cluster, session);
  }
  switch (msg.type) {
    case 'kubectl':
      return session.run(msg.requestId, msg.command, msg.files);
    case 'kubectlPoll':
      return session.poll(msg.requestId, msg.stream);
    case 'kubectlCancel':
      return session.cancel(msg.requestId);
  }
}
