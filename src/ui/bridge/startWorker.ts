/** Creates the real engine worker (browser only; the bridge itself is DOM-free). */
import type { WorkerLike } from './bridge';

/** The engine's Web Worker, bundled by Vite as an ES module worker. */
export function createEngineWorker(): WorkerLike {
  const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), {
    type: 'module',
    name: 'kubeglass-engine',
  });
  return worker as unknown as WorkerLike;
}
