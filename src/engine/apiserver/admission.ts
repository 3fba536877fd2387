import { randomSuffix } from '../sim/names';
import type { Rng } from '../sim/rng';
import type { KubeObject, Pod, Service, Job } from '../api/types';
import { cpuMillis, memoryBytes } from '../api/quantity';

/**
 * The admission plugins of this API server, in the order kube-apiserver runs them. Mutating
 * plugins change the object; validating plugins may only refuse it.
 */
export const MUTATING_PLUGINS = [
  'NamespaceLifecycle',
  'ServiceAccount',
  'DefaultTolerationSeconds',
  'Priority',
];
export const VALIDATING_PLUGINS = ['NamespaceLifecycle', 'ServiceAccount', 'ResourceQuota'];

/** What admission needs to look up in the cluster. */
export interface AdmissionLookups {
  namespace(name: string): KubeObject | undefined;
  serviceAccount(namespace: string, name: string): KubeObject | undefined;
}

/** DefaultTolerationSeconds: every pod tolerates not-ready/unreachable for 300 s. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * ServiceAccount admission (mutating): default `serviceAccountName`, and mount the projected
 * `kube-api-access-<5>` volume with the token, ca.crt and namespace (k/k:
 * plugin/pkg/admission/serviceaccount/admission.go).
 */
export function admitServiceAccount(pod: Pod, rng: Rng): void {
  const spec = pod.spec!;
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  const mountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  if (containers.some((c) => c.volumeMounts?.some((m) => m.mountPath === mountPath))) return;
  const volumeName = `kube-api-access-${randomSuffix(rng, 5)}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name: volumeName,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          {
            downwardAPI: {
              items: [
                {
                  path: 'namespace',
                  fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                },
              ],
            },
          },
        ],
      },
    },
  ];
  for (const c of containers) {
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath }];
  }
}

/** DefaultTolerationSeconds (k/k: plugin/pkg/admission/defaulttolerationseconds). */
export function admitDefaultTolerations(pod: Pod): void {
  const spec = pod.spec!;
  const tolerations = spec.tolerations ?? [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = tolerations.some(
      (t) =>
        (t.key === key || (!t.key && t.operator === 'Exists')) &&
        (!t.effect || t.effect === 'NoExecute'),
    );
    if (!has) {
      tolerations.push({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
      });
    }
  }
  spec.tolerations = tolerations;
}

/** The pod's QoS class (k/k: pkg/apis/core/helper/qos). */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined) {
        guaranteed = false;
        continue;
      }
      const same = r === 'cpu' ? cpuMillis(q) === cpuMillis(l) : memoryBytes(q) === memoryBytes(l);
      if (!same) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** What the pod registry sets on create: Pending phase and the QoS class. */
export function preparePodForCreate(pod: Pod): void {
  pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
  for (const c of pod.spec?.containers ?? []) {
    // Limits without requests: requests default to the limits (k/k: core/v1 defaults).
    const lim = c.resources?.limits;
    if (lim) {
      c.resources!.requests = { ...lim, ...(c.resources!.requests ?? {}) };
    }
  }
}

/**
 * The Job registry generates a unique selector and labels the template with it, unless the
 * user asked for `manualSelector` (k/k: pkg/registry/batch/job/strategy.go).
 */
export function prepareJobForCreate(job: Job, uid: string): void {
  const spec = job.spec!;
  if (spec.manualSelector) return;
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job.metadata!.name!,
    'controller-uid': uid,
    'job-name': job.metadata!.name!,
  };
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  spec.template.metadata = spec.template.metadata ?? {};
  spec.template.metadata.labels = { ...(spec.template.metadata.labels ?? {}), ...labels };
  job.metadata!.labels = { ...labels, ...(job.metadata!.labels ?? {}) };
  delete job.metadata!.labels['controller-uid'];
  delete job.metadata!.labels['batch.kubernetes.io/controller-uid'];
}

/** Service IP and NodePort allocation, as the service registry does. */
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
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      if (spec.clusterIP) {
        if (this.usedIPs.has(spec.clusterIP)) {
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
