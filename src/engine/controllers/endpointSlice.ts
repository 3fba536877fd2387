import type {
  Endpoint,
  EndpointSlice,
  KubeObject,
  Node,
  ObjectMeta,
  Pod,
  Service,
} from '../api/types';
import type { Stored } from '../api/stored';
import { clone, jsonEqual } from '../apiserver/patch';
import type { ApiResponse } from '../apiserver/types';
import type { Cached, Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';
import {
  findPort,
  hasPodSelector,
  HEADLESS_LABEL,
  isPodReady,
  LAST_CHANGE_TRIGGER_TIME,
  podsForService,
  queueServicesOfPods,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  TriggerTimeTracker,
  WriteTracker,
} from './endpointsUtil';

/** A slice as a sync builds it: one it read (stored) or a new one (generateName). */
type Slice = EndpointSlice & { metadata: ObjectMeta };
/** k/k: discovery.LabelServiceName and LabelManagedBy. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** kube-controller-manager --max-endpoints-per-slice (default 100). */
export const MAX_ENDPOINTS_PER_SLICE = 100;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

type EndpointPort = NonNullable<EndpointSlice['ports']>[number];

/** Desired endpoints of one port set. */
interface PortGroup {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/**
 * The EndpointSlice controller (k/k: pkg/controller/endpointslice, reconciler in
 * staging/src/k8s.io/endpointslice/reconciler.go): for every Service with a selector, IPv4
 * EndpointSlices named `<svc>-<5 chars>` with up to 100 endpoints each, one set of slices per
 * distinct port list. Each endpoint carries `ready`, `serving` and `terminating` conditions, so
 * terminating pods stay listed (ready=false) while they drain. Slices are owned by the Service:
 * the garbage collector removes them with it.
 */
export class EndpointSliceController extends Controller {
  private services!: Informer<Service>;
  private pods!: Informer<Pod>;
  private slices!: Informer<EndpointSlice>;
  private nodes!: Informer<Node>;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly written = new WriteTracker();
  /** Per Service: slices this controller wrote, and how many writes are still in flight. */
  private readonly writes = new Map<string, { slices: Set<string>; inFlight: number }>();

  constructor(manager: Component) {
    super(manager, 'endpointslice', 'endpointslice-controller');
  }

  setup(): void {
    // Responses to writes sent before a stop never arrive: start afresh.
    this.writes.clear();
    this.services = this.informers.informer<Service>('services');
    this.pods = this.informers.informer<Pod>('pods');
    this.slices = this.informers.informer<EndpointSlice>('endpointslices');
    this.nodes = this.informers.informer<Node>('nodes');
    queueServicesOfPods(this.services, this.pods, (key) => this.queue.add(key));
    const sliceChanged = (s: EndpointSlice) => {
      const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
      if (svc && s.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY)
        this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.slices.on({ add: sliceChanged, update: (_o, s) => sliceChanged(s), delete: sliceChanged });
  }

  reconcile(key: string): void {
    if (!this.synced(this.services, this.pods, this.slices, this.nodes))
      return this.queue.addAfter(key, 100);
    const svc = this.services.get(key);
    if (!svc) {
      // The Service is gone; its slices go with it through their ownerReference (k/k syncService).
      this.triggerTimes.delete(key);
      this.writes.delete(key);
      return;
    }
    if (!hasPodSelector(svc)) return;
    if (this.isStale(key)) return this.queue.addAfter(key, 50);
    const pods = podsForService(this.pods, svc);
    const triggerTime = this.triggerTimes.compute(key, svc, pods);
    const groups = this.desiredGroups(svc, pods);
    const existing: Stored<EndpointSlice>[] = this.slices
      .list()
      .filter((s) => this.ownedBy(s, svc));
    const labels = this.sliceLabels(svc);

    const creates: Slice[] = [];
    const updates: Slice[] = [];
    const deletes: Stored<EndpointSlice>[] = [];
    const kept = new Set<Slice>();
    for (const group of groups.values()) {
      const mine = existing.filter(
        (s) => s.addressType === 'IPv4' && jsonEqual(s.ports ?? [], group.ports),
      );
      const byUID = new Map(group.endpoints.map((e) => [e.targetRef!.uid!, e]));
      const placed = new Set<string>();
      // Endpoints already in a slice stay in it, updated (k/k reconcileByAddressType).
      const filled = mine.map((s): { slice: Slice; endpoints: Endpoint[] } => {
        const eps: Endpoint[] = [];
        for (const e of s.endpoints ?? []) {
          const uid = e.targetRef?.uid;
          const want = uid ? byUID.get(uid) : undefined;
          if (want && !placed.has(uid!)) {
            eps.push(want);
            placed.add(uid!);
          }
        }
        return { slice: s, endpoints: eps };
      });
      // New endpoints fill the slice closest to full, then new slices of up to 100.
      const fresh = group.endpoints.filter((e) => !placed.has(e.targetRef!.uid!));
      for (const e of fresh) {
        const target = filled
          .filter((f) => f.endpoints.length < MAX_ENDPOINTS_PER_SLICE)
          .sort((a, b) => b.endpoints.length - a.endpoints.length)[0];
        if (target) target.endpoints.push(e);
        else filled.push({ slice: this.newSlice(svc, labels, group.ports), endpoints: [e] });
      }
      for (const f of filled) {
        if (f.endpoints.length === 0) continue;
        const next = clone(f.slice);
        next.endpoints = f.endpoints;
        next.metadata.labels = labels;
        if (!f.slice.metadata?.name) creates.push(this.withTriggerTime(next, triggerTime));
        else if (
          !jsonEqual(f.slice.endpoints ?? [], next.endpoints) ||
          !jsonEqual(f.slice.metadata?.labels ?? {}, labels)
        ) {
          updates.push(this.withTriggerTime(next, triggerTime));
        }
        if (f.slice.metadata?.name) kept.add(f.slice);
      }
    }
    // A Service without endpoints keeps one empty placeholder slice (k/k placeholderSliceCompare).
    if (groups.size === 0) {
      const placeholder = existing.find((s) => !s.ports?.length && !s.endpoints?.length);
      if (placeholder) kept.add(placeholder);
      else creates.push(this.withTriggerTime(this.newSlice(svc, labels, undefined), triggerTime));
    }
    for (const s of existing) if (!kept.has(s)) deletes.push(s);
    this.write(key, svc, creates, updates, deletes);
  }

  /** The endpoints a Service should have, grouped by their resolved port list. */
  private desiredGroups(svc: Cached<Service>, pods: Cached<Pod>[]): Map<string, PortGroup> {
    const groups = new Map<string, PortGroup>();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports: EndpointPort[] = [];
      if (!(svc.spec?.ports?.length === 0 && svc.spec.clusterIP === 'None')) {
        for (const sp of svc.spec?.ports ?? []) {
          const port = findPort(pod, sp);
          if (port === undefined) continue;
          const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
          if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
          ports.push(ep);
        }
      }
      const k = JSON.stringify(ports);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { ports, endpoints: [] }));
      g.endpoints.push(this.podToEndpoint(pod, svc));
    }
    return groups;
  }

  /** k/k: staging/src/k8s.io/endpointslice/utils.go podToEndpoint. */
  private podToEndpoint(pod: Cached<Pod>, svc: Cached<Service>): Endpoint {
    const serving = isPodReady(pod);
    const terminating = pod.metadata?.deletionTimestamp !== undefined;
    // For compatibility, ready is never true for a terminating pod unless publishNotReadyAddresses.
    const ready = (svc.spec?.publishNotReadyAddresses ?? false) || (serving && !terminating);
    const ips = pod.status?.podIPs?.map((p) => p.ip) ?? [pod.status?.podIP];
    const addresses = ips.filter((ip): ip is string => !!ip && !ip.includes(':'));
    const ep: Endpoint = {
      addresses,
      conditions: { ready, serving, terminating },
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
    };
    if (pod.spec?.nodeName) {
      ep.nodeName = pod.spec.nodeName;
      const zone = this.nodes.get(pod.spec.nodeName)?.metadata?.labels?.[ZONE_LABEL];
      if (zone) ep.zone = zone;
    }
    if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
    return ep;
  }

  /** k/k setEndpointSliceLabels: the Service's labels plus the reserved ones. */
  private sliceLabels(svc: Cached<Service>): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) {
      if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
    }
    if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    labels[SERVICE_NAME_LABEL] = svc.metadata.name;
    labels[MANAGED_BY_LABEL] = MANAGED_BY;
    return labels;
  }

  private newSlice(
    svc: Cached<Service>,
    labels: Record<string, string>,
    ports: EndpointPort[] | undefined,
  ): Slice {
    const slice: Slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        labels,
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name: svc.metadata.name,
            uid: svc.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      addressType: 'IPv4',
      endpoints: [],
    };
    if (ports?.length) slice.ports = ports;
    return slice;
  }

  private withTriggerTime(slice: Slice, triggerTime: string | undefined): Slice {
    const annotations = { ...(slice.metadata.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (Object.keys(annotations).length) slice.metadata.annotations = annotations;
    else delete slice.metadata.annotations;
    return slice;
  }

  private ownedBy(slice: EndpointSlice, svc: Cached<Service>): boolean {
    const m = slice.metadata;
    return (
      m?.namespace === svc.metadata?.namespace &&
      m?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY &&
      (m?.ownerReferences ?? []).some(
        (o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1',
      )
    );
  }

  /** Wait while our own writes are in flight or not yet in the informer's cache. */
  private isStale(key: string): boolean {
    const w = this.writes.get(key);
    if (!w) return false;
    if (w.inFlight > 0) return true;
    let stale = false;
    for (const sliceKey of [...w.slices]) {
      if (this.written.isStale(sliceKey, this.slices.get(sliceKey))) stale = true;
      else w.slices.delete(sliceKey);
    }
    return stale;
  }

  private write(
    key: string,
    svc: Cached<Service>,
    creates: Slice[],
    updates: Slice[],
    deletes: Stored<EndpointSlice>[],
  ): void {
    if (!creates.length && !updates.length && !deletes.length) return;
    let w = this.writes.get(key);
    if (!w) this.writes.set(key, (w = { slices: new Set(), inFlight: 0 }));
    const state = w;
    const ns = svc.metadata.namespace!;
    let failed = false;
    const done = (r: ApiResponse, deleted?: string) => {
      state.inFlight--;
      if (r.code < 300) {
        const body = r.body as KubeObject | undefined;
        const sliceKey = deleted ?? `${ns}/${body?.metadata?.name}`;
        this.written.wrote(sliceKey, deleted ? null : (body?.metadata?.resourceVersion ?? null));
        state.slices.add(sliceKey);
      } else if (!(r.code === 404 && deleted) && !(r.code === 403 && !deleted)) failed = true;
      if (state.inFlight === 0) {
        if (failed) this.queue.addRateLimited(key);
        else this.queue.forget(key);
      }
    };
    // k/k finalize(): creates first, then updates, then deletes.
    for (const s of creates) {
      state.inFlight++;
      this.client.create('endpointslices', ns, s as KubeObject, (r) => done(r));
    }
    for (const s of updates) {
      state.inFlight++;
      this.client.update('endpointslices', s as KubeObject, (r) => done(r));
    }
    for (const s of deletes) {
      state.inFlight++;
      this.client.delete('endpointslices', ns, s.metadata.name, (r) =>
        done(r, `${ns}/${s.metadata.name}`),
      );
    }
  }
}
