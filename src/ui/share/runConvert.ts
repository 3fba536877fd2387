/**
 * The worker's run log (protocol `RunLog`: the request messages themselves, with their instants)
 * and the shared format of links and files (`RecordedRun`, src/engine/replay/run.ts: one field
 * set per kind of action, no request ids, checked field by field when it comes back).
 */
import type { RecordedRun, SharedRunAction as SharedAction } from '../../engine/public';
import type { RunAction, RunLog } from '../../protocol';

/** The run log as a link or scenario file carries it. Playback controls are left out. */
export function toShared(log: RunLog): RecordedRun {
  const actions: SharedAction[] = [];
  const kubectlIndex = new Map<number, number>();
  for (const a of log.actions) {
    const at = { at: a.at, executed: a.executed };
    if (a.type === 'cancel') {
      const of = kubectlIndex.get(a.requestId);
      if (of !== undefined) actions.push({ ...at, op: 'cancel', of });
      continue;
    }
    if (a.type !== 'request') continue;
    switch (a.op) {
      case 'apply':
      case 'delete':
        actions.push({ ...at, op: a.op, manifest: a.args.manifest });
        break;
      case 'kubectl':
        kubectlIndex.set(a.requestId, actions.length);
        actions.push({
          ...at,
          op: 'kubectl',
          command: a.args.command,
          ...(a.args.files && Object.keys(a.args.files).length ? { files: a.args.files } : {}),
        });
        break;
      case 'fault':
        actions.push({ ...at, op: 'fault', fault: { ...a.args.fault } });
        break;
      case 'logs':
        actions.push({ ...at, op: 'logs', ...a.args });
        break;
      case 'traffic':
        actions.push({ ...at, op: 'traffic', ...a.args });
        break;
      // inspect reads; scenario operations are about runs, not the cluster.
    }
  }
  const last = actions[actions.length - 1];
  return {
    shape: { ...log.shape },
    actions,
    // The log knows the virtual time reached; the events run then are every one up to it.
    moment: { at: Math.max(log.until, last?.at ?? 0), executed: Number.MAX_SAFE_INTEGER },
  };
}

/** A shared run as a run log the worker restores (replayed requests get negative ids). */
export function toRunLog(run: RecordedRun): RunLog {
  const actions: RunAction[] = run.actions.map((a, i) => {
    const point = { at: a.at, executed: a.executed };
    const requestId = -(i + 1);
    const request = (op: string, args: object) =>
      ({ ...point, type: 'request', op, requestId, args }) as RunAction;
    switch (a.op) {
      case 'apply':
      case 'delete':
        return request(a.op, { manifest: a.manifest });
      case 'kubectl':
        return request('kubectl', { command: a.command, ...(a.files ? { files: a.files } : {}) });
      case 'cancel':
        return { ...point, type: 'cancel', requestId: -(a.of + 1) };
      case 'fault':
        return request('fault', { fault: a.fault });
      case 'logs': {
        const { at: _a, executed: _e, op: _o, ...args } = a;
        return request('logs', args);
      }
      case 'traffic': {
        const { at: _a, executed: _e, op: _o, ...args } = a;
        return request('traffic', args);
      }
    }
  });
  return { shape: { ...run.shape }, actions, until: run.moment.at };
}
