import { etcdKey, resourceForPlural, type ResourceInfo } from '../api/resources';
import type { KubeObject, Service } from '../api/types';
import { type EtcdServer, shortKey } from '../etcd/server';
import type { KeyValue } from '../etcd/store';
import type { Clock } from '../sim/clock';
import type { Network } from '../sim/network';
import type { Rng } from '../sim/rng';
import { ServiceAllocator } from './admission';
import * as errors from './errors';
import { deepFreeze } from './patch';
import type { ApiRequest, ApiResponse, WatchEventMessage } from './types';
import { userFor } from './types';
import { WATCH_CACHE_HISTORY, WatchCache } from './watchcache';
import { createObject } from './create';
import { deleteObject } from './delete';
import { getObject, listObjects, watchObjects } from './reads';
import { serveComponentStatuses } from './componentStatus';
import { bindPod, evictPod, getPodLog } from './subresources';
import { updateObject } from './update';

export const APISERVER = 'kube-apiserver';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Events have no watch cache (k/k: pkg/kubeapiserver/default_storage_factory_builder.go
 * DefaultWatchCacheSizes: `{Resource: "events"}: 0`): the API server keeps no decoded copy of
 * them and reads them from etcd; their changes still reach event watchers.
 */
const UNCACHED_PREFIX = '/registry/events/';

/** kube-apiserver's `--etcd-compaction-interval` default. */
export const ETCD_COMPACTION_INTERVAL_MS = 5 * 60_000;

/** How long the API server waits for etcd before answering `etcdserver: request timed out`. */
const ETCD_TIMEOUT_MS = 7_000;

/** What a kubelet serves to the API server (port 10250). */
export interface KubeletServer {
  /** `GET /containerLogs/<ns>/<pod>/<container>`: answers with the log text or an error status. */
  containerLogs(
    req: {
      namespace: string;
      pod: string;
      container?: string;
      previous?: boolean;
      tailLines?: number;
      timestamps?: boolean;
    },
    reply: (r: ApiResponse) => void,
  ): void;
}

/** A client's open watch, as the API server holds it. */
export interface WatchHandle {
  stop(): void;
}

export type Reply = (r: ApiResponse) => void;

/**
 * kube-apiserver: the hub. Every request runs authentication → authorization → mutating admission
 * → validation → validating admission → etcd, each stage a trace event; watches are served from
 * the watch cache, which one etcd watch feeds.
 */
export class ApiServer {
  readonly cache = new WatchCache(WATCH_CACHE_HISTORY, (kv) => this.live(kv));
  /** @internal Decoded objects by etcd key, as the watch cache holds them (not Events). */
  readonly objects = new Map<string, { kv: KeyValue; obj: KubeObject }>();
  /** The last uncached object decoded for its watch event, which the write's reply reuses. */
  private lastUncached: { kv: KeyValue; obj: KubeObject } | undefined;
  /** @internal */
  readonly allocator: ServiceAllocator;
  /** @internal */
  readonly kubelets = new Map<string, KubeletServer>();
  /** @internal */
  readonly kubeletHostOf = new Map<string, string>();

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
    readonly net: Network,
    readonly etcd: EtcdServer,
  ) {
    this.allocator = new ServiceAllocator(rng);
    etcd.onWatch((events) => {
      for (const ev of events) {
        const uncached = ev.kv.key.startsWith(UNCACHED_PREFIX);
        const prev = uncached
          ? ev.prevKv && this.decode(ev.prevKv)
          : this.objects.get(ev.kv.key)?.obj;
        if (ev.type === 'DELETE') {
          this.objects.delete(ev.kv.key);
          // However a Service goes (delete, last finalizer removed), its IP and ports return.
          if (prev && ev.kv.key.startsWith('/registry/services/specs/')) {
            this.allocator.release(prev as Service);
          }
          if (prev)
            this.cache.dispatch({
              revision: ev.kv.modRevision,
              key: ev.kv.key,
              type: 'DELETE',
              object: prev,
              prev,
              kv: ev.kv,
              prevKv: ev.prevKv,
            });
        } else {
          const obj = this.decode(ev.kv);
          if (!uncached) this.objects.set(ev.kv.key, { kv: ev.kv, obj });
          else this.lastUncached = { kv: ev.kv, obj };
          this.cache.dispatch({
            revision: ev.kv.modRevision,
            key: ev.kv.key,
            type: 'PUT',
            object: obj,
            prev,
            kv: ev.kv,
            prevKv: ev.prevKv,
          });
        }
      }
    });
  }

  /**
   * kube-apiserver's etcd compactor (k/k: staging/src/k8s.io/apiserver/pkg/storage/etcd3/
   * compact.go): every `--etcd-compaction-interval` (default 5m) it compacts etcd up to the
   * revision it saw at the previous tick, so etcd keeps between one and two intervals of history.
   */
  startCompactor(intervalMs = ETCD_COMPACTION_INTERVAL_MS): void {
    if (intervalMs <= 0) return;
    let previous = 0;
    const tick = () => {
      if (previous > 0 && this.etcd.up) this.etcd.compact(previous);
      previous = this.etcd.store.revision;
      this.clock.setTimeout(tick, intervalMs);
    };
    this.clock.setTimeout(tick, intervalMs);
  }

  /** The kubelet API server of a node, for logs (registered by the node when it joins). */
  registerKubelet(node: string, component: string, server: KubeletServer): void {
    this.kubelets.set(node, server);
    this.kubeletHostOf.set(node, component);
  }

  /** The current object at a key, as the watch cache holds it (read-only). */
  peek(key: string): KubeObject | undefined {
    const e = this.objects.get(key);
    if (e) return e.obj;
    const kv = this.etcd.store.get(key);
    return kv ? this.decode(kv) : undefined;
  }

  /**
   * Handle one request from `from`. The reply and watch events travel back over the network;
   * for a watch, `onEvent` receives each event and the returned handle stops it.
   */
  handle(
    from: string,
    req: ApiRequest,
    reply: Reply,
    onEvent?: (e: WatchEventMessage) => void,
  ): WatchHandle | undefined {
    const info = resourceForPlural(req.resource);
    const componentStatuses = req.resource === 'componentstatuses';
    if (!info && !componentStatuses) {
      reply({
        code: 404,
        body: errors.notFound({ plural: req.resource, group: '' } as ResourceInfo, req.name ?? ''),
      });
      return undefined;
    }
    const user = userFor(from);
    this.stage('authentication', `authenticated ${user.username}`);
    this.stage(
      'authorization',
      `${user.username} may ${req.verb} ${req.resource}${req.subresource ? '/' + req.subresource : ''} (Node,RBAC)`,
    );
    if (componentStatuses || !info) {
      return (serveComponentStatuses(req, this.net.down, reply), undefined);
    }
    switch (req.verb) {
      case 'get':
        if (req.subresource === 'log') return (getPodLog(this, from, req, reply), undefined);
        return (getObject(this, info, req, reply), undefined);
      case 'list':
        return (listObjects(this, info, req, reply), undefined);
      case 'watch':
        return watchObjects(this, info, req, reply, onEvent!);
      case 'create':
        if (req.subresource === 'binding') return (bindPod(this, info, req, reply), undefined);
        if (req.subresource === 'eviction') return (evictPod(this, info, req, reply), undefined);
        return (createObject(this, info, req, reply), undefined);
      case 'update':
      case 'patch':
      case 'apply':
        return (updateObject(this, info, req, reply), undefined);
      case 'delete':
        return (deleteObject(this, info, req, reply), undefined);
      default:
        reply({ code: 405, body: errors.methodNotAllowed(`verb ${req.verb} is not supported`) });
        return undefined;
    }
  }

  /** @internal */
  stage(name: string, summary: string): void {
    this.net.send(
      {
        from: APISERVER,
        to: APISERVER,
        kind: 'stage',
        verb: name,
        resource: '',
        summary: `${name}: ${summary}`,
      },
      undefined,
      0.1,
    );
  }

  /** @internal The decoded object of a key-value, from the watch cache when it is current. */
  live(kv: KeyValue): KubeObject {
    if (this.lastUncached?.kv === kv) return this.lastUncached.obj;
    const cached = this.objects.get(kv.key);
    return cached && cached.kv.modRevision === kv.modRevision ? cached.obj : this.decode(kv);
  }

  /** @internal */
  decode(kv: KeyValue): KubeObject {
    const obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata!.resourceVersion = String(kv.modRevision);
    return deepFreeze(obj);
  }

  /** @internal */
  key(info: ResourceInfo, ns: string | undefined, name: string): string {
    return etcdKey(info, info.namespaced ? ns || 'default' : undefined, name);
  }

  /** @internal */
  prefix(info: ResourceInfo, ns: string | undefined): string {
    return info.namespaced && ns ? `${info.etcdPrefix}/${ns}/` : `${info.etcdPrefix}/`;
  }

  /** @internal */
  etcdTimeout(reply: Reply): () => void {
    return () =>
      this.clock.setTimeout(
        () => reply({ code: 500, body: errors.etcdUnavailable() }),
        ETCD_TIMEOUT_MS,
      );
  }

  // ---- reads ----------------------------------------------------------------------------------

  // ---- writes ---------------------------------------------------------------------------------

  /**
   * update, patch and apply: read the current object, compute the new one, admit and validate
   * it, then write with compare-and-swap on the mod revision (GuaranteedUpdate).
   */

  /** @internal */
  write(
    info: ResourceInfo,
    key: string,
    current: KeyValue,
    next: KubeObject,
    reply: Reply,
    live: KubeObject,
  ): void {
    delete next.metadata!.resourceVersion;
    const value = JSON.stringify(next);
    this.etcd.txn(
      key,
      `txn update ${shortKey(key)}`,
      (store) => store.put(key, value, current.modRevision),
      (r) => {
        if (!r.ok) return reply({ code: 409, body: errors.conflict(info, live.metadata!.name!) });
        reply({ code: 200, body: this.live(r.kv!) });
      },
      this.etcdTimeout(reply),
    );
  }

  /** POST pods/<name>/binding: set spec.nodeName and PodScheduled=True (k/k: pod BindingREST). */

  /** GET pods/<name>/log: proxied to the kubelet of the pod's node, which asks its runtime. */
}
