import type { Clock } from '../../engine/sim/clock';
import type { ClusterShape, RecordedRun, RunAction } from '../../engine/replay/run';
import { PROTOCOL_VERSION, type UiToWorker } from '../../protocol';

/**
 * The run so far: the cluster's shape and every user action that reaches the engine, with the
 * moment it happened (virtual ms and engine events run). This is what a link or a scenario file
 * carries and what a replay rebuilds the cluster from (architecture principle 9).
 */
export class RunRecorder {
  private shape: ClusterShape = { workers: 3, cpu: '4', memory: '8Gi', seed: 42 };
  private actions: RunAction[] = [];
  /** Request id of each recorded kubectl command → its index, for Ctrl+C. */
  private kubectlIndex = new Map<number, number>();

  /** A new cluster: an empty run of this shape. */
  start(shape: ClusterShape): void {
    this.shape = { workers: shape.workers, cpu: shape.cpu, memory: shape.memory, seed: shape.seed };
    this.actions = [];
    this.kubectlIndex.clear();
  }

  /** Records `msg` when it is an action that changes what the engine does. */
  record(msg: UiToWorker, clock: Clock): void {
    const moment = { at: clock.now, executed: clock.executed };
    let action: RunAction | undefined;
    if (msg.type === 'cancel') {
      const of = this.kubectlIndex.get(msg.requestId);
      if (of !== undefined) action = { ...moment, op: 'cancel', of };
    } else if (msg.type === 'request') {
      switch (msg.op) {
        case 'apply':
        case 'delete':
          action = { ...moment, op: msg.op, manifest: msg.args.manifest };
          break;
        case 'kubectl': {
          this.kubectlIndex.set(msg.requestId, this.actions.length);
          const files = msg.args.files;
          action = {
            ...moment,
            op: 'kubectl',
            command: msg.args.command,
            ...(files && Object.keys(files).length ? { files: { ...files } } : {}),
          };
          break;
        }
        case 'fault':
          action = { ...moment, op: 'fault', fault: { ...msg.args.fault } };
          break;
        case 'logs': {
          const { namespace, pod, container, previous } = msg.args;
          action = {
            ...moment,
            op: 'logs',
            namespace,
            pod,
            ...(container !== undefined ? { container } : {}),
            ...(previous !== undefined ? { previous } : {}),
          };
          break;
        }
        case 'traffic': {
          const { service, count, from } = msg.args;
          action = {
            ...moment,
            op: 'traffic',
            service,
            count,
            ...(from !== undefined ? { from } : {}),
          };
          break;
        }
        // inspect reads; runLog, replay, exportScenario and openScenario are about runs.
      }
    }
    if (action) this.actions.push(action);
  }

  /** The run as recorded, seen at the clock's current moment. */
  run(clock: Clock): RecordedRun {
    return {
      shape: { ...this.shape },
      actions: this.actions.slice(),
      moment: { at: clock.now, executed: clock.executed },
    };
  }
}

/**
 * The message that performs a recorded action again. Replayed requests get negative ids, so their
 * answers never match a request the UI is waiting for; `cancel` names its command's id.
 */
export function actionMessage(a: RunAction, index: number): UiToWorker {
  const requestId = -(index + 1);
  const v = PROTOCOL_VERSION;
  const request = <K extends 'apply' | 'delete' | 'kubectl' | 'fault' | 'logs' | 'traffic'>(
    op: K,
    args: Extract<UiToWorker, { type: 'request'; op: K }>['args'],
  ) => ({ v, type: 'request', op, requestId, args }) as UiToWorker;
  switch (a.op) {
    case 'apply':
    case 'delete':
      return request(a.op, { manifest: a.manifest });
    case 'kubectl':
      return request('kubectl', { command: a.command, ...(a.files ? { files: a.files } : {}) });
    case 'cancel':
      return { v, type: 'cancel', requestId: -(a.of + 1) };
    case 'fault':
      return request('fault', { fault: a.fault });
    case 'logs':
      return request('logs', {
        namespace: a.namespace,
        pod: a.pod,
        ...(a.container !== undefined ? { container: a.container } : {}),
        ...(a.previous !== undefined ? { previous: a.previous } : {}),
      });
    case 'traffic':
      return request('traffic', {
        service: a.service,
        count: a.count,
        ...(a.from !== undefined ? { from: a.from } : {}),
      });
  }
}
