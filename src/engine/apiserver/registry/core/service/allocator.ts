import type { Rng } from '../../../../sim/rng';
import type { Service } from '../../../../api/types';

/**
 * Service IP and NodePort allocation, as the service registry does (k/k: pkg/registry/core/
 * service/ipallocator and portallocator).
 */
export class ServiceAllocator {
  // 10.96.0.10 is kept for cluster DNS (kube-dns), as kubeadm does.
  private usedIPs = new Set<string>(['10.96.0.10']);
  private usedPorts = new Set<number>();

  constructor(private readonly rng: Rng) {}

  /** Remember what existing services hold (after a restart of the API server). */
  observe(svc: Service): void {
    if (svc.spec?.clusterIP) this.usedIPs.add(svc.spec.clusterIP);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) this.usedPorts.add(p.nodePort);
    if (svc.spec?.healthCheckNodePort) this.usedPorts.add(svc.spec.healthCheckNodePort);
  }

  release(svc: Service): void {
    if (svc.spec?.clusterIP) this.usedIPs.delete(svc.spec.clusterIP);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) this.usedPorts.delete(p.nodePort);
    if (svc.spec?.healthCheckNodePort) this.usedPorts.delete(svc.spec.healthCheckNodePort);
  }

  /** Allocate a ClusterIP from 10.96.0.0/12 and NodePorts from 30000-32767. Returns an error text. */
  allocate(svc: Service): string | undefined {
    const spec = svc.spec!;
    const families = familyErrors(svc);
    if (families) return families;
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      if (spec.clusterIP) {
        // system: the address kept for cluster DNS goes to kubeadm's kube-dns Service.
        const dns =
          spec.clusterIP === '10.96.0.10' &&
          svc.metadata?.namespace === 'kube-system' &&
          svc.metadata.name === 'kube-dns';
        if (this.usedIPs.has(spec.clusterIP) && !dns) {
          return `spec.clusterIPs: Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`;
        }
      } else {
        let ip = '';
        do {
          // 10.96.0.0/12 spans 10.96.0.0 - 10.111.255.255.
          const n = this.rng.int(16 * 65536 - 2) + 1;
          ip = `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
        } while (this.usedIPs.has(ip));
        spec.clusterIP = ip;
      }
      this.usedIPs.add(spec.clusterIP);
      spec.clusterIPs = [spec.clusterIP];
    }
    // workloads: a headless Service stores clusterIPs ["None"] (k/k: service REST
    // initClusterIPs), which `kubectl get svc` prints in CLUSTER-IP.
    if (spec.clusterIP === 'None') spec.clusterIPs = ['None'];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) {
          if (this.usedPorts.has(p.nodePort)) {
            return `spec.ports[0].nodePort: Invalid value: ${p.nodePort}: provided port is already allocated`;
          }
        } else {
          let port: number;
          do port = 30000 + this.rng.int(2768);
          while (this.usedPorts.has(port));
          p.nodePort = port;
        }
        this.usedPorts.add(p.nodePort);
      }
    }
    // A LoadBalancer that keeps traffic on local endpoints gets a port for the cloud's health
    // check, which kube-proxy answers (k/k: pkg/registry/core/service storage
    // allocHealthCheckNodePort, when apiservice.NeedsHealthCheck).
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
      if (spec.healthCheckNodePort) {
        if (this.usedPorts.has(spec.healthCheckNodePort)) {
          return `spec.healthCheckNodePort: Invalid value: ${spec.healthCheckNodePort}: provided port is already allocated`;
        }
      } else {
        let port: number;
        do port = 30000 + this.rng.int(2768);
        while (this.usedPorts.has(port));
        spec.healthCheckNodePort = port;
      }
      this.usedPorts.add(spec.healthCheckNodePort);
    }
    return undefined;
  }
}

/**
 * corpus-apps: the cluster is single-stack IPv4 (kind's default, service range 10.96.0.0/12): a
 * Service that asks for IPv6 or demands dual-stack is refused, except a headless Service without
 * selector, which may list any family (k/k: pkg/registry/core/service/storage/alloc.go,
 * initIPFamilyFields).
 */
function familyErrors(svc: Service): string | undefined {
  const spec = svc.spec!;
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  if (spec.type === 'ExternalName' || (spec.clusterIP === 'None' && selectorless)) return undefined;
  const errs: string[] = [];
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    errs.push(
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
  }
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4')
      errs.push(`spec.ipFamilies[${i}]: Invalid value: "${f}": not configured on this cluster`);
  });
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}
