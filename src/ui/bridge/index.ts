export { WorkerBridge } from './bridge';
export type { WorkerLike, RequestInput, RequestOptions } from './bridge';
export { BridgeContext, useBridge } from './context';
export { createEngineWorker, createRemoteWorker } from './startWorker';
