import type { Clock } from '../../engine/sim/clock';
import type { ClusterShape, RecordedRun, RunAction } from '../../engine/replay/run';
import type { UiToWorker } from '../../protocol';

/**
 * The run so far: the cluster's shape and every user action that reaches the engine, with the
 * moment it happened (virtual ms and engine events run). This is what a link or a scenario file
 * carries and what a replay rebuilds the cluster from (architecture principle 9).
 */
export class RunRecorder {
  private shape: ClusterShape = { workers: 3, cpu: '4', memory: '8Gi', seed: 42 };
  private actions: RunAction[] = [];
  /** Live request id of each recorded kubectl command → its index, for Ctrl+C. */
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
    switch (msg.type) {
      case 'apply':
      case 'delete':
        action = { ...moment, op: msg.type, manifest: msg.manifest };
        break;
      case 'kubectl':
        this.kubectlIndex.set(msg.requestId, this.actions.length);
        action = {
          ...moment,
          op: 'kubectl',
          command: msg.command,
          ...(msg.files && Object.keys(msg.files).length ? { files: { ...msg.files } } : {}),
        };
        break;
      case 'kubectlCancel': {
        const of = this.kubectlIndex.get(msg.requestId);
        if (of !== undefined) action = { ...moment, op: 'cancel', of };
        break;
      }
      case 'fault':
        action = { ...moment, op: 'fault', fault: { ...msg.fault } };
        break;
      case 'logs':
        action = {
          ...moment,
          op: 'logs',
          namespace: msg.namespace,
          pod: msg.pod,
          ...(msg.container !== undefined ? { container: msg.container } : {}),
          ...(msg.previous !== undefined ? { previous: msg.previous } : {}),
        };
        break;
      case 'traffic':
        action = {
          ...moment,
          op: 'traffic',
          service: msg.service,
          count: msg.count,
          ...(msg.from !== undefined ? { from: msg.from } : {}),
        };
        break;
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
  switch (a.op) {
    case 'apply':
    case 'delete':
      return { type: a.op, requestId, manifest: a.manifest };
    case 'kubectl':
      return { type: 'kubectl', requestId, command: a.command, files: a.files };
    case 'cancel':
      return { type: 'kubectlCancel', requestId: -(a.of + 1) };
    case 'fault':
      return { type: 'fault', requestId, fault: a.fault };
    case 'logs':
      return {
        type: 'logs',
        requestId,
        namespace: a.namespace,
        pod: a.pod,
        container: a.container,
        previous: a.previous,
      };
    case 'traffic':
      return { type: 'traffic', requestId, service: a.service, count: a.count, from: a.from };
  }
}
