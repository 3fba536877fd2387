import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '../bridge';
import { startWorkerEarly } from './earlyWorker';

/** A worker the test makes speak. */
function fakeWorker() {
  const w: WorkerLike & { say(data: unknown): void; fail(message: string): void } = {
    onmessage: null,
    onerror: null,
    postMessage: () => undefined,
    terminate: () => undefined,
    say: (data) => w.onmessage?.({ data }),
    fail: (message) => w.onerror?.({ message }),
  };
  return w;
}

describe('startWorkerEarly', () => {
  it('hands the bridge every word the worker said before it listened, in order, then the rest', async () => {
    const made: ReturnType<typeof fakeWorker>[] = [];
    const factory = startWorkerEarly(() => {
      made.push(fakeWorker());
      return made.at(-1)!;
    });
    // Started at once, before anyone listens.
    expect(made).toHaveLength(1);
    made[0]!.say('ready');
    made[0]!.say('snapshot');
    made[0]!.fail('boom');

    const heard: unknown[] = [];
    const worker = factory();
    expect(worker).toBe(made[0]);
    worker.onmessage = (e) => heard.push(e.data);
    worker.onerror = (e) => heard.push(`error: ${e.message}`);
    await Promise.resolve();
    made[0]!.say('batch');
    expect(heard).toEqual(['ready', 'snapshot', 'error: boom', 'batch']);

    // A restart gets a new worker.
    expect(factory()).not.toBe(made[0]);
    expect(made).toHaveLength(2);
  });
});
