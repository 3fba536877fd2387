import { applyDefaults } from '../api/defaults';
import { decodeError, validateObject } from '../api/validation';
import { invalidStatus } from '../api/fielderrors';
import {
  parseFieldSelector,
  parseLabelSelector,
  matchesFieldSelector,
  matchesParsedSelector,
} from '../api/labels';
import { etcdKey, resourceForPlural, type ResourceInfo } from '../api/resources';
import type { KubeObject, Pod, Service } from '../api/types';
import { type EtcdServer, shortKey } from '../etcd/server';
import type { KeyValue } from '../etcd/store';
import type { Clock } from '../sim/clock';
import { generateName } from '../sim/names';
import type { Network } from '../sim/network';
import type { Rng } from '../sim/rng';
import {
  admitDefaultTolerations,
  admitServiceAccount,
  prepareJobForCreate,
  preparePodForCreate,
  ServiceAllocator,
} from './admission';
import * as errors from './errors';
import {
  clone,
  deepFreeze,
  jsonEqual,
  mergePatch,
  strategicMergePatch,
  threeWayMerge,
} from './patch';
import type { ApiRequest, ApiResponse, WatchEventMessage } from './types';
import { userFor } from './types';
import { WatchCache } from './watchcache';

export const APISERVER = 'kube-apiserver';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

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

type Reply = (r: ApiResponse) => void;

/**
 * kube-apiserver: the hub. Every request runs authentication → authorization → mutating admission
 * → validation → validating admission → etcd, each stage a trace event; watches are served from
 * the watch cache, which one etcd watch feeds.
 */
export class ApiServer {
  readonly cache = new WatchCache();
  /** Decoded objects by etcd key, as the watch cache holds them. */
  private objects = new Map<string, { kv: KeyValue; obj: KubeObject }>();
  private allocator: ServiceAllocator;
  private kubelets = new Map<string, KubeletServer>();
  private kubeletHostOf = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly net: Network,
    private readonly etcd: EtcdServer,
  ) {
    this.allocator = new ServiceAllocator(rng);
    etcd.onWatch((events) => {
      for (const ev of events) {
        const prev = this.objects.get(ev.kv.key)?.obj;
        if (ev.type === 'DELETE') {
          this.objects.delete(ev.kv.key);
          if (prev)
            this.cache.dispatch({
              revision: ev.kv.modRevision,
              key: ev.kv.key,
              type: 'DELETE',
              object: prev,
              prev,
            });
        } else {
          const obj = this.decode(ev.kv);
          this.objects.set(ev.kv.key, { kv: ev.kv, obj });
          this.cache.dispatch({
            revision: ev.kv.modRevision,
            key: ev.kv.key,
            type: 'PUT',
            object: obj,
            prev,
          });
        }
      }
    });
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
    if (!info) {
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
    switch (req.verb) {
      case 'get':
        if (req.subresource === 'log') return (this.getLog(from, req, reply), undefined);
        return (this.get(info, req, reply), undefined);
      case 'list':
        return (this.list(info, req, reply), undefined);
      case 'watch':
        return this.watch(info, req, reply, onEvent!);
      case 'create':
        if (req.subresource === 'binding') return (this.bind(info, req, reply), undefined);
        return (this.create(info, req, reply), undefined);
      case 'update':
      case 'patch':
      case 'apply':
        return (this.update(info, req, reply), undefined);
      case 'delete':
        return (this.delete(info, req, reply), undefined);
      default:
        reply({ code: 405, body: errors.methodNotAllowed(`verb ${req.verb} is not supported`) });
        return undefined;
    }
  }

  private stage(name: string, summary: string): void {
    this.net.send(
      {
        from: APISERVER,
        to: APISERVER,
        kind: 'stage',
        verb: name,
        resource: '',
        summary: `${name}: ${summary}`,
      },
      () => {},
      0.1,
    );
  }

  private decode(kv: KeyValue): KubeObject {
    const obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata!.resourceVersion = String(kv.modRevision);
    return deepFreeze(obj);
  }

  private key(info: ResourceInfo, ns: string | undefined, name: string): string {
    return etcdKey(info, info.namespaced ? ns || 'default' : undefined, name);
  }

  private prefix(info: ResourceInfo, ns: string | undefined): string {
    return info.namespaced && ns ? `${info.etcdPrefix}/${ns}/` : `${info.etcdPrefix}/`;
  }

  private etcdTimeout(reply: Reply): () => void {
    return () =>
      this.clock.setTimeout(
        () => reply({ code: 500, body: errors.etcdUnavailable() }),
        ETCD_TIMEOUT_MS,
      );
  }

  // ---- reads ----------------------------------------------------------------------------------

  private get(info: ResourceInfo, req: ApiRequest, reply: Reply): void {
    const key = this.key(info, req.namespace, req.name!);
    this.etcd.range(
      key,
      (r) => {
        const kv = r.kvs.find((k) => k.key === key);
        if (!kv) return reply({ code: 404, body: errors.notFound(info, req.name!) });
        const obj = this.decode(kv);
        if (req.subresource === 'scale') return reply({ code: 200, body: this.scaleOf(info, obj) });
        reply({ code: 200, body: obj });
      },
      this.etcdTimeout(reply),
    );
  }

  private list(info: ResourceInfo, req: ApiRequest, reply: Reply): void {
    let labels: ReturnType<typeof parseLabelSelector> | undefined;
    let fields: ReturnType<typeof parseFieldSelector> | undefined;
    try {
      labels = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
      fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector) : undefined;
    } catch (e) {
      return reply({ code: 400, body: errors.badRequest((e as Error).message) });
    }
    this.etcd.range(
      this.prefix(info, req.namespace),
      (r) => {
        const items: KubeObject[] = [];
        for (const kv of r.kvs) {
          const obj =
            this.objects.get(kv.key)?.kv.modRevision === kv.modRevision
              ? this.objects.get(kv.key)!.obj
              : this.decode(kv);
          if (labels && !matchesParsedSelector(obj.metadata?.labels, labels)) continue;
          if (fields && !matchesFieldSelector(obj, fields)) continue;
          items.push(obj);
        }
        reply({
          code: 200,
          body: {
            apiVersion: info.apiVersion,
            kind: `${info.kind}List`,
            metadata: { resourceVersion: String(r.revision) },
            items,
          },
        });
      },
      this.etcdTimeout(reply),
    );
  }

  private watch(
    info: ResourceInfo,
    req: ApiRequest,
    reply: Reply,
    onEvent: (e: WatchEventMessage) => void,
  ): WatchHandle {
    let labels: ReturnType<typeof parseLabelSelector> | undefined;
    let fields: ReturnType<typeof parseFieldSelector> | undefined;
    try {
      labels = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
      fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector) : undefined;
    } catch (e) {
      reply({ code: 400, body: errors.badRequest((e as Error).message) });
      return { stop() {} };
    }
    const from = Number(req.resourceVersion ?? '0') || 0;
    const added = this.cache.add({
      prefix: req.name ? this.key(info, req.namespace, req.name) : this.prefix(info, req.namespace),
      fromRevision: from,
      labels,
      fields,
      send: (ev) => onEvent(ev),
    });
    if ('tooOld' in added) {
      reply({
        code: 410,
        body: errors.gone(`too old resource version: ${from} (${added.tooOld})`),
      });
      return { stop() {} };
    }
    reply({ code: 200 });
    return { stop: () => this.cache.remove(added.id) };
  }

  // ---- writes ---------------------------------------------------------------------------------

  private create(info: ResourceInfo, req: ApiRequest, reply: Reply): void {
    const obj = clone(req.body as KubeObject);
    if (!obj || typeof obj !== 'object')
      return reply({
        code: 400,
        body: errors.badRequest('the body of the request was in an unknown format'),
      });
    const meta = (obj.metadata = obj.metadata ?? {});
    const undecodable = decodeError(obj);
    if (undecodable) return reply({ code: 400, body: errors.badRequest(undecodable) });
    if (obj.kind !== info.kind) {
      return reply({
        code: 400,
        body: errors.badRequest(
          `the API version in the data (${obj.apiVersion}) does not match the expected API version (${info.apiVersion})`,
        ),
      });
    }
    if (info.namespaced) {
      if (meta.namespace && req.namespace && meta.namespace !== req.namespace) {
        return reply({
          code: 400,
          body: errors.badRequest(
            'the namespace of the provided object does not match the namespace sent on the request',
          ),
        });
      }
      meta.namespace = meta.namespace ?? req.namespace ?? 'default';
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(this.rng, meta.generateName);

    // Mutating admission.
    this.stage(
      'mutating admission',
      'NamespaceLifecycle, ServiceAccount, DefaultTolerationSeconds, defaults',
    );
    if (info.namespaced) {
      const ns = this.peek(this.key(resourceForPlural('namespaces')!, undefined, meta.namespace!));
      if (!ns)
        return reply({
          code: 404,
          body: errors.notFound(resourceForPlural('namespaces')!, meta.namespace!),
        });
      if (ns.metadata?.deletionTimestamp && info.kind !== 'Event') {
        return reply({
          code: 403,
          body: errors.forbidden(
            info,
            meta.name ?? '',
            `unable to create new content in namespace ${meta.namespace} because it is being terminated`,
          ),
        });
      }
    }
    applyDefaults(obj);
    meta.uid = this.rng.uuid();
    meta.creationTimestamp = this.clock.timestamp();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    if ('spec' in obj && !['Pod', 'Node', 'Namespace', 'Service'].includes(info.kind))
      meta.generation = 1;
    if (info.kind === 'Pod') {
      const pod = obj as Pod;
      if (pod.spec) {
        admitServiceAccount(pod, this.rng);
        admitDefaultTolerations(pod);
        preparePodForCreate(pod);
      }
    }
    if (info.kind === 'Job' && (obj as { spec?: unknown }).spec)
      prepareJobForCreate(obj as never, meta.uid);
    if (info.kind === 'Namespace') obj.status = { phase: 'Active' };

    // Validation.
    this.stage('validation', `validate ${info.kind} ${meta.name ?? ''}`);
    const errs = validateObject(obj);
    if (errs.length > 0)
      return reply({
        code: 422,
        body: invalidStatus(info.group, info.kind, meta.name ?? '', errs),
      });

    // Validating admission.
    this.stage('validating admission', 'NamespaceLifecycle, ServiceAccount, ResourceQuota');
    if (info.kind === 'Pod') {
      const sa = (obj as Pod).spec!.serviceAccountName!;
      if (!this.peek(this.key(resourceForPlural('serviceaccounts')!, meta.namespace, sa))) {
        return reply({
          code: 403,
          body: errors.forbidden(
            info,
            meta.name!,
            `error looking up service account ${meta.namespace}/${sa}: serviceaccount "${sa}" not found`,
          ),
        });
      }
    }
    if (info.kind === 'Service') {
      const err = this.allocator.allocate(obj as Service);
      if (err)
        return reply({
          code: 422,
          body: errors.invalid(info, meta.name!, `${info.kind} "${meta.name}" is invalid: ${err}`),
        });
    }
    if (req.dryRun) return reply({ code: 201, body: obj });

    const key = this.key(info, meta.namespace, meta.name!);
    const value = JSON.stringify(obj);
    this.etcd.txn(
      key,
      `txn create ${shortKey(key)}`,
      (store) => store.put(key, value, 0),
      (r) => {
        if (!r.ok) {
          if (info.kind === 'Service') this.allocator.release(obj as Service);
          return reply({ code: 409, body: errors.alreadyExists(info, meta.name!) });
        }
        reply({ code: 201, body: this.decode(r.kv!) });
      },
      this.etcdTimeout(reply),
    );
  }

  /**
   * update, patch and apply: read the current object, compute the new one, admit and validate
   * it, then write with compare-and-swap on the mod revision (GuaranteedUpdate).
   */
  private update(info: ResourceInfo, req: ApiRequest, reply: Reply, attempt = 0): void {
    const name = req.name ?? (req.body as KubeObject)?.metadata?.name ?? '';
    const key = this.key(
      info,
      req.namespace ?? (req.body as KubeObject)?.metadata?.namespace,
      name,
    );
    const current = this.etcd.store.get(key);
    const live = current ? this.decode(current) : undefined;
    if (!live) {
      if (req.verb === 'apply')
        return this.create(
          info,
          { ...req, verb: 'create', body: withLastApplied(req.body as KubeObject) },
          reply,
        );
      return reply({ code: 404, body: errors.notFound(info, name) });
    }
    let next: KubeObject;
    if (req.subresource === 'scale') {
      const replicas = (req.body as { spec?: { replicas?: number } })?.spec?.replicas;
      next = clone(live);
      (next as { spec: { replicas?: number } }).spec.replicas = replicas;
    } else if (req.verb === 'update') {
      next = clone(req.body as KubeObject);
      const rv = next.metadata?.resourceVersion;
      if (rv && rv !== String(current!.modRevision))
        return reply({ code: 409, body: errors.conflict(info, name) });
    } else if (req.verb === 'patch') {
      next = (
        req.patchType === 'merge'
          ? mergePatch(clone(live), req.body)
          : strategicMergePatch(clone(live), req.body)
      ) as KubeObject;
    } else {
      const applied = withLastApplied(req.body as KubeObject);
      const lastText = live.metadata?.annotations?.[LAST_APPLIED];
      const last = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
      next = threeWayMerge(clone(live), last, applied) as KubeObject;
    }
    const nextMeta = (next.metadata = next.metadata ?? {});
    // Fields only the API server sets stay as they are.
    for (const f of [
      'uid',
      'creationTimestamp',
      'namespace',
      'name',
      'generation',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ] as const) {
      const v = live.metadata![f];
      if (v === undefined) delete next.metadata[f];
      else (next.metadata as Record<string, unknown>)[f] = v;
    }
    const hasStatus = info.subresources.includes('status');
    if (req.subresource === 'status') {
      // pods/status and friends: only status changes.
      next = {
        ...clone(live),
        status: next.status,
        metadata: { ...clone(live.metadata!), ...pickConditionsMeta(next) },
      };
    } else if (hasStatus && info.kind !== 'Namespace') {
      next.status = clone(live.status);
    }
    this.stage('mutating admission', 'defaults');
    applyDefaults(next);
    next.metadata = next.metadata ?? nextMeta;
    const meta = next.metadata;
    if (
      'spec' in next &&
      live.metadata!.generation !== undefined &&
      !jsonEqual(next.spec, live.spec)
    ) {
      meta.generation = (live.metadata!.generation ?? 0) + 1;
    }
    const comparable = (o: KubeObject) => ({
      ...o,
      metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
    });
    const unchanged = jsonEqual(comparable(next), comparable(live));
    if (unchanged && !(meta.deletionTimestamp && !meta.finalizers?.length)) {
      return reply({ code: 200, body: live, unchanged: true });
    }
    this.stage('validation', `validate ${info.kind} ${name}`);
    const errs = validateObject(next, live);
    if (errs.length > 0)
      return reply({ code: 422, body: invalidStatus(info.group, info.kind, name, errs) });
    this.stage('validating admission', 'NamespaceLifecycle, ResourceQuota');
    if (req.dryRun) return reply({ code: 200, body: next });

    // A terminating object whose last finalizer is removed is deleted now.
    const finish = meta.deletionTimestamp !== undefined && !meta.finalizers?.length;
    delete meta.resourceVersion;
    const value = JSON.stringify(next);
    const verbLabel = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
    this.etcd.txn(
      key,
      `txn ${finish ? 'delete' : 'update'} ${shortKey(key)}`,
      (store) =>
        finish
          ? store.delete(key, current!.modRevision)
          : store.put(key, value, current!.modRevision),
      (r) => {
        if (!r.ok) {
          const rv = (req.body as KubeObject)?.metadata?.resourceVersion;
          if (req.verb === 'update' && rv)
            return reply({ code: 409, body: errors.conflict(info, name) });
          if (attempt < 3) return this.update(info, req, reply, attempt + 1);
          return reply({ code: 409, body: errors.conflict(info, name) });
        }
        if (finish) return reply({ code: 200, body: live });
        void verbLabel;
        reply({ code: 200, body: this.decode(r.kv!) });
      },
      this.etcdTimeout(reply),
    );
  }

  private delete(info: ResourceInfo, req: ApiRequest, reply: Reply): void {
    const key = this.key(info, req.namespace, req.name!);
    const current = this.etcd.store.get(key);
    if (!current) return reply({ code: 404, body: errors.notFound(info, req.name!) });
    const live = this.decode(current);
    const policy = req.propagationPolicy ?? 'Background';
    const finalizers = [...(live.metadata?.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    // Graceful deletion: a pod on a node is only marked; its kubelet stops the containers and
    // then deletes it for good with a grace period of 0 (k/k: pkg/registry/core/pod/strategy.go).
    const pod = info.kind === 'Pod' ? (live as Pod) : undefined;
    let grace = req.gracePeriodSeconds ?? pod?.spec?.terminationGracePeriodSeconds ?? 30;
    if (
      pod &&
      (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
    )
      grace = 0;
    const graceful = pod !== undefined && grace > 0;
    if (info.kind === 'Namespace' && !live.metadata?.deletionTimestamp) {
      // Namespace deletion: mark Terminating; the namespace controller empties it, then deletes it.
      const next = clone(live) as KubeObject;
      next.metadata!.deletionTimestamp = this.clock.timestamp();
      next.status = { phase: 'Terminating' };
      return this.write(info, key, current, next, reply, live);
    }
    if (finalizers.length > 0 || graceful) {
      if (live.metadata?.deletionTimestamp && !graceful) return reply({ code: 200, body: live });
      const next = clone(live) as KubeObject;
      const m = next.metadata!;
      if (
        !m.deletionTimestamp ||
        (graceful && (m.deletionGracePeriodSeconds ?? Infinity) > grace)
      ) {
        m.deletionTimestamp = this.clock.timestamp(this.clock.now + (graceful ? grace * 1000 : 0));
        m.deletionGracePeriodSeconds = graceful ? grace : 0;
      }
      m.finalizers = finalizers.length ? finalizers : undefined;
      if (!m.finalizers) delete m.finalizers;
      return this.write(info, key, current, next, reply, live);
    }
    this.etcd.txn(
      key,
      `txn delete ${shortKey(key)}`,
      (store) => store.delete(key, current.modRevision),
      (r) => {
        if (!r.ok) return reply({ code: 409, body: errors.conflict(info, req.name!) });
        if (info.kind === 'Service') this.allocator.release(live as Service);
        reply({ code: 200, body: live });
      },
      this.etcdTimeout(reply),
    );
  }

  private write(
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
        reply({ code: 200, body: this.decode(r.kv!) });
      },
      this.etcdTimeout(reply),
    );
  }

  /** POST pods/<name>/binding: set spec.nodeName and PodScheduled=True (k/k: pod BindingREST). */
  private bind(info: ResourceInfo, req: ApiRequest, reply: Reply): void {
    const key = this.key(info, req.namespace, req.name!);
    const current = this.etcd.store.get(key);
    if (!current) return reply({ code: 404, body: errors.notFound(info, req.name!) });
    const pod = clone(this.decode(current)) as Pod;
    const target = (req.body as { target?: { name?: string } })?.target?.name;
    if (!target)
      return reply({
        code: 422,
        body: errors.invalid(info, req.name!, 'Binding.target.name: Required value'),
      });
    if (pod.metadata?.deletionTimestamp) {
      return reply({
        code: 409,
        body: errors.conflict(
          info,
          req.name!,
          'pod is being deleted, cannot be assigned to a host',
        ),
      });
    }
    if (pod.spec!.nodeName) {
      return reply({
        code: 409,
        body: errors.conflict(
          info,
          req.name!,
          `pod ${req.name} is already assigned to node "${pod.spec!.nodeName}"`,
        ),
      });
    }
    pod.spec!.nodeName = target;
    const conditions = (pod.status!.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: this.clock.timestamp(),
    });
    pod.status!.conditions = conditions;
    this.write(
      info,
      key,
      current,
      pod,
      (r) =>
        reply(
          r.code === 200
            ? {
                code: 201,
                body: { apiVersion: 'v1', kind: 'Status', status: 'Success', code: 201 } as never,
              }
            : r,
        ),
      pod,
    );
  }

  /** GET pods/<name>/log: proxied to the kubelet of the pod's node, which asks its runtime. */
  private getLog(from: string, req: ApiRequest, reply: Reply): void {
    const info = resourceForPlural('pods')!;
    const pod = this.peek(this.key(info, req.namespace, req.name!)) as Pod | undefined;
    if (!pod) return reply({ code: 404, body: errors.notFound(info, req.name!) });
    const node = pod.spec?.nodeName;
    const kubelet = node ? this.kubelets.get(node) : undefined;
    if (!node || !kubelet) {
      const c = req.container ?? pod.spec!.containers[0].name;
      return reply({
        code: 400,
        body: errors.badRequest(
          `container "${c}" in pod "${req.name}" is waiting to start: ContainerCreating`,
        ),
      });
    }
    void from;
    const to = this.kubeletHostOf.get(node)!;
    const path = `/containerLogs/${req.namespace}/${req.name}/${req.container ?? pod.spec!.containers[0].name}`;
    const call = this.net.send(
      { from: APISERVER, to, kind: 'request', verb: 'GET', resource: path, summary: `GET ${path}` },
      () =>
        kubelet.containerLogs(
          {
            namespace: req.namespace!,
            pod: req.name!,
            container: req.container,
            previous: req.previous,
            tailLines: req.tailLines,
            timestamps: req.timestamps,
          },
          (r) =>
            this.net.send(
              {
                from: to,
                to: APISERVER,
                kind: 'response',
                verb: 'GET',
                resource: path,
                summary: `${r.code} logs`,
                status: r.code,
                flow: call.flow,
              },
              () => reply(r),
            ),
        ),
    );
  }

  private scaleOf(info: ResourceInfo, obj: KubeObject): KubeObject {
    const spec = obj.spec as { replicas?: number; selector?: unknown };
    const status = obj.status as { replicas?: number } | undefined;
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: obj.metadata!.name,
        namespace: obj.metadata!.namespace,
        resourceVersion: obj.metadata!.resourceVersion,
      },
      spec: { replicas: spec.replicas },
      status: { replicas: status?.replicas ?? 0 },
    };
    void info;
  }
}

/** Record the configuration as `kubectl apply` does, in the last-applied annotation. */
function withLastApplied(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  const text = JSON.stringify(stripLastApplied(obj));
  copy.metadata = copy.metadata ?? {};
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: text + '\n' };
  return copy;
}

function stripLastApplied(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

/** On a status update only metadata the status writers own may change (none here). */
function pickConditionsMeta(_obj: KubeObject): Record<string, never> {
  return {};
}
