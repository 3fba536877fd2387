/**
 * The worker bridge: starts the engine's Web Worker, sends typed commands, and applies what the
 * worker sends to the store — one `setState` per message (architecture principle 6). Not a React
 * component: like zustand's module-level actions, it writes to the store directly.
 *
 * DOM-free on purpose (it takes a `createWorker` factory), so it is tested in Node with a fake.
 */
import { PROTOCOL_VERSION } from '../../protocol';
import type {
  BatchMessage,
  ClusterShape,
  PlaybackState,
  ResultMessage,
  UiToWorker,
  WorkerToUi,
} from '../../protocol';
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

/** Runs `flush` soon, once: the bridge applies the batches that arrived meanwhile together. */
export type FrameScheduler = (flush: () => void) => void;

/**
 * In a browser: at the next animation frame, or after 100 ms if frames are not coming (a hidden
 * tab), so batches never pile up. Elsewhere (tests): at once.
 */
export const nextFrame: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame !== 'function') {
    flush();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(raf);
    clearTimeout(timer);
    flush();
  };
  const raf = requestAnimationFrame(once);
  const timer = setTimeout(once, 100);
};

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
  /** Batches received since the last frame; applied together with one state change. */
  private batches: BatchMessage[] = [];
  private flushScheduled = false;
  /** Playback asked for and shown at once, until the worker's batches confirm it. */
  private expectedPlayback: Partial<PlaybackState> | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly createWorker: () => WorkerLike,
    private readonly schedule: FrameScheduler = nextFrame,
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
      this.expect({ playing: cmd.action === 'play' });
    } else if (cmd.type === 'control' && cmd.action === 'step') {
      this.expect({ playing: false });
    } else if (cmd.type === 'control' && cmd.action === 'speed') {
      this.expect({ speed: cmd.speed });
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
    for (const listener of this.requestListeners) listener(cmd);
    const requestId = this.nextRequestId++;
    return new Promise<ResultMessage>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send({ ...cmd, requestId } as RequestCommand);
    });
  }

  private readonly requestListeners = new Set<(cmd: RequestInput) => void>();

  /**
   * Tells `listener` of every request sent, from the terminal, the editor or a button (the
   * lesson panel's `ran:` checks). Returns the function that stops it.
   */
  onRequest(listener: (cmd: RequestInput) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
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
    this.batches = [];
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
        // A new cluster: what was queued belongs to the old one.
        this.batches = [];
        this.expectedPlayback = null;
        state.applySnapshot(msg);
        return;
      case 'batch': {
        // Batches sent before the worker saw a play/pause/speed command carry the old playback:
        // they must not flip the buttons back.
        let batch: BatchMessage = msg;
        const playback = batch.playback;
        if (playback && this.expectedPlayback) {
          const matches = Object.entries(this.expectedPlayback).every(
            ([k, v]) => playback[k as keyof PlaybackState] === v,
          );
          if (matches) this.expectedPlayback = null;
          else batch = { ...batch, playback: undefined };
        }
        // The worker sends up to one batch per frame; when the page falls behind, several are
        // applied at once rather than rendering each (architecture principle 6).
        this.batches.push(batch);
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          this.schedule(() => this.flushBatches());
        }
        return;
      }
      case 'result': {
        // Results come after the batches sent before them: apply those first.
        this.flushBatches();
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

  private expect(playback: Partial<PlaybackState>): void {
    this.expectedPlayback = { ...this.expectedPlayback, ...playback };
    this.store.getState().setPlayback(playback);
  }

  /** Applies the queued batches with one state change. */
  flushBatches(): void {
    this.flushScheduled = false;
    if (this.batches.length === 0) return;
    const batches = this.batches;
    this.batches = [];
    this.store.getState().applyBatches(batches);
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
