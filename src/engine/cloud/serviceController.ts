import type { Node, Service } from '../api/types';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from '../controllers/controller';
import type { LoadBalancerPort, SimulatedCloud } from './cloud';

/** k/k servicehelper.LoadBalancerCleanupFinalizer. */
export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** AWS's classic ELB name for a Service: `a` + its uid without dashes, 32 characters at most. */
export function loadBalancerName(svc: Service): string {
  return `a${(svc.metadata?.uid ?? '').replace(/-/g, '')}`.slice(0, 32);
}

/**
 * The service controller of cloud-controller-manager (k/k: staging/src/k8s.io/cloud-provider/
 * controllers/service): a `type: LoadBalancer` Service gets the cleanup finalizer, the events
 * `EnsuringLoadBalancer` then, once the cloud has provisioned it, `EnsuredLoadBalancer`, and its
 * ELB's DNS name in `status.loadBalancer.ingress` (EXTERNAL-IP shows `<pending>` until then).
 * When the Service is deleted or changes type, the load balancer is deleted and the finalizer
 * removed. Ready nodes are the load balancer's backends.
 */
export class ServiceController extends Controller {
  private services!: Informer<Service>;
  private nodes!: Informer<Node>;
  private inFlight = new Set<string>();
  /** The load balancer name of each Service key, to clean up after a Service that is gone. */
  private names = new Map<string, string>();

  constructor(
    manager: Component,
    private readonly cloud: SimulatedCloud,
  ) {
    super(manager, 'service-lb-controller', 'service-controller');
  }

  setup(): void {
    this.inFlight.clear();
    this.services = this.informers.informer<Service>('services');
    this.nodes = this.informers.informer<Node>('nodes');
    this.services.on({
      add: (s) => this.enqueue(s),
      update: (o, s) => {
        if (o.spec?.type !== s.spec?.type) {
          this.recorder.event(
            s,
            'Normal',
            'Type',
            `${o.spec?.type ?? 'ClusterIP'} -> ${s.spec?.type ?? 'ClusterIP'}`,
          );
        }
        this.enqueue(s);
      },
      delete: (s) => this.enqueue(s),
    });
    const resync = () => {
      for (const s of this.services.list()) if (s.spec?.type === 'LoadBalancer') this.enqueue(s);
    };
    this.nodes.on({
      add: resync,
      delete: resync,
      update: (o, n) => this.isBackend(o) !== this.isBackend(n) && resync(),
    });
  }

  /** k/k nodes predicate: Ready, and not excluded from external load balancers. */
  private isBackend(node: Node): boolean {
    if (node.metadata?.labels?.[EXCLUDE_LB_LABEL] !== undefined) return false;
    return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  }

  reconcile(key: string): void {
    if (!this.synced(this.services, this.nodes)) return this.queue.addAfter(key, 100);
    if (this.inFlight.has(key)) return this.queue.addAfter(key, 500);
    const svc = this.services.get(key);
    if (svc) this.names.set(key, loadBalancerName(svc));
    const name = this.names.get(key);
    const wants =
      svc !== undefined && !svc.metadata?.deletionTimestamp && svc.spec?.type === 'LoadBalancer';
    if (wants) return this.ensure(key, svc, name!);
    const lb = name ? this.cloud.loadBalancer(name) : undefined;
    const hasFinalizer = svc?.metadata?.finalizers?.includes(LB_CLEANUP_FINALIZER) ?? false;
    const hasStatus = (svc?.status?.loadBalancer?.ingress?.length ?? 0) > 0;
    if (!lb && !hasFinalizer && !hasStatus) {
      if (!svc) this.names.delete(key);
      return;
    }
    if (svc) this.recorder.event(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
    this.inFlight.add(key);
    this.cloud.deleteLoadBalancer(name!, () => {
      this.inFlight.delete(key);
      if (!this.manager.running || !svc) return;
      this.recorder.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
      const [ns, n] = key.split('/');
      if (hasStatus)
        this.client.patch(
          'services',
          ns,
          n,
          { status: { loadBalancer: { ingress: null } } },
          undefined,
          'status',
          'merge',
        );
      if (hasFinalizer) this.removeFinalizer(svc);
    });
  }

  private ensure(key: string, svc: Service, name: string): void {
    const [ns, n] = key.split('/');
    if (!svc.metadata?.finalizers?.includes(LB_CLEANUP_FINALIZER)) {
      // The finalizer goes on before the cloud resource exists (k/k addFinalizer).
      const finalizers = [...(svc.metadata?.finalizers ?? []), LB_CLEANUP_FINALIZER];
      this.client.patch(
        'services',
        ns,
        n,
        { metadata: { finalizers } },
        undefined,
        undefined,
        'merge',
      );
    }
    const ports: LoadBalancerPort[] = (svc.spec?.ports ?? []).map((p) => ({
      port: p.port,
      nodePort: p.nodePort ?? 0,
      protocol: p.protocol ?? 'TCP',
    }));
    const hosts = this.nodes
      .list()
      .filter((node) => this.isBackend(node))
      .map((node) => node.metadata.name)
      .sort();
    const lb = this.cloud.loadBalancer(name);
    const published = svc.status?.loadBalancer?.ingress?.[0]?.hostname;
    if (lb?.state === 'active' && published === lb.hostname) {
      if (
        JSON.stringify(lb.ports) === JSON.stringify(ports) &&
        JSON.stringify(lb.hosts) === JSON.stringify(hosts)
      )
        return;
      const onlyHosts = JSON.stringify(lb.ports) === JSON.stringify(ports);
      if (!onlyHosts)
        this.recorder.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
      this.inFlight.add(key);
      this.cloud.ensureLoadBalancer(name, key, ports, hosts, () => {
        this.inFlight.delete(key);
        if (!this.manager.running) return;
        if (onlyHosts)
          this.recorder.event(
            svc,
            'Normal',
            'UpdatedLoadBalancer',
            'Updated load balancer with new hosts',
          );
        else this.recorder.event(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
      });
      return;
    }
    this.recorder.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    this.inFlight.add(key);
    this.cloud.ensureLoadBalancer(name, key, ports, hosts, (ready) => {
      this.inFlight.delete(key);
      if (!this.manager.running) return;
      this.client.patch(
        'services',
        ns,
        n,
        { status: { loadBalancer: { ingress: [{ hostname: ready.hostname }] } } },
        (r) => {
          if (r.code >= 300) return this.queue.addRateLimited(key);
          this.recorder.event(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
        },
        'status',
        'merge',
      );
    });
  }

  private removeFinalizer(svc: Service): void {
    const rest = (svc.metadata?.finalizers ?? []).filter((f) => f !== LB_CLEANUP_FINALIZER);
    this.client.patch(
      'services',
      svc.metadata!.namespace,
      svc.metadata!.name!,
      { metadata: { finalizers: rest.length ? rest : null } },
      undefined,
      undefined,
      'merge',
    );
  }
}
