/** Creates the real engine worker (browser only; the bridge itself is DOM-free). */
import type { WorkerLike } from './bridge';
import type { RemoteOptions } from '../../protocol';

/** The engine's Web Worker, bundled by Vite as an ES module worker. */
export function createEngineWorker(): WorkerLike {
  const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), {
    type: 'module',
    name: 'kubeglass-engine',
  });
  return worker as unknown as WorkerLike;
}

// live:
/**
 * A worker with no engine: it feeds the page from a served or real cluster (`attach` or `live`)
 * through the same protocol. Its options travel in its name.
 */
export function createRemoteWorker(opts: RemoteOptions): WorkerLike {
  const worker = new Worker(new URL('../../worker/remote.ts', import.meta.url), {
    type: 'module',
    name: JSON.stringify(opts),
  });
  return worker as unknown as WorkerLike;
}
