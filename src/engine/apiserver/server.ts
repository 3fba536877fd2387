import { REVIEW_RESOURCES } from './authorization/reviewResources';
import { onDemand } from '../onDemand';
import {
  attributesOf,
  forbidden,
  impersonate,
  rbacObjects,
} from './authorization/requestAuthorizer';
import { authorize } from './authorization/rbac';
import type { ApiStage } from './stages';
import { etcdKey, resourceForKind, resourceForPlural, type ResourceInfo } from '../api/resources';
import type { KubeObject } from '../api/types';
import type { EtcdServer } from '../etcd/server';
import type { DeferredValue } from '../etcd/store';
import { deferredObject, type KeyValue } from '../etcd/store';
import type { Clock } from '../sim/clock';
import type { Network } from '../sim/network';
import type { Rng } from '../sim/rng';
import type { AdmissionChain } from './admission/chain';
import { newAdmissionChain } from './admission/plugins';
// quota:
import { LIMIT_RANGES, PolicyIndex, RESOURCE_QUOTAS } from './admission/policyIndex';
import { serveComponentStatuses } from './componentStatus';
import * as errors from './errors';
import { deferObject, encodeObject, renderStored } from './encoder';
import { DeferredObject } from './pastRevision';
import { deepFreeze } from './patch';
import type { StorageContext } from './registry/context';
import { Kubelets, type KubeletServer } from './registry/core/pod/log';
import type { WatchHandle } from './registry/reads';
import { buildStorage, type ResourceStorage } from './registry/storage';
import type { Store } from './registry/store';
import type { ApiRequest, Reply, WatchEventMessage } from './types';
import { APISERVER, userFor, type UserInfo } from './types';
import { Callers, type StageText } from './callers';
import { WATCH_CACHE_HISTORY, WatchCache } from './watchcache';
import { Aggregator } from './aggregator';
// apf:
import { AdmissionConfigurationIndex } from './admission/configurationIndex';
import { PrefixIndex } from './prefixIndex';
// crd:
import type { ApiExtensionsHost, Crd } from './apiextensions/conditions';
import { CustomResources } from './apiextensions/customResources';
import { EstablishingController } from './apiextensions/establishingController';
import { CrdFinalizer } from './apiextensions/finalizerController';
import { NamingConditionController } from './apiextensions/namingController';

export { APISERVER } from './types';
export { LAST_APPLIED } from './registry/lastApplied';
export type { KubeletServer } from './registry/core/pod/log';
export type { WatchHandle } from './registry/reads';
export type { Reply } from './types';

/**
 * Events have no watch cache (k/k: pkg/kubeapiserver/default_storage_factory_builder.go
 * DefaultWatchCacheSizes: `{Resource: "events"}: 0`): the API server keeps no decoded copy of
 * them and reads them from etcd; their changes still reach event watchers.
 */
const UNCACHED_PREFIX = '/registry/events/';

const STORAGE_CLASSES = '/registry/storageclasses/';
const PRIORITY_CLASSES = '/registry/priorityclasses/';
const NAMESPACES = '/registry/namespaces/';
const SERVICE_ACCOUNTS = '/registry/serviceaccounts/';
const LISTED = [STORAGE_CLASSES, PRIORITY_CLASSES, NAMESPACES, SERVICE_ACCOUNTS];
/** crd: where CustomResourceDefinitions are kept. */
const CRD_PREFIX = '/registry/apiextensions.k8s.io/customresourcedefinitions/';

/**
 * A write whose JSON may be longer than this (by deferObject's bound) has its text made at once,
 * so etcd's request size limit (1.5 MiB) is checked on the exact length.
 */
const DEFER_MAX_BOUND = 1024 * 1024;

/** kube-apiserver's `--etcd-compaction-interval` default. */
export const ETCD_COMPACTION_INTERVAL_MS = 5 * 60_000;

/** How long the API server waits for etcd before answering `etcdserver: request timed out`. */
const ETCD_TIMEOUT_MS = 7_000;

/**
 * kube-apiserver: the hub. Every request runs authentication → authorization → mutating admission
 * → validation → validating admission → etcd, each stage a trace event; watches are served from
 * the watch cache, which one etcd watch feeds. Each resource is served by its registry storage
 * (`registry/`): the generic store with the kind's strategy, and its subresources.
 */
/** The verbs that go through admission. */
const ADMITTED_VERBS = new Set(['create', 'update', 'patch', 'apply']);

export class ApiServer implements StorageContext {
  readonly cache: WatchCache;
  /** Decoded objects by etcd key, as the watch cache holds them (not Events). */
  readonly objects = new Map<string, { kv: KeyValue; obj: KubeObject }>();
  /**
   * The object the last write's watch event decoded (its entry in `objects`, while there, or an
   * uncached one's), which the write's reply reuses without looking the key up again.
   */
  private lastWritten: { kv: KeyValue; obj: KubeObject } | undefined;
  /**
   * Objects the registry encoded for a write still in flight, by etcd key: the write's watch
   * event uses the object instead of `JSON.parse` of the stored value (the real API server also
   * decodes each stored object once, into its watch cache; here the encoder already holds it).
   */
  private readonly encoded = new Map<string, { value: string; obj: KubeObject }>();
  private readonly kubelets = new Kubelets();
  /** hpa: the kube-aggregator's APIServices (metrics.k8s.io when metrics-server runs). */
  readonly aggregator: Aggregator;
  private readonly admission: AdmissionChain;
  // quota: the namespaces' ResourceQuotas and LimitRanges, for admission.
  private readonly policies = new PolicyIndex();
  // apf: the webhook configurations, for the webhook admission plugins.
  private readonly admissionConfigs = new AdmissionConfigurationIndex();
  /** scale: the kinds admission plugins list or read on every write of another kind. */
  private readonly listed = new PrefixIndex(LISTED);
  private readonly storage: Map<string, ResourceStorage>;
  /** Stores told when an object under their etcd prefix is gone, however it went. */
  private readonly deleteHooks: { prefix: string; store: Store }[];
  /** crd: the resources CustomResourceDefinitions define, and the apiextensions controllers. */
  readonly customResources: CustomResources;
  private readonly crdControllers: { observe(crd: Crd): void }[];
  /** Components authenticated so far, with their stages' texts. */
  private readonly callers = new Callers();

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
    readonly net: Network,
    readonly etcd: EtcdServer,
    /** Events the watch cache keeps; a watch from before them gets 410 Gone. */
    watchCacheSize = WATCH_CACHE_HISTORY,
  ) {
    this.cache = new WatchCache(watchCacheSize, (kv) => this.live(kv));
    this.aggregator = new Aggregator(net, (name, summary) => this.stage(name, summary));
    const namespaces = resourceForPlural('namespaces')!;
    const serviceAccounts = resourceForPlural('serviceaccounts')!;
    this.admission = newAdmissionChain(
      {
        namespace: (name) => this.peek(this.key(namespaces, undefined, name), NAMESPACES),
        serviceAccount: (ns, name) =>
          this.peek(this.key(serviceAccounts, ns, name), SERVICE_ACCOUNTS),
        // storage:
        storageClasses: () => this.listed.list(STORAGE_CLASSES),
        // quota:
        resourceQuotas: (ns) => this.policies.list(RESOURCE_QUOTAS, ns),
        limitRanges: (ns) => this.policies.list(LIMIT_RANGES, ns),
        objectsIn: (info, ns) => {
          const prefix = `${info.etcdPrefix}/${ns}/`;
          return [...this.objects].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v.obj);
        },
        object: (key) => this.objects.get(key)?.obj,
        now: () => clock.now,
        // corpus-policy:
        priorityClasses: () => this.listed.list(PRIORITY_CLASSES),
        // apf:
        admissionConfigurations: (kind) => this.admissionConfigs.list(kind),
        paramResource: (apiVersion, kind) => {
          const builtIn = resourceForKind(kind);
          if (builtIn?.apiVersion === apiVersion) return builtIn;
          return this.customResources
            .discovery()
            .find((i) => i.apiVersion === apiVersion && i.kind === kind);
        },
        objectsOf: (info, ns) => {
          const prefix = ns ? `${info.etcdPrefix}/${ns}/` : `${info.etcdPrefix}/`;
          return [...this.objects].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v.obj);
        },
      },
      rng,
      (name, summary) => this.stage(name, summary),
    );
    this.storage = buildStorage({ ctx: this, admission: this.admission, kubelets: this.kubelets });
    this.deleteHooks = [...this.storage.values()]
      .filter((r) => r.store.hooks.afterDelete)
      .map((r) => ({ prefix: `${r.store.info.etcdPrefix}/`, store: r.store }));
    // crd: kube-apiserver's apiextensions-apiserver and its controllers, which run in-process
    // and write through its loopback client.
    this.customResources = new CustomResources(this, this.admission);
    const host: ApiExtensionsHost = {
      crd: (name) => this.peek(`${CRD_PREFIX}${name}`) as Crd | undefined,
      crds: () =>
        [...this.objects]
          .filter(([k]) => k.startsWith(CRD_PREFIX))
          .map(([, v]) => v.obj as unknown as Crd),
      request: (req, cb) => this.handle(APISERVER, req, cb),
      after: (ms, fn) => void clock.setTimeout(fn, ms),
      timestamp: () => clock.timestamp(),
    };
    this.crdControllers = [
      new NamingConditionController(host),
      new EstablishingController(host),
      new CrdFinalizer(host),
    ];
    etcd.onWatch((events) => {
      for (const ev of events) {
        const uncached = ev.kv.key.startsWith(UNCACHED_PREFIX);
        // A key created by this write (a create's) has no entry yet: no lookup of this large map.
        const created = ev.type === 'PUT' && ev.kv.createRevision === ev.kv.modRevision;
        const entry = uncached || created ? undefined : this.objects.get(ev.kv.key);
        const prev = uncached ? ev.prevKv && this.decode(ev.prevKv) : entry?.obj;
        if (ev.type === 'DELETE') {
          this.objects.delete(ev.kv.key);
          if (entry !== undefined && this.lastWritten === entry) this.lastWritten = undefined;
          this.encoded.delete(ev.kv.key);
          this.policies.observe(ev.kv.key, undefined);
          this.admissionConfigs.observe(ev.kv.key, undefined);
          this.listed.observe(ev.kv.key, undefined);
          // However an object goes (delete, last finalizer removed), its store hears of it: a
          // Service's IP and ports return.
          if (prev) {
            for (const h of this.deleteHooks)
              if (ev.kv.key.startsWith(h.prefix)) h.store.hooks.afterDelete!(prev);
          }
          // crd: a CustomResourceDefinition's resource is served as it says, its controllers told.
          if (ev.kv.key.startsWith(CRD_PREFIX)) this.crdChanged(ev.kv.key, undefined);
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
          if (!uncached) {
            // scale: the key's entry is updated in place, one lookup of this large map a write
            // instead of two, and no new entry.
            if (entry !== undefined) {
              entry.kv = ev.kv;
              entry.obj = obj;
              this.lastWritten = entry;
            } else {
              const added = { kv: ev.kv, obj };
              this.objects.set(ev.kv.key, added);
              this.lastWritten = added;
            }
            this.listed.observe(ev.kv.key, obj);
          } else this.lastWritten = { kv: ev.kv, obj };
          this.policies.observe(ev.kv.key, obj);
          this.admissionConfigs.observe(ev.kv.key, obj);
          if (ev.kv.key.startsWith(CRD_PREFIX)) this.crdChanged(ev.kv.key, obj);
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

  /** crd: a CRD was written or deleted. */
  private crdChanged(key: string, obj: KubeObject | undefined): void {
    const name = key.slice(CRD_PREFIX.length);
    const crd = obj as unknown as Crd | undefined;
    this.customResources.observe(name, crd);
    if (!crd) return;
    for (const c of this.crdControllers) c.observe(crd);
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
    this.kubelets.register(node, component, server);
  }

  /**
   * The current object at a key, as the watch cache holds it (read-only); with `listed`, a
   * prefix of the key that `listed` indexes, from that small map (the same objects).
   */
  peek(key: string, listed?: string): KubeObject | undefined {
    const e = listed !== undefined ? this.listed.get(listed, key) : this.objects.get(key)?.obj;
    if (e) return e;
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
    // hpa: an aggregated API (metrics.k8s.io) is proxied to the server that registered it.
    // crd: a custom resource (by plural, and group when the request names one).
    const custom = this.customResources.lookup(req.resource, req.group);
    if (req.group && !custom) return (this.aggregator.proxy(req, reply), undefined);
    // authz: `kubectl auth can-i` and `--as` (./authorization): their stages are their own.
    const authorized = req.impersonate !== undefined || REVIEW_RESOURCES.has(req.resource);
    let user: UserInfo | undefined;
    if (authorized) {
      user = this.authorizeAs(from, req, reply);
      if (!user) return undefined;
    }
    const info = custom ? custom.store.info : resourceForPlural(req.resource);
    const componentStatuses = req.resource === 'componentstatuses';
    if (!info && !componentStatuses) {
      reply({
        code: 404,
        body: errors.notFound({ plural: req.resource, group: '' } as ResourceInfo, req.name ?? ''),
      });
      return undefined;
    }
    if (!user) {
      const caller = this.callers.of(from);
      user = caller.user;
      this.traceStage(caller.authentication);
      this.traceStage(caller.authorization(req));
    }
    if (componentStatuses || !info) {
      return (serveComponentStatuses(req, this.net.down, reply), undefined);
    }
    const { store, subresources } = custom ?? this.storage.get(info.plural)!;
    // Admission sees who asked (k/k admission.Attributes.GetUserInfo): writes only. The request
    // is the server's once sent (on a real cluster, bytes on the wire): no client reads `user`,
    // and the same request from the same client authenticates as the same user again.
    if (ADMITTED_VERBS.has(req.verb)) req.user = user;
    // A subresource serves the verbs it has; the rest go to the resource itself.
    const sub = req.subresource ? subresources.get(req.subresource) : undefined;
    switch (req.verb) {
      case 'get':
        return (sub?.get ? sub.get(req, reply) : store.get(req, reply), undefined);
      case 'list':
        return (store.list(req, reply), undefined);
      case 'watch':
        return store.watch(req, reply, onEvent!);
      case 'create':
        return (sub?.create ? sub.create(req, reply) : store.create(req, reply), undefined);
      case 'update':
      case 'patch':
      case 'apply':
        return (sub?.update ? sub.update(req, reply) : store.update(req, reply), undefined);
      case 'delete':
        return (store.delete(req, reply), undefined);
      default:
        reply({ code: 405, body: errors.methodNotAllowed(`verb ${req.verb} is not supported`) });
        return undefined;
    }
  }

  /**
   * authz: a request that impersonates another user (allowed only if the requester may, then
   * authorized with RBAC as that user), or an access review (answered, never stored).
   */
  private authorizeAs(from: string, req: ApiRequest, reply: Reply): UserInfo | undefined {
    const requester = userFor(from);
    const objects = rbacObjects(this.objects);
    const who = impersonate(req, requester, objects);
    if ('refuse' in who) {
      this.stage('authentication', `authenticated ${requester.username}`);
      this.stage(
        'authorization',
        `${requester.username} may not impersonate ${req.impersonate!.user} (RBAC)`,
      );
      reply(who.refuse);
      return undefined;
    }
    const user = who.user;
    const as = req.impersonate ? ` as ${user.username}` : '';
    this.stage('authentication', `authenticated ${requester.username}${as}`);
    if (REVIEW_RESOURCES.has(req.resource)) {
      this.stage('authorization', `${user.username} may create ${req.resource} (RBAC)`);
      reply(onDemand().review(req, user, objects));
      return undefined;
    }
    const attrs = attributesOf(req, user);
    const decision = authorize(attrs, objects);
    const target = `${req.resource}${req.subresource ? '/' + req.subresource : ''}`;
    this.stage(
      'authorization',
      `${user.username} ${decision.allowed ? 'may' : 'may not'} ${attrs.verb} ${target} (RBAC)`,
    );
    if (!decision.allowed) {
      reply(forbidden(attrs, decision.reason));
      return undefined;
    }
    return user;
  }

  /** Record one stage of the request pipeline as a trace event. */
  stage(name: ApiStage, summary: string): void {
    this.stageEvent(name, `${name}: ${summary}`);
  }

  /** A stage whose trace text is made already (see StageText). */
  private traceStage(stage: StageText): void {
    this.stageEvent(stage.name, stage.text);
  }

  private stageEvent(name: ApiStage, text: string): void {
    this.net.send(
      {
        from: APISERVER,
        to: APISERVER,
        kind: 'stage',
        verb: name,
        resource: '',
        summary: text,
      },
      undefined,
      0.1,
    );
  }

  /** The decoded object of a key-value, from the watch cache when it is current. */
  live(kv: KeyValue): KubeObject {
    const last = this.lastWritten;
    if (last !== undefined && last.kv === kv) return last.obj;
    // etcd's current revision, decoded already: the cache's object, not looked up among all.
    const deferred = deferredObject(kv) as KubeObject | undefined;
    if (deferred !== undefined && Object.isFrozen(deferred.metadata)) return deferred;
    const cached = this.objects.get(kv.key);
    return cached && cached.kv.modRevision === kv.modRevision ? cached.obj : this.decode(kv);
  }

  encode(key: string, obj: KubeObject): string | DeferredValue {
    // An object's JSON is made only when read (see DeferredValue): the watch cache holds the
    // object anyway. An Event, which it does not hold, is kept as its frozen object too.
    if (!('resourceVersion' in (obj.metadata ?? {}))) {
      const bound = deferObject(obj);
      if (bound !== undefined) {
        if (this.encoded.size > 0) this.encoded.delete(key);
        // Near etcd's request size limit, the text's exact length decides: it is made now.
        if (bound <= DEFER_MAX_BOUND) return new DeferredObject(obj, bound);
        const value = renderStored(obj);
        this.encoded.set(key, { value, obj });
        return value;
      }
    }
    const { value, exact } = encodeObject(obj);
    // Only a tree that JSON gives back exactly (no undefined fields, -0, Dates…) stands in for
    // the parsed value (encodeObject has frozen it).
    if (exact) this.encoded.set(key, { value, obj });
    else this.encoded.delete(key);
    return value;
  }

  private decode(kv: KeyValue): KubeObject {
    const deferred = deferredObject(kv) as KubeObject | undefined;
    const pending = deferred ? undefined : this.encoded.get(kv.key);
    let obj: KubeObject;
    if (deferred) {
      // Decoded before (a second read of the same revision): frozen with its resourceVersion.
      if (Object.isFrozen(deferred.metadata)) return deferred;
      obj = deferred;
    } else if (pending && pending.value === kv.value) {
      this.encoded.delete(kv.key);
      obj = pending.obj;
    } else obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata!.resourceVersion = String(kv.modRevision);
    return deepFreeze(obj);
  }

  key(info: ResourceInfo, ns: string | undefined, name: string): string {
    return etcdKey(info, info.namespaced ? ns || 'default' : undefined, name);
  }

  prefix(info: ResourceInfo, ns: string | undefined): string {
    return info.namespaced && ns ? `${info.etcdPrefix}/${ns}/` : `${info.etcdPrefix}/`;
  }

  etcdTimeout(reply: Reply): () => void {
    return () =>
      this.clock.setTimeout(
        () => reply({ code: 500, body: errors.etcdUnavailable() }),
        ETCD_TIMEOUT_MS,
      );
  }
}
