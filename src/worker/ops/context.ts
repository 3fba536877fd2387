import type { Cluster } from '../../engine/cluster';
import type { ObjectRecord, WorkerToUi } from '../../protocol';

/** What an operation of the worker may use: the cluster, a way to answer, the current objects. */
export interface OpContext {
  readonly cluster: Cluster;
  /** Every stored object, current, decoded once (the batcher's view). */
  readonly objects: ReadonlyMap<string, ObjectRecord>;
  post(message: WorkerToUi): void;
  /** Send what changed now, before the answer (a fault's effect is drawn at once). */
  flush(): void;
}
