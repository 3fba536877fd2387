import type { EndpointSubset, Endpoints, KubeObject, ObjectMeta, Pod, Service } from '../api/types';
import { clone, jsonEqual } from '../apiserver/patch';
import type { ApiResponse } from '../apiserver/types';
import type { Informer } from '../client/informer';
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

type EndpointAddress = NonNullable<EndpointSubset['addresses']>[number];
type EndpointPort = NonNullable<EndpointSubset['ports']>[number];

/** k/k: pkg/api/v1/endpoints RepackSubsets: one subset per distinct port set, addresses sorted. */
function repackSubsets(
  entries: { address: EndpointAddress; ports: EndpointPort[]; ready: boolean }[],
): EndpointSubset[] {
  const groups = new Map<
    string,
    {
      ports: EndpointPort[];
      ready: Map<string, EndpointAddress>;
      notReady: Map<string, EndpointAddress>;
    }
  >();
  for (const e of entries) {
    const ports = [...e.ports].sort(
      (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port,
    );
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: new Map(), notReady: new Map() }));
    const id = `${e.address.ip}|${e.address.targetRef?.uid ?? ''}`;
    if (e.ready) {
      g.ready.set(id, e.address);
      g.notReady.delete(id);
    } else if (!g.ready.has(id)) g.notReady.set(id, e.address);
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress) =>
    a.ip < b.ip
      ? -1
      : a.ip > b.ip
        ? 1
        : (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
  const out: EndpointSubset[] = [];
  for (const g of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)) {
    const subset: EndpointSubset = {};
    if (g.ready.size) subset.addresses = [...g.ready.values()].sort(byIP);
    if (g.notReady.size) subset.notReadyAddresses = [...g.notReady.values()].sort(byIP);
    if (g.ports.length) subset.ports = g.ports;
    out.push(subset);
  }
  return out;
}

/**
 * The Endpoints controller (k/k: pkg/controller/endpoint/endpoints_controller.go): for every
 * Service with a selector, an Endpoints object of the same name listing the selected pods —
 * ready ones in `addresses`, the others in `notReadyAddresses` — with the ports resolved from
 * each service port's targetPort. Pods without an IP and terminating pods are left out.
 */
export class EndpointsController extends Controller {
  private services!: Informer<Service>;
  private pods!: Informer<Pod>;
  private endpoints!: Informer<Endpoints>;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly written = new WriteTracker();

  constructor(manager: Component) {
    super(manager, 'endpoint', 'endpoint-controller');
  }

  setup(): void {
    this.services = this.informers.informer<Service>('services');
    this.pods = this.informers.informer<Pod>('pods');
    this.endpoints = this.informers.informer<Endpoints>('endpoints');
    queueServicesOfPods(this.services, this.pods, (key) => this.queue.add(key));
    this.endpoints.on({ delete: (e) => this.enqueue(e) });
  }

  reconcile(key: string): void {
    if (!this.synced(this.services, this.pods, this.endpoints))
      return this.queue.addAfter(key, 100);
    const [namespace, name] = key.split('/');
    const current = this.endpoints.get(key);
    if (this.written.isStale(key, current)) return this.queue.addAfter(key, 50);
    const svc = this.services.get(key);
    if (!svc) {
      // The Service is gone: delete its Endpoints.
      this.triggerTimes.delete(key);
      if (current)
        this.client.delete('endpoints', namespace, name, (r) => this.done(key, r, 'delete'));
      return;
    }
    if (!hasPodSelector(svc)) return;
    const pods = podsForService(this.pods, svc);
    const triggerTime = this.triggerTimes.compute(key, svc, pods);
    const publishNotReady = svc.spec?.publishNotReadyAddresses ?? false;
    const entries: { address: EndpointAddress; ports: EndpointPort[]; ready: boolean }[] = [];
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
      const address: EndpointAddress = {
        ip: pod.status?.podIPs?.[0]?.ip ?? pod.status!.podIP!,
        nodeName: pod.spec?.nodeName,
        targetRef: {
          kind: 'Pod',
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      };
      if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
      const ready = publishNotReady || isPodReady(pod);
      const svcPorts = svc.spec?.ports ?? [];
      if (svcPorts.length === 0) {
        if (svc.spec?.clusterIP === 'None') entries.push({ address, ports: [], ready });
        continue;
      }
      for (const sp of svcPorts) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
        if (sp.name) ep.name = sp.name;
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        entries.push({ address, ports: [ep], ready });
      }
    }
    const subsets = repackSubsets(entries);
    const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
    if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    if (current) {
      const currentLabels = { ...(current.metadata?.labels ?? {}) };
      if (jsonEqual(current.subsets ?? [], subsets) && jsonEqual(currentLabels, labels)) return;
    }
    const next: Endpoints & { metadata: ObjectMeta } = current
      ? clone(current)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    const meta = next.metadata;
    if (Object.keys(labels).length) meta.labels = labels;
    else delete meta.labels;
    const annotations = { ...(meta.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (Object.keys(annotations).length) meta.annotations = annotations;
    else delete meta.annotations;
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    if (current)
      this.client.update('endpoints', next as KubeObject, (r) => this.done(key, r, 'update'));
    else
      this.client.create('endpoints', namespace, next as KubeObject, (r) =>
        this.done(key, r, 'create'),
      );
  }

  private done(key: string, r: ApiResponse, op: 'create' | 'update' | 'delete'): void {
    if (r.code < 300) {
      this.queue.forget(key);
      const body = r.body as KubeObject | undefined;
      this.written.wrote(key, op === 'delete' ? null : (body?.metadata?.resourceVersion ?? null));
      return;
    }
    if (r.code === 404 && op === 'delete') return;
    // A terminating namespace refuses new content: drop the key (k/k: NamespaceTerminatingCause).
    if (r.code === 403 && op === 'create') return;
    if (op !== 'delete' && r.code !== 409) {
      const [namespace, name] = key.split('/');
      const ref = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
      const message = (r.body as { message?: string } | undefined)?.message ?? `status ${r.code}`;
      if (op === 'create') {
        this.recorder.event(
          ref,
          'Warning',
          'FailedToCreateEndpoint',
          `Failed to create endpoint for service ${namespace}/${ref.metadata.name}: ${message}`,
        );
      } else {
        this.recorder.event(
          ref,
          'Warning',
          'FailedToUpdateEndpoint',
          `Failed to update endpoint ${namespace}/${ref.metadata.name}: ${message}`,
        );
      }
    }
    this.queue.addRateLimited(key);
  }
}
