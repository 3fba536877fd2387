/**
 * kube-apiserver's own bootstrap controllers for the `default` namespace: the system namespaces
 * (k/k: pkg/controlplane/controller/systemnamespaces), the `kubernetes` Service
 * (pkg/controlplane/controller/kubernetesservice) and its Endpoints and EndpointSlice, which the
 * endpoint reconciler keeps pointing at the API servers (pkg/controlplane/reconcilers).
 */
import { resourceForKind } from '../api/resources';
import type { KubeObject, Service } from '../api/types';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { Clock } from '../sim/clock';
import { kubernetesEndpoints } from './staticPods';

/** k/k: the controller re-checks every `EndpointInterval` (10 s). */
export const KUBERNETES_SERVICE_INTERVAL_MS = 10_000;

/** kube-apiserver's view of the objects it keeps, and its loopback client. */
export interface BootstrapApi {
  /** The stored object at a kind/namespace/name, or undefined (the watch cache, no request). */
  get(kind: string, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined;
  /** A request kube-apiserver makes of itself (traced like any other). */
  request(req: ApiRequest, cb: (r: ApiResponse) => void): void;
}

/** k/k: CreateOrUpdateMasterServiceIfNeeded's Service (the ClusterIP is the range's first). */
export function kubernetesService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  };
}

/**
 * The namespaces first, then the Service, then its endpoints, each only once the one before is
 * stored: k/k's controller creates them one after the other, waiting for each response (an
 * object created before its namespace is stored is refused by NamespaceLifecycle). Afterwards
 * every 10 s it puts back whatever is missing — delete `service/kubernetes` and it returns, as
 * on a real cluster. The check reads the watch cache, so a healthy cluster sends nothing.
 */
export class KubernetesServiceController {
  private busy = false;

  constructor(
    private readonly clock: Clock,
    private readonly api: BootstrapApi,
    /** Namespaces kube-apiserver creates (`default` and the system ones), in order. */
    private readonly namespaces: string[],
    /** The API server's advertise address (the endpoints' IP). */
    private readonly ip: string,
  ) {}

  /** The first pass at once, then one every KUBERNETES_SERVICE_INTERVAL_MS. */
  start(): void {
    this.reconcile();
    const tick = () => {
      this.reconcile();
      this.clock.setTimeout(tick, KUBERNETES_SERVICE_INTERVAL_MS);
    };
    this.clock.setTimeout(tick, KUBERNETES_SERVICE_INTERVAL_MS);
  }

  /** Create the first missing object, then (on success) go on to the next. */
  private reconcile(): void {
    if (this.busy) return;
    const missing = this.wanted().filter(
      (o) => !this.api.get(o.kind!, o.metadata?.namespace, o.metadata!.name!),
    );
    const next = (i: number): void => {
      const obj = missing[i];
      if (!obj) return void (this.busy = false);
      const ns = obj.metadata?.namespace;
      // Nothing is created in a namespace that is missing or being deleted.
      const home = ns ? this.api.get('Namespace', undefined, ns) : undefined;
      if (ns && (!home || home.metadata?.deletionTimestamp)) return void (this.busy = false);
      const plural = resourceForKind(obj.kind!)!.plural;
      this.busy = true;
      this.api.request({ verb: 'create', resource: plural, namespace: ns, body: obj }, (r) =>
        // 409: made meanwhile (by a user, say): the next one is still due.
        r.code < 300 || r.code === 409 ? next(i + 1) : void (this.busy = false),
      );
    };
    next(0);
  }

  private wanted(): KubeObject[] {
    return [
      ...this.namespaces.map((name): KubeObject => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      })),
      kubernetesService(),
      ...kubernetesEndpoints(this.ip),
    ];
  }
}
