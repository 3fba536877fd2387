/// <reference lib="webworker" />
/**
 * The Web Worker that hosts the engine: builds the cluster, paces virtual time against the wall
 * clock, runs the UI's commands, and streams one snapshot then at most one batch per frame.
 */
import { Host } from './host';
import type { UiToWorker, WorkerToUi } from '../protocol';

declare const self: DedicatedWorkerGlobalScope;

/**
 * kubectl, the YAML parser and the scenario format load after boot: the first diagram needs only
 * the engine. Loading starts this long after the worker starts (the page is drawing its first
 * frames until then), or at once when the learner sends a command that needs them.
 */
const PRELOAD_TOOLS_AFTER_MS = 1_500;

const post = (m: WorkerToUi) => self.postMessage(m);
const host = new Host(
  post,
  (fn, ms) => self.setTimeout(fn, ms),
  () => self.performance.now(),
  () => import('./ops/tools'),
);
self.setTimeout(() => host.preloadTools(), PRELOAD_TOOLS_AFTER_MS);

self.onmessage = (e: MessageEvent<UiToWorker>) => host.receive(e.data);
post({ type: 'ready', version: host.version });
