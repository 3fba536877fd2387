import type { ApiStage } from '../stages';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { EtcdServer } from '../../etcd/server';
import type { DeferredValue, KeyValue } from '../../etcd/store';
import type { Clock } from '../../sim/clock';
import type { Network } from '../../sim/network';
import type { Rng } from '../../sim/rng';
import type { Reply } from '../types';
import type { WatchCache } from '../watchcache';

/**
 * What the registry needs from the API server that holds it: etcd, the watch cache's decoded
 * objects, the clock and the trace. The API server implements it; registry code depends on this
 * interface only, so nothing in `registry/` imports the server back.
 */
export interface StorageContext {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly net: Network;
  readonly etcd: EtcdServer;
  readonly cache: WatchCache;
  /** Record one stage of the request pipeline as a trace event. */
  stage(name: ApiStage, summary: string): void;
  /** The decoded object of a key-value, from the watch cache when it is current. */
  live(kv: KeyValue): KubeObject;
  /**
   * The JSON etcd stores for `obj`, about to be written at `key`, or `obj` itself standing for
   * it until the text is read (`length` is then an upper bound of the text's). The API server
   * keeps `obj` (frozen) so that the write's watch event hands it out instead of parsing the
   * JSON back: the caller must not touch it afterwards.
   */
  encode(key: string, obj: KubeObject): string | DeferredValue;
  /** The current object at a key (read-only). */
  peek(key: string): KubeObject | undefined;
  key(info: ResourceInfo, ns: string | undefined, name: string): string;
  prefix(info: ResourceInfo, ns: string | undefined): string;
  /** What to do when etcd does not answer: reply `etcdserver: request timed out` later. */
  etcdTimeout(reply: Reply): () => void;
}
