import type { Network } from '../sim/network';
import type { EtcdStore, KeyValue, PutResult, WatchEvent } from './store';

export const ETCD = 'etcd';
export const APISERVER = 'kube-apiserver';

/**
 * etcd as a networked component: kube-apiserver is its only client. Each range and transaction
 * travels as a traced message, and each change is streamed back to the API server's watch.
 */
export class EtcdServer {
  private watchers: ((events: WatchEvent[]) => void)[] = [];

  constructor(
    readonly store: EtcdStore,
    private readonly net: Network,
  ) {
    // kube-apiserver opens one watch on the whole registry; every change is one message back.
    store.watch('/registry/', store.revision, (events) => {
      for (const ev of events) {
        const verb = ev.type;
        // A live change comes alone: its list is passed on as it is.
        const batch = events.length === 1 ? events : [ev];
        this.net.send(
          {
            from: ETCD,
            to: APISERVER,
            kind: 'watch',
            verb,
            resource: ev.kv.key,
            summary: `${verb} ${shortKey(ev.kv.key)} rev ${ev.kv.modRevision}`,
          },
          () => {
            for (const w of this.watchers) w(batch);
          },
        );
      }
    });
  }

  get up(): boolean {
    return this.net.isUp(ETCD);
  }

  /** The API server's own watch on the registry (delivered after the message arrives). */
  onWatch(fn: (events: WatchEvent[]) => void): void {
    this.watchers.push(fn);
  }

  /**
   * A range read by prefix (`LIST`/`GET` that the API server sends to etcd). With `only`, a key
   * under the prefix, the caller will use nothing but that key's value, so only it is read (the
   * message is the same range request).
   */
  range(
    prefix: string,
    reply: (r: { kvs: KeyValue[]; revision: number }) => void,
    timeout: () => void,
    only?: string,
  ): void {
    this.call(
      `range ${shortKey(prefix)}`,
      'RANGE',
      prefix,
      (store) => {
        if (only === undefined || !only.startsWith(prefix)) return store.range(prefix);
        const kv = store.get(only);
        return { kvs: kv ? [kv] : [], revision: store.revision };
      },
      reply,
      timeout,
    );
  }

  /**
   * Compact the history up to `revision` (etcd's Compact RPC): older revisions are gone, and a
   * watch from before them fails.
   */
  compact(revision: number): void {
    this.call(
      `compact rev ${revision}`,
      'COMPACT',
      '/registry/',
      (store) => store.compact(revision),
      () => {},
      () => {},
    );
  }

  /**
   * A transaction: `apply` runs inside etcd against the current state and returns the put or
   * delete result (compare-and-swap semantics are the caller's, via expectModRevision).
   */
  txn(
    key: string,
    summary: string,
    apply: (store: EtcdStore) => PutResult,
    reply: (r: PutResult) => void,
    timeout: () => void,
  ): void {
    this.call(summary, 'TXN', key, apply, reply, timeout);
  }

  private call<T>(
    summary: string,
    verb: string,
    key: string,
    run: (store: EtcdStore) => T,
    reply: (r: T) => void,
    timeout: () => void,
  ): void {
    // The API server's call serving a heartbeat is background too; a controller acting on the
    // heartbeat's watch event later is news (its request starts a flow of its own).
    const background = this.net.servingBackground;
    if (!this.net.isUp(ETCD)) {
      // The request is sent and never answered: the API server gives up after its timeout.
      this.net.send(
        { from: APISERVER, to: ETCD, kind: 'request', verb, resource: key, summary, background },
        undefined,
      );
      timeout();
      return;
    }
    const reqFlow = this.net.send(
      { from: APISERVER, to: ETCD, kind: 'request', verb, resource: key, summary, background },
      () => {
        const result = run(this.store);
        this.net.send(
          {
            from: ETCD,
            to: APISERVER,
            kind: 'response',
            verb,
            resource: key,
            summary: `${verb} ok rev ${this.store.revision}`,
            flow: reqFlow,
          },
          () => reply(result),
        );
      },
    );
  }
}

/** `/registry/pods/default/web` → `pods/default/web`. */
export function shortKey(key: string): string {
  return key.startsWith('/registry/') ? key.slice('/registry/'.length) : key;
}
