export { WorkerBridge } from './bridge';
export type { WorkerLike, RequestCommand, RequestInput } from './bridge';
export { BridgeContext, useBridge } from './context';
export { createEngineWorker } from './startWorker';
