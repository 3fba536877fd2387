import type { Node, NodeCondition, Pod } from '../../api/types';
import { memoryBytes } from '../../api/quantity';
import type { CachedImage, RuntimeName } from '../runtime/runtime';
import { CONTAINERD_VERSION, CRIO_VERSION } from '../runtime/runtime';

/** The Kubernetes version this simulator targets everywhere (README, About, node info). */
export const KUBERNETES_VERSION = 'v1.31.4';

export interface NodeConfig {
  name: string;
  internalIP: string;
  podCIDR: string;
  cpu: string;
  memory: string;
  pods: number;
  controlPlane: boolean;
  /** The CRI implementation: containerd (default) or CRI-O. */
  containerRuntime?: RuntimeName;
  /** Static pods (/etc/kubernetes/manifests): the kubelet creates a mirror pod for each. */
  staticPods?: Pod[];
}

/** kubeadm's kubelet: evictionHard memory.available<100Mi, nodefs.available<10%. */
const EVICTION_MEMORY_KI = 100 * 1024;
const EPHEMERAL_STORAGE_KI = 102626232;

/** The Node object a kubelet registers (POST nodes), as a kubeadm node looks. */
export function nodeObject(
  cfg: NodeConfig,
  now: string,
  machineId: string,
  runtimeVersion?: string,
): Node {
  const crio = cfg.containerRuntime === 'cri-o';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': cfg.name,
    'kubernetes.io/os': 'linux',
  };
  if (cfg.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  // The configured memory is what pods can use (allocatable); capacity adds the eviction
  // threshold back, as on a kubeadm node (k/k: pkg/kubelet/cm/node_container_manager_linux.go).
  const memKi = Math.floor(memoryBytes(cfg.memory) / 1024);
  const capacity = {
    cpu: cfg.cpu,
    'ephemeral-storage': `${EPHEMERAL_STORAGE_KI}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memKi + EVICTION_MEMORY_KI}Ki`,
    pods: String(cfg.pods),
  };
  const allocatable = {
    ...capacity,
    'ephemeral-storage': String(Math.floor(EPHEMERAL_STORAGE_KI * 1024 * 0.9)),
    memory: cfg.memory,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: cfg.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': crio
          ? 'unix:///var/run/crio/crio.sock'
          : 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: cfg.podCIDR,
      podCIDRs: [cfg.podCIDR],
      ...(cfg.controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      capacity,
      allocatable,
      conditions: readyConditions(now),
      addresses: [
        { type: 'InternalIP', address: cfg.internalIP },
        { type: 'Hostname', address: cfg.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: machineId,
        systemUUID: machineId,
        bootID: machineId.split('').reverse().join(''),
        kernelVersion: '6.8.0-1015-gcp',
        osImage: 'Ubuntu 24.04.1 LTS',
        containerRuntimeVersion: runtimeVersion ?? (crio ? CRIO_VERSION : CONTAINERD_VERSION),
        kubeletVersion: KUBERNETES_VERSION,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
  };
}

/** The four healthy conditions a kubelet reports (k/k: pkg/kubelet/nodestatus/setters.go). */
export function readyConditions(now: string): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  return [
    c(
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** The node's image list as node status reports it (largest first, as the kubelet sorts). */
export function nodeImages(
  images: Iterable<CachedImage>,
): { names: string[]; sizeBytes: number }[] {
  const seen = new Set<string>();
  const out: { names: string[]; sizeBytes: number }[] = [];
  for (const img of images) {
    if (seen.has(img.id)) continue;
    seen.add(img.id);
    out.push({ names: [...img.names], sizeBytes: img.sizeBytes });
  }
  return out.sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[0] < b.names[0] ? -1 : 1));
}
