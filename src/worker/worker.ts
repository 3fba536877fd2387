/// <reference lib="webworker" />
/**
 * The Web Worker that hosts the engine: builds the cluster, paces virtual time against the wall
 * clock, runs the UI's commands, and streams one snapshot then at most one batch per frame.
 */
import { Host } from './host';
import type { UiToWorker, WorkerToUi } from '../protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerToUi) => self.postMessage(m);
const host = new Host(
  post,
  (fn, ms) => self.setTimeout(fn, ms),
  () => self.performance.now(),
);

self.onmessage = (e: MessageEvent<UiToWorker>) => host.receive(e.data);
post({ type: 'ready', version: host.version });
