import { describe, it, expect } from 'vitest';
import type {
  BatchMessage,
  ObjectRecord,
  SnapshotMessage,
  TraceEvent,
  UiToWorker,
  WorkerToUi,
} from '../../protocol';
import { PROTOCOL_VERSION } from '../../protocol';
import { createAppStore } from '../store/appStore';
import { BUSY_AFTER_MS, sliceBatches, TRACE_PER_FRAME, traceBudget, WorkerBridge } from './bridge';
import type { BridgeTimers, FrameScheduler, WorkerLike } from './bridge';

/** A stand-in for the engine worker: records what it is sent, and speaks when told to. */
class FakeWorker implements WorkerLike {
  received: UiToWorker[] = [];
  terminated = false;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  postMessage(message: unknown): void {
    this.received.push(message as UiToWorker);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(msg: WorkerToUi): void {
    this.onmessage?.({ data: msg });
  }
}

const snapshot: SnapshotMessage = {
  type: 'snapshot',
  version: PROTOCOL_VERSION,
  simTime: 0,
  epochMs: 0,
  revision: 1,
  shape: { workers: 1, cpu: '4', memory: '8Gi', seed: 1 },
  components: [],
  objects: [],
  playback: { playing: true, speed: 1 },
  actions: [],
};

/** A started bridge over fake workers, with the scheduler and timers given (the real ones else). */
function setup(schedule?: FrameScheduler, timers?: BridgeTimers) {
  const store = createAppStore();
  const workers: FakeWorker[] = [];
  const bridge = new WorkerBridge(
    store,
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    schedule,
    timers,
  );
  bridge.start();
  return { store, workers, bridge };
}

/**
 * A started bridge whose frames run only when the test calls them (`frames.shift()!()`), with
 * the worker ready and a first snapshot applied.
 */
function setupWithFrames() {
  const frames: (() => void)[] = [];
  const { store, workers, bridge } = setup((flush) => frames.push(flush));
  workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
  workers[0].emit(snapshot);
  return { store, frames, workers, bridge };
}

/** The worker answers the last request it was sent, an `inspect` of etcd. */
function answerInspect(worker: FakeWorker): void {
  const { requestId } = worker.received.at(-1) as { requestId: number };
  worker.emit({
    type: 'result',
    op: 'inspect',
    requestId,
    result: { ok: true, details: { id: 'etcd', watches: [] } },
  });
}

describe('WorkerBridge', () => {
  it('queues commands until the worker is ready, then sends them in order', () => {
    const { workers, bridge } = setup();
    bridge.send({ type: 'control', action: 'pause' });
    bridge.send({ type: 'control', action: 'step' });
    expect(workers[0].received).toEqual([]);
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    expect(workers[0].received.map((c) => c.type === 'control' && c.action)).toEqual([
      'pause',
      'step',
    ]);
  });

  it('applies snapshots and batches to the store', () => {
    const { store, workers } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    workers[0].emit(snapshot);
    expect(store.getState().status).toBe('running');
    workers[0].emit({
      type: 'batch',
      simTime: 500,
      revision: 2,
      diff: { added: [], updated: [], removed: [] },
      trace: [],
    });
    expect(store.getState().simTime).toBe(500);
  });

  it('applies the batches of one frame with a single state change, before a later result', async () => {
    const { store, frames, workers, bridge } = setupWithFrames();
    let changes = 0;
    store.subscribe(() => changes++);
    const batch = (simTime: number, id: number) => ({
      type: 'batch' as const,
      simTime,
      revision: 2,
      diff: { added: [], updated: [], removed: [] },
      trace: [
        {
          id,
          from: 'kubectl',
          to: 'kube-apiserver',
          kind: 'request' as const,
          verb: 'POST',
          resource: 'pods',
          summary: 'POST pods',
          sentAt: simTime,
          arriveAt: simTime + 1,
          flow: id,
        },
      ],
    });
    workers[0].emit(batch(100, 1));
    workers[0].emit(batch(116, 2));
    expect(store.getState().simTime).toBe(0);
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(changes).toBe(1);
    expect(store.getState().simTime).toBe(116);
    // The animator gets every message of both batches.
    expect(store.getState().lastTrace.map((e) => e.id)).toEqual([1, 2]);

    // A result waits for nothing: batches queued before it are applied first.
    const pending = bridge.request({ type: 'inspect', component: 'etcd' });
    workers[0].emit(batch(132, 3));
    answerInspect(workers[0]);
    await pending;
    expect(store.getState().simTime).toBe(132);
  });

  it('keeps a pause shown while batches sent before the worker saw it still say playing', () => {
    const { store, workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    workers[0].emit(snapshot);
    bridge.send({ type: 'control', action: 'pause' });
    expect(store.getState().playback.playing).toBe(false);
    const batch = (playing: boolean) => ({
      type: 'batch' as const,
      simTime: 10,
      revision: 1,
      diff: { added: [], updated: [], removed: [] },
      trace: [],
      playback: { playing, speed: 1 },
    });
    workers[0].emit(batch(true)); // in flight before the pause arrived
    expect(store.getState().playback.playing).toBe(false);
    workers[0].emit(batch(false)); // the worker confirms
    workers[0].emit(batch(true)); // and later plays again (another window, say)
    expect(store.getState().playback.playing).toBe(true);
  });

  it('resolves a request with the result that carries its requestId', async () => {
    const { workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    const first = bridge.request({ type: 'apply', manifest: 'a' });
    const second = bridge.request({ type: 'logs', namespace: 'default', pod: 'web' });
    const [applyCmd, logsCmd] = workers[0].received as { requestId: number }[];
    workers[0].emit({
      type: 'result',
      op: 'logs',
      requestId: logsCmd.requestId,
      result: { ok: true, output: 'hello' },
    });
    workers[0].emit({
      type: 'result',
      op: 'apply',
      requestId: applyCmd.requestId,
      result: { ok: false, documents: [] },
    });
    expect((await second).output).toBe('hello');
    expect((await first).ok).toBe(false);
  });

  it('sends each request with its operation, arguments and the protocol version', () => {
    const { workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    void bridge.request({ type: 'apply', manifest: 'a' });
    expect(workers[0].received[0]).toEqual({
      type: 'request',
      op: 'apply',
      requestId: 1,
      args: { manifest: 'a' },
      v: PROTOCOL_VERSION,
    });
  });

  it('hands pushed kubectl output to the command, and cancels it when aborted', async () => {
    const { workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    const out: string[] = [];
    const abort = new AbortController();
    const done = bridge.request(
      { type: 'kubectl', command: 'kubectl get pods -w' },
      { onOutput: (t) => out.push(t), signal: abort.signal },
    );
    const { requestId } = workers[0].received[0] as { requestId: number };
    workers[0].emit({ type: 'output', requestId, text: 'NAME READY\n' });
    workers[0].emit({ type: 'output', requestId, text: 'web 0/1\n' });
    abort.abort();
    expect(workers[0].received[1]).toEqual({ type: 'cancel', requestId, v: PROTOCOL_VERSION });
    workers[0].emit({
      type: 'result',
      op: 'kubectl',
      requestId,
      result: { ok: false, exitCode: 130 },
    });
    expect(await done).toEqual({ ok: false, exitCode: 130 });
    expect(out).toEqual(['NAME READY\n', 'web 0/1\n']);
  });

  it('reports a fatal error, fails pending requests, and restarts with the last reset shape', async () => {
    const { store, workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    bridge.send({ type: 'reset', shape: { workers: 3, cpu: '4', memory: '8Gi', seed: 'abc' } });
    const pending = bridge.request({ type: 'apply', manifest: 'x' });
    workers[0].emit({ type: 'fatal', message: 'boom' });
    await expect(pending).rejects.toThrow('boom');
    expect(store.getState().status).toBe('failed');
    expect(store.getState().fatalMessage).toBe('boom');

    bridge.restart();
    expect(workers[0].terminated).toBe(true);
    expect(store.getState().status).toBe('starting');
    workers[1].emit({ type: 'ready', version: PROTOCOL_VERSION });
    expect(workers[1].received).toEqual([
      {
        type: 'reset',
        shape: { workers: 3, cpu: '4', memory: '8Gi', seed: 'abc' },
        v: PROTOCOL_VERSION,
      },
    ]);
  });

  it('restarts a failed worker from the run log: same shape, every confirmed action, paused', () => {
    const { workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    workers[0].emit({ ...snapshot, simTime: 3_000 });
    const apply = {
      type: 'request' as const,
      op: 'apply' as const,
      requestId: 1,
      args: { manifest: 'kind: Pod' },
      at: 3_100,
      executed: 900,
    };
    workers[0].emit({
      type: 'batch',
      simTime: 4_000,
      revision: 9,
      diff: { added: [], updated: [], removed: [] },
      trace: [],
      actions: [apply],
    });
    workers[0].emit({ type: 'fatal', message: 'boom' });
    bridge.restart();
    workers[1].emit({ type: 'ready', version: PROTOCOL_VERSION });
    expect(workers[1].received).toEqual([
      {
        type: 'restore',
        log: { shape: snapshot.shape, actions: [apply], until: 4_000 },
        v: PROTOCOL_VERSION,
      },
    ]);
  });

  it('fails waiting requests with a message when the worker falls silent, and marks it busy', async () => {
    let now = 0;
    let tick: () => void = () => {};
    const { store, workers, bridge } = setup((flush) => flush(), {
      now: () => now,
      every: (fn) => ((tick = fn), () => {}),
    });
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    workers[0].emit(snapshot);
    const pending = bridge.request({ type: 'apply', manifest: 'x' });
    now = BUSY_AFTER_MS - 1;
    tick();
    expect(store.getState().status).toBe('running');
    now = BUSY_AFTER_MS + 1;
    tick();
    await expect(pending).rejects.toThrow('The simulation has not answered for 5 s.');
    expect(store.getState().status).toBe('busy');
    // It speaks again: running.
    workers[0].emit({ ...snapshot, type: 'snapshot' });
    expect(store.getState().status).toBe('running');
  });

  it("treats the worker's error event as a failure", () => {
    const { store, workers } = setup();
    workers[0].onerror?.({ message: 'SyntaxError in worker.ts' });
    expect(store.getState().status).toBe('failed');
    expect(store.getState().fatalMessage).toBe('SyntaxError in worker.ts');
  });

  it('refuses a worker that speaks another protocol version, saying so', () => {
    const { store, workers } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION - 1 });
    expect(store.getState().status).toBe('failed');
    expect(store.getState().fatalMessage).toMatch(/protocol version 1, expected 2/);
  });
});

/** `n` messages with ids from `first`, sent at `at`. */
function messages(n: number, first = 1, at = 100): TraceEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: first + i,
    from: 'kube-apiserver',
    to: 'etcd',
    kind: 'request' as const,
    verb: 'PUT',
    resource: 'pods',
    summary: 'PUT pods',
    sentAt: at,
    arriveAt: at + 1,
    flow: first + i,
  }));
}

const web: ObjectRecord = {
  key: '/registry/pods/default/web-1',
  kind: 'Pod',
  namespace: 'default',
  name: 'web-1',
  createRevision: 5,
  modRevision: 5,
  object: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Pending' },
  } as ObjectRecord['object'],
};

describe('a burst of messages is applied over several frames', () => {
  const burst = (n: number, simTime = 100): BatchMessage => ({
    type: 'batch',
    simTime,
    revision: 5,
    diff: { added: [web], updated: [], removed: [] },
    trace: messages(n, 1, simTime),
  });

  it('slices a batch after `budget` messages; its objects go with the first slice', () => {
    const { now, rest } = sliceBatches([burst(4_000)], 1_500);
    expect(now).toHaveLength(1);
    expect(now[0].trace.map((e) => e.id)).toEqual(messages(1_500).map((e) => e.id));
    expect(now[0].diff.added).toEqual([web]);
    expect(rest).toHaveLength(1);
    expect(rest[0].simTime).toBe(100);
    expect(rest[0].diff).toEqual({ added: [], updated: [], removed: [] });
    expect(rest[0].trace[0].id).toBe(1_501);
    expect(rest[0].trace).toHaveLength(2_500);
  });

  it('takes whole batches while they fit, and everything when all fit', () => {
    const small = [burst(10, 100), burst(20, 116), burst(30, 132)];
    expect(sliceBatches(small, 1_500)).toEqual({ now: small, rest: [] });
    const { now, rest } = sliceBatches(small, 25);
    expect(now.map((b) => b.trace.length)).toEqual([10, 15]);
    expect(rest.map((b) => b.trace.length)).toEqual([5, 30]);
    expect(rest.map((b) => b.simTime)).toEqual([116, 132]);
  });

  it('catches up on a long backlog: a tenth of it per frame, never less than the budget', () => {
    expect(traceBudget(100)).toBe(TRACE_PER_FRAME);
    expect(traceBudget(40_000)).toBe(4_000);
  });

  it('shows the objects at once and every message, in order, over the next frames', async () => {
    const { store, frames, workers, bridge } = setupWithFrames();
    const seen: number[] = [];
    store.subscribe((s, prev) => {
      if (s.lastTrace !== prev.lastTrace) seen.push(...s.lastTrace.map((e) => e.id));
    });
    workers[0].emit(burst(4_000));
    frames.shift()!();
    // The first frame: the pod, its time, and only the first slice of the messages.
    expect(store.getState().objects.has(web.key)).toBe(true);
    expect(store.getState().simTime).toBe(100);
    expect(seen).toHaveLength(TRACE_PER_FRAME);
    // The rest follow, a frame at a time, with what arrives meanwhile after them.
    workers[0].emit({
      ...burst(10, 116),
      trace: messages(10, 4_001, 116),
      diff: { added: [], updated: [], removed: [] },
    });
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(seen).toHaveLength(2 * TRACE_PER_FRAME);
    expect(store.getState().simTime).toBe(100);
    frames.shift()!();
    expect(frames).toHaveLength(0);
    expect(seen).toEqual(messages(4_010).map((e) => e.id));
    expect(store.getState().simTime).toBe(116);

    // A request's result waits for nothing: the whole backlog is applied before it resolves.
    workers[0].emit(burst(5_000, 132));
    const pending = bridge.request({ type: 'inspect', component: 'etcd' });
    answerInspect(workers[0]);
    await pending;
    expect(seen).toHaveLength(4_010 + 5_000);
    expect(store.getState().simTime).toBe(132);
  });
});
