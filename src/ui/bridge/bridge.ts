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
  RequestArgs,
  RequestOp,
  RequestResult,
  RunLog,
  UiCommand,
  UiToWorker,
  WorkerToUi,
  StdinEvent,
} from '../../protocol';
import type { AppStore } from '../store/appStore';

/** The part of `Worker` the bridge uses. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** A request as the UI writes it: the operation as `type`, with its arguments. */
export type RequestInput<K extends RequestOp = RequestOp> = { type: K } & RequestArgs<K>;

/** Options of one request. */
export interface RequestOptions {
  /** Output pushed while the command runs (kubectl `get -w`, `logs -f`). */
  onOutput?: (text: string) => void;
  /** Aborting cancels the command (Ctrl+C); its result still comes. */
  signal?: AbortSignal;
  /** Given the way to type into the command's session while it runs (`exec -it`). */
  input?: (send: (event: StdinEvent) => void) => void;
}

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

/**
 * Trace events applied in one frame, at most, while the page keeps up: a burst (a ReplicaSet
 * creating 250 pods at once sends 14,000 messages in one batch, even at 1×) is applied over the
 * next frames instead of stalling one for 50 ms. About 3 µs each to reduce, caption, animate and
 * record: some 5 ms of a 16.7 ms frame.
 */
export const TRACE_PER_FRAME = 1_500;

/**
 * How many trace events to apply now, of `waiting`: at least TRACE_PER_FRAME, and a tenth of a
 * longer backlog, so a page that falls behind stays at most some ten frames behind. (A quarter
 * made a burst four frames over budget instead of one: slices must fit a frame to help.)
 */
export function traceBudget(waiting: number): number {
  return Math.max(TRACE_PER_FRAME, Math.ceil(waiting / 10));
}

/**
 * The batches to apply now, of those waiting, and the rest: whole batches while their trace fits
 * `budget`, then the first `budget` events of the next one. Its objects, components and playback
 * go with its first slice; the later slices carry only trace events (the same instant, drawn a
 * frame or two later).
 */
export function sliceBatches(
  waiting: readonly BatchMessage[],
  budget: number,
): { now: BatchMessage[]; rest: BatchMessage[] } {
  const now: BatchMessage[] = [];
  let left = budget;
  for (let i = 0; i < waiting.length; i++) {
    const b = waiting[i];
    if (b.trace.length <= left) {
      now.push(b);
      left -= b.trace.length;
      continue;
    }
    if (left <= 0) return { now, rest: waiting.slice(i) };
    now.push({ ...b, trace: b.trace.slice(0, left) });
    const tail: BatchMessage = {
      type: 'batch',
      simTime: b.simTime,
      revision: b.revision,
      diff: NO_DIFF,
      trace: b.trace.slice(left),
    };
    return { now, rest: [tail, ...waiting.slice(i + 1)] };
  }
  return { now, rest: [] };
}

const NO_DIFF: BatchMessage['diff'] = { added: [], updated: [], removed: [] };

/**
 * With requests waiting, a worker silent this long (wall ms) is busy: they fail with a message,
 * and the user may stop it (it is restored from the run log). The worker sends something at least
 * every second, even paused.
 */
export const BUSY_AFTER_MS = 5_000;

/** The wall clock and a repeating timer, injected for tests. */
export interface BridgeTimers {
  now(): number;
  every(fn: () => void, ms: number): () => void;
}

const realTimers: BridgeTimers = {
  now: () => Date.now(),
  every: (fn, ms) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onOutput?: (text: string) => void;
}

/** Runs one worker at a time and connects it to the store. */
export class WorkerBridge {
  private worker: WorkerLike | null = null;
  private ready = false;
  private queue: UiCommand[] = [];
  private pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private lastReset: ClusterShape | null = null;
  /** Batches received since the last frame; applied together with one state change. */
  private batches: BatchMessage[] = [];
  private flushScheduled = false;
  /** Playback asked for and shown at once, until the worker's batches confirm it. */
  private expectedPlayback: Partial<PlaybackState> | null = null;
  /** The run as the worker confirmed it: what a restart rebuilds. */
  private log: RunLog | null = null;
  /** Wall time of the worker's last message. */
  private lastHeard = 0;
  private stopWatchdog: (() => void) | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly createWorker: () => WorkerLike,
    private readonly schedule: FrameScheduler = nextFrame,
    private readonly timers: BridgeTimers = realTimers,
  ) {}

  /**
   * The run so far, as the worker confirmed it (shape, every user action with its virtual
   * instant, the time reached); null before the first snapshot.
   */
  runLog(): RunLog | null {
    return this.log && { ...this.log, actions: [...this.log.actions] };
  }

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
    this.lastHeard = this.timers.now();
    this.stopWatchdog ??= this.timers.every(() => this.watch(), 1_000);
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
  send(cmd: UiCommand): void {
    if (cmd.type === 'reset') this.lastReset = cmd.shape;
    if (cmd.type === 'control' && (cmd.action === 'play' || cmd.action === 'pause')) {
      this.expect({ playing: cmd.action === 'play' });
    } else if (cmd.type === 'control' && cmd.action === 'step') {
      this.expect({ playing: false });
    } else if (cmd.type === 'control' && cmd.action === 'speed') {
      this.expect({ speed: cmd.speed });
    }
    if (this.ready && this.worker) this.post(cmd);
    else this.queue.push(cmd);
  }

  private post(cmd: UiCommand): void {
    const msg: UiToWorker = { ...cmd, v: PROTOCOL_VERSION };
    this.worker?.postMessage(msg);
  }

  /**
   * Asks the worker for an operation and resolves with its result, typed by the operation.
   *
   * @example
   * const result = await bridge.request({ type: 'apply', manifest: text }); // ApplyResult
   */
  request<K extends RequestOp>(
    cmd: RequestInput<K>,
    options: RequestOptions = {},
  ): Promise<RequestResult<K>> {
    for (const listener of this.requestListeners) listener(cmd as RequestInput);
    const requestId = this.nextRequestId++;
    const { type: op, ...args } = cmd;
    return new Promise<RequestResult<K>>((resolve, reject) => {
      this.pending.set(requestId, {
        resolve: resolve as (r: unknown) => void,
        reject,
        onOutput: options.onOutput,
      });
      options.signal?.addEventListener('abort', () => {
        if (this.pending.has(requestId)) this.send({ type: 'cancel', requestId });
      });
      options.input?.((event) => {
        if (this.pending.has(requestId)) this.send({ type: 'stdin', requestId, event });
      });
      this.send({ type: 'request', op, requestId, args } as unknown as UiCommand);
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

  /**
   * Terminates the worker (failed, or busy and stopped by the user) and starts a fresh one that
   * rebuilds the run from its log: the same objects, paused where the run had got. Before any
   * snapshot, it re-sends the last `reset` shape.
   */
  restart(): void {
    this.stop(new Error('The simulation was restarted.'));
    this.queue = [];
    this.start();
    if (this.log) this.send({ type: 'restore', log: this.log });
    else if (this.lastReset) this.send({ type: 'reset', shape: this.lastReset });
  }

  /** Terminates the worker; pending requests fail. */
  dispose(): void {
    this.stop(new Error('The simulation was stopped.'));
    this.stopWatchdog?.();
    this.stopWatchdog = null;
  }

  /** Marks a silent worker busy and fails what waits on it; marks it running when it speaks. */
  private watch(): void {
    const state = this.store.getState();
    if (!this.worker || !this.ready || state.status === 'failed') return;
    const silent = this.timers.now() - this.lastHeard;
    if (silent < BUSY_AFTER_MS || state.status === 'busy' || this.pending.size === 0) return;
    const message = `The simulation has not answered for ${Math.round(silent / 1000)} s.`;
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
    state.setStatus('busy', message);
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
    const msg = data as WorkerToUi;
    const state = this.store.getState();
    this.lastHeard = this.timers.now();
    if (state.status === 'busy') state.setStatus('running');
    switch (msg.type) {
      case 'ready':
        if (msg.version !== PROTOCOL_VERSION) {
          this.fail(`protocol version ${msg.version}, expected ${PROTOCOL_VERSION}`);
          return;
        }
        this.ready = true;
        for (const cmd of this.queue.splice(0)) this.post(cmd);
        return;
      case 'snapshot':
        // A new cluster: what was queued belongs to the old one.
        this.batches = [];
        this.expectedPlayback = null;
        this.log = { shape: msg.shape, actions: [...msg.actions], until: msg.simTime };
        state.applySnapshot(msg);
        return;
      case 'batch': {
        // Batches sent before the worker saw a play/pause/speed command carry the old playback:
        // they must not flip the buttons back.
        if (this.log) {
          this.log.until = msg.simTime;
          if (msg.actions) this.log.actions.push(...msg.actions);
        }
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
          this.schedule(() => this.flushBatches(false));
        }
        return;
      }
      case 'result': {
        // Results come after the batches sent before them: apply those first.
        this.flushBatches();
        const p = this.pending.get(msg.requestId);
        this.pending.delete(msg.requestId);
        p?.resolve(msg.result);
        return;
      }
      case 'output':
        this.pending.get(msg.requestId)?.onOutput?.(msg.text);
        return;
      case 'requestError': {
        const p = this.pending.get(msg.requestId);
        this.pending.delete(msg.requestId);
        p?.reject(new Error(msg.message));
        return;
      }
      case 'fatal':
      case 'protocolError':
        this.fail(msg.message);
        return;
      default:
        this.fail(
          `unknown message from the simulation: ${JSON.stringify((msg as { type?: unknown })?.type)}`,
        );
    }
  }

  private expect(playback: Partial<PlaybackState>): void {
    this.expectedPlayback = { ...this.expectedPlayback, ...playback };
    this.store.getState().setPlayback(playback);
  }

  /**
   * Applies the queued batches with one state change: all of them (before a request's result),
   * or, each frame, what fits the frame's trace budget, the rest in the next frames.
   */
  flushBatches(all = true): void {
    this.flushScheduled = false;
    if (this.batches.length === 0) return;
    let batches = this.batches;
    this.batches = [];
    if (!all) {
      let waiting = 0;
      for (const b of batches) waiting += b.trace.length;
      const { now, rest } = sliceBatches(batches, traceBudget(waiting));
      batches = now;
      this.batches = rest;
    }
    this.store.getState().applyBatches(batches);
    if (this.batches.length && !this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => this.flushBatches(false));
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
