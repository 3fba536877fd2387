/**
 * What the Endpoints and EndpointSlice controllers share, after k/k:
 * pkg/controller/util/endpoint/controller_utils.go, trigger_time_tracker.go and
 * staging/src/k8s.io/endpointslice/util: which pods a Service selects, which of them are listed,
 * their ports, the trigger-time annotation and the tracking of the controllers' own writes.
 */
import type { KubeObject, Pod, Service, ServicePort } from '../api/types';
import { serviceSelects } from '../api/labels';
import { objectKey, type Cached, type Informer } from '../client/informer';

/** k/k: staging/src/k8s.io/api/core/v1 EndpointsLastChangeTriggerTime. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** k/k: v1.IsHeadlessService, set on Endpoints and EndpointSlices of `clusterIP: None` Services. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** k/k: pkg/api/v1/pod IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * k/k: staging/src/k8s.io/endpointslice/util ShouldPodBeInEndpoints: terminal pods and pods
 * without an IP never are; terminating pods only when `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/**
 * k/k: FindPort: a numeric targetPort is used as is; a named one is looked up among the
 * containers' (and restartable init containers') ports with the same protocol.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = svcPort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** Does the Service select pods (it has a non-empty selector and is not ExternalName)? */
export function hasPodSelector(svc: Service): boolean {
  return svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** The Services of a namespace that select this pod. */
export function servicesForPod(services: Informer<Service>, pod: Pod): Service[] {
  const ns = pod.metadata?.namespace;
  return services
    .list()
    .filter(
      (s) => s.metadata?.namespace === ns && serviceSelects(pod.metadata?.labels, s.spec?.selector),
    );
}

/** The pods a Service selects. */
export function podsForService(pods: Informer<Pod>, svc: Service): Cached<Pod>[] {
  const ns = svc.metadata?.namespace;
  return pods
    .list()
    .filter(
      (p) => p.metadata?.namespace === ns && serviceSelects(p.metadata?.labels, svc.spec?.selector),
    );
}

/** k/k: endpointsliceutil.ShouldSetHostname. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata?.name &&
    pod.metadata?.namespace === svc.metadata?.namespace
  );
}

/**
 * k/k: pkg/controller/util/endpoint/trigger_time_tracker.go. The last-change trigger time of a
 * sync is the earliest of the trigger times that changed since the previous sync: each pod's
 * Ready condition transition, and the Service's creation.
 */
export class TriggerTimeTracker {
  private state = new Map<string, { pods: Map<string, string>; service: string }>();

  compute(key: string, svc: Service, pods: readonly Cached<Pod>[]): string | undefined {
    const prev = this.state.get(key) ?? { pods: new Map<string, string>(), service: '' };
    let min: string | undefined;
    const next = new Map<string, string>();
    for (const pod of pods) {
      const t = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
      if (!t) continue;
      next.set(pod.metadata.name, t);
      const before = prev.pods.get(pod.metadata.name);
      if (!before || t > before) min = min === undefined || t < min ? t : min;
    }
    const created = svc.metadata?.creationTimestamp ?? '';
    if (created > prev.service) min = min === undefined || created < min ? created : min;
    this.state.set(key, { pods: next, service: created });
    return min;
  }

  delete(key: string): void {
    this.state.delete(key);
  }
}

/**
 * Remembers the resourceVersions this controller wrote, so that a sync that runs before the
 * informer has caught up waits instead of acting on stale objects (k/k: the endpoints
 * controller's staleEndpointsTracker and the EndpointSlice tracker).
 */
export class WriteTracker {
  private expected = new Map<string, string | null>();

  /** Record a write: the object's new resourceVersion, or null once deleted. */
  wrote(key: string, resourceVersion: string | null): void {
    this.expected.set(key, resourceVersion);
  }

  /** Is the cached object (or its absence) older than what we wrote? */
  isStale(key: string, cached: KubeObject | undefined): boolean {
    if (!this.expected.has(key)) return false;
    const want = this.expected.get(key);
    const have = cached?.metadata?.resourceVersion;
    const fresh =
      want === null ? have === undefined : have !== undefined && Number(have) >= Number(want);
    if (fresh) this.expected.delete(key);
    return !fresh;
  }
}

/**
 * Registers the handlers both controllers use: a Service event queues that Service; a pod event
 * queues every Service that selects the pod before or after the change (k/k: addPod, updatePod
 * and deletePod through endpointutil.GetPodServiceMemberships).
 */
export function queueServicesOfPods(
  services: Informer<Service>,
  pods: Informer<Pod>,
  add: (key: string) => void,
): void {
  const serviceChanged = (s: Service) => add(objectKey(s));
  services.on({
    add: serviceChanged,
    update: (_o, s) => serviceChanged(s),
    delete: serviceChanged,
  });
  const podChanged = (old: Pod | undefined, pod: Pod) => {
    const keys = new Set<string>();
    for (const p of old ? [old, pod] : [pod])
      for (const s of servicesForPod(services, p)) keys.add(objectKey(s));
    for (const k of keys) add(k);
  };
  pods.on({
    add: (p) => podChanged(undefined, p),
    update: (o, p) => podChanged(o, p),
    delete: (p) => podChanged(undefined, p),
  });
}
