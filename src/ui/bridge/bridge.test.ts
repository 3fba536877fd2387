import { describe, it, expect } from 'vitest';
import type { SnapshotMessage, UiToWorker, WorkerToUi } from '../../protocol';
import { PROTOCOL_VERSION } from '../../protocol';
import { createAppStore } from '../store/appStore';
import { WorkerBridge } from './bridge';
import type { WorkerLike } from './bridge';

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
  emit(msg: WorkerToUi | string): void {
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
};

function setup() {
  const store = createAppStore();
  const workers: FakeWorker[] = [];
  const bridge = new WorkerBridge(store, () => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  });
  bridge.start();
  return { store, workers, bridge };
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

  it('applies snapshots and batches (also sent as JSON strings) to the store', () => {
    const { store, workers } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    workers[0].emit(snapshot);
    expect(store.getState().status).toBe('running');
    workers[0].emit(
      JSON.stringify({
        type: 'batch',
        simTime: 500,
        revision: 2,
        diff: { added: [], updated: [], removed: [] },
        trace: [],
      }),
    );
    expect(store.getState().simTime).toBe(500);
  });

  it('resolves a request with the result that carries its requestId', async () => {
    const { workers, bridge } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION });
    const first = bridge.request({ type: 'apply', manifest: 'a' });
    const second = bridge.request({ type: 'logs', namespace: 'default', pod: 'web' });
    const [applyCmd, logsCmd] = workers[0].received as { requestId: number }[];
    workers[0].emit({ type: 'result', requestId: logsCmd.requestId, ok: true, output: 'hello' });
    workers[0].emit({ type: 'result', requestId: applyCmd.requestId, ok: false, documents: [] });
    expect((await second).output).toBe('hello');
    expect((await first).ok).toBe(false);
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
      { type: 'reset', shape: { workers: 3, cpu: '4', memory: '8Gi', seed: 'abc' } },
    ]);
  });

  it("treats the worker's error event as a failure", () => {
    const { store, workers } = setup();
    workers[0].onerror?.({ message: 'SyntaxError in worker.ts' });
    expect(store.getState().status).toBe('failed');
    expect(store.getState().fatalMessage).toBe('SyntaxError in worker.ts');
  });

  it('refuses a worker that speaks another protocol version', () => {
    const { store, workers } = setup();
    workers[0].emit({ type: 'ready', version: PROTOCOL_VERSION + 1 });
    expect(store.getState().status).toBe('failed');
  });
});
