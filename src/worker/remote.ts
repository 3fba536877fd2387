/// <reference lib="webworker" />
/**
 * The Web Worker of a page that runs no engine: a source that speaks the same protocol from a
 * cluster elsewhere — `attach` (a `sim serve`'s feed, sources/attach.ts) or `live` (a real
 * cluster's watches through kubectl proxy, sources/live.ts). Its options come in the worker's
 * name (JSON of {@link RemoteOptions}), so it needs no message outside the protocol.
 */
import type { RemoteOptions, UiToWorker, WorkerToUi } from '../protocol';
import { AttachSource } from './sources/attach';
import { LiveSource } from './sources/live';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerToUi) => self.postMessage(m);
const opts = JSON.parse(self.name) as RemoteOptions;
const source =
  opts.mode === 'attach'
    ? new AttachSource(post, { base: opts.base, token: opts.token })
    : new LiveSource(post, { base: opts.base, token: opts.token });
self.onmessage = (e: MessageEvent<UiToWorker>) => source.receive(e.data);
void source.start();
