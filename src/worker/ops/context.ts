import type { Cluster } from '../../engine/cluster';
import type { ObjectRecord, RequestArgs, RequestOp, RequestResult } from '../../protocol';

/** What an operation of the worker may use: the cluster and the current objects. */
export interface OpContext {
  readonly cluster: Cluster;
  /** Every stored object, current, decoded once (the batcher's view). */
  readonly objects: ReadonlyMap<string, ObjectRecord>;
  /** Send what changed now, before the answer (a fault's effect is drawn at once). */
  flush(): void;
}

/** How an operation answers its request: once with its result, after any streamed output. */
export interface Answer<K extends RequestOp> {
  readonly requestId: number;
  reply(result: RequestResult<K>): void;
  /** Output of a command still running (kubectl), pushed to the UI. */
  output(text: string): void;
}

/** One operation: what the worker does for a request of kind `K`. */
export type Op<K extends RequestOp> = (
  ctx: OpContext,
  args: RequestArgs<K>,
  answer: Answer<K>,
) => void;
