/**
 * The control plane's static pods, as kubeadm v1.31 writes them to /etc/kubernetes/manifests on a
 * kind control-plane node; the kubelet creates their mirror pods (node/kubelet/mirrorPods). Probes and most volumes are left out: the simulated
 * components answer nothing on their health ports.
 */
import type { Container, KubeObject, Pod } from '../api/types';
import { KUBERNETES_VERSION } from '../node/kubelet/nodeStatus';

/** The etcd image kubeadm v1.31 pins. */
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.15-0';

/** One static pod: its component, image, command and CPU request (kubeadm's defaults). */
function staticPod(
  component: string,
  node: string,
  image: string,
  command: string[],
  cpu: string,
  memory?: string,
): Pod {
  const container: Container = {
    name: component,
    image,
    imagePullPolicy: 'IfNotPresent',
    command,
    resources: { requests: { cpu, ...(memory ? { memory } : {}) } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${node}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
    },
    spec: {
      containers: [container],
      hostNetwork: true,
      nodeName: node,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      enableServiceLinks: true,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  };
}

/** The four static pods of a kubeadm control-plane node (`ip` is its internal IP). */
export function controlPlaneStaticPods(node: string, ip: string): Pod[] {
  const img = (c: string) => `registry.k8s.io/${c}:${KUBERNETES_VERSION}`;
  return [
    staticPod(
      'etcd',
      node,
      ETCD_IMAGE,
      [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${node}=https://${ip}:2380`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`,
        `--name=${node}`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-client-cert-auth=true',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      '100m',
      '100Mi',
    ),
    staticPod(
      'kube-apiserver',
      node,
      img('kube-apiserver'),
      [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--etcd-servers=https://127.0.0.1:2379',
        '--runtime-config=',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      '250m',
    ),
    staticPod(
      'kube-controller-manager',
      node,
      img('kube-controller-manager'),
      [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kind',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--enable-hostpath-provisioner=true',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--use-service-account-credentials=true',
      ],
      '200m',
    ),
    staticPod(
      'kube-scheduler',
      node,
      img('kube-scheduler'),
      [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      '100m',
    ),
  ];
}

/** The `kubernetes` Service's Endpoints and EndpointSlice: kube-apiserver at `ip`:6443. */
export function kubernetesEndpoints(ip: string): KubeObject[] {
  const labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels },
      subsets: [{ addresses: [{ ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    },
  ];
}
