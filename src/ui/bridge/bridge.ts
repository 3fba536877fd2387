/**
 * The worker bridge: starts the engine's Web Worker, sends typed commands, and applies what the
 * worker sends to the store — one `setState` per message (architecture principle 6). Not a React
 * component: like zustand's module-level actions, it writes to the store directly.
 *
 * DOM-free on purpose (it takes a `createWorker` factory), so it is tested in Node with a fake.
 */
import { PROTOCOL_VERSION } from '../../protocol';
import type { ClusterShape, ResultMessage, UiToWorker, WorkerToUi } from '../../protocol';
import type { AppStore } from '../store/appStore';

/** The part of `Worker` the bridge uses. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** Commands that get a `result` back; the bridge fills in `requestId`. */
export type RequestCommand = Extract<UiToWorker, { requestId: number }>;
export type RequestInput = RequestCommand extends infer C
  ? C extends { requestId: number }
    ? Omit<C, 'requestId'>
    : never
  : never;

interface Pending {
  resolve(result: ResultMessage): void;
  reject(error: Error): void;
}

/** Runs one worker at a time and connects it to the store. */
export class WorkerBridge {
  private worker: WorkerLike | null = null;
  private ready = false;
  private queue: UiToWorker[] = [];
  private pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private lastReset: ClusterShape | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly createWorker: () => WorkerLike,
  ) {}

  /** Starts the worker (once); commands sent before it is ready wait in a queue. */
  start(): void {
    if (this.worker) return;
    this.ready = false;
    this.store.getState().setStatus('starting');
    let worker: WorkerLike;
    try {
      worker = this.createWorker();
    } catch (err) {
      this.fail(errorText(err));
      return;
    }
    this.worker = worker;
    worker.onmessage = (event) => {
      if (this.worker !== worker) return; // a terminated worker's last words
      this.receive(event.data);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      this.fail(event.message || 'the worker could not run');
    };
  }

  /** Sends a command, or queues it until the worker is ready. */
  send(cmd: UiToWorker): void {
    if (cmd.type === 'reset') this.lastReset = cmd.shape;
    if (cmd.type === 'control' && (cmd.action === 'play' || cmd.action === 'pause')) {
      this.store.getState().setPlayback({ playing: cmd.action === 'play' });
    } else if (cmd.type === 'control' && cmd.action === 'speed') {
      this.store.getState().setPlayback({ speed: cmd.speed });
    }
    if (this.ready && this.worker) this.worker.postMessage(cmd);
    else this.queue.push(cmd);
  }

  /**
   * Sends a command that the worker answers with a `result`, and resolves with it.
   *
   * @example
   * const result = await bridge.request({ type: 'apply', manifest: text });
   */
  request(cmd: RequestInput): Promise<ResultMessage> {
    const requestId = this.nextRequestId++;
    return new Promise<ResultMessage>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send({ ...cmd, requestId } as RequestCommand);
    });
  }

  /** Terminates the worker and starts a fresh one, re-sending the last `reset` shape. */
  restart(): void {
    this.stop(new Error('The simulation was restarted.'));
    this.queue = [];
    this.start();
    if (this.lastReset) this.send({ type: 'reset', shape: this.lastReset });
  }

  /** Terminates the worker; pending requests fail. */
  dispose(): void {
    this.stop(new Error('The simulation was stopped.'));
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }

  private receive(data: unknown): void {
    let msg: WorkerToUi;
    try {
      // The worker may send batches as JSON strings when that is faster than structured clone.
      msg = (typeof data === 'string' ? JSON.parse(data) : data) as WorkerToUi;
    } catch (err) {
      this.fail(`unreadable message from the worker (${errorText(err)})`);
      return;
    }
    const state = this.store.getState();
    switch (msg.type) {
      case 'ready':
        if (msg.version !== PROTOCOL_VERSION) {
          this.fail(`protocol version ${msg.version}, expected ${PROTOCOL_VERSION}`);
          return;
        }
        this.ready = true;
        for (const cmd of this.queue.splice(0)) this.worker?.postMessage(cmd);
        return;
      case 'snapshot':
        state.applySnapshot(msg);
        return;
      case 'batch':
        state.applyBatch(msg);
        return;
      case 'result': {
        const p = this.pending.get(msg.requestId);
        this.pending.delete(msg.requestId);
        p?.resolve(msg);
        return;
      }
      case 'fatal':
        this.fail(msg.message);
        return;
    }
  }

  private fail(message: string): void {
    // Keep the worker object so a late message is ignored, but stop talking to it.
    this.ready = false;
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
    this.store.getState().setStatus('failed', message);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
