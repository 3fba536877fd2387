/**
 * The images of a kind v1.31 cluster's system pods, preloaded in kind's node image: the control
 * plane's (kubeadm v1.31.4), CoreDNS, kube-proxy, and kind's kindnetd and local-path-provisioner.
 * Sizes are compressed linux/amd64 sizes, rounded; the last digits are approximate.
 */
import type { RepoEntry } from './types';

const K8S = 'v1.31.4';

function component(bin: string, size: number, ports: number[]): RepoEntry {
  return {
    kind: 'server',
    entrypoint: [],
    cmd: [`/usr/local/bin/${bin}`],
    tags: [[[K8S], size]],
    base: 'scratch',
    bins: [bin, `/usr/local/bin/${bin}`],
    ports,
  };
}

export const SYSTEM_IMAGES: Record<string, RepoEntry> = {
  // The sandbox's image, in every node image: the runtime holds it from the start.
  'registry.k8s.io/pause': {
    kind: 'pause',
    entrypoint: ['/pause'],
    cmd: [],
    tags: [
      [['3.10'], 320_368],
      // `latest` still points at the 3.x image pushed with it (examples pull it without a tag)
      [['latest'], 240_224],
      [['3.9'], 321_520],
      [['3.8'], 311_286],
      [['3.6'], 301_773],
      // corpus: the 2015 pause image the node-affinity examples name, and the spread examples' 3.1.
      [['2.0'], 350_562],
      [['3.1'], 317_164],
    ],
  },
  'registry.k8s.io/etcd': {
    kind: 'server',
    entrypoint: [],
    cmd: ['/usr/local/bin/etcd'],
    tags: [
      [['3.5.15-0'], 56_909_194],
      // corpus: the gRPC liveness probe example (pods/probe/grpc-liveness.yaml).
      [['3.5.1-0'], 98_888_614],
    ],
    base: 'scratch',
    bins: ['etcd', '/usr/local/bin/etcd', 'etcdctl'],
    ports: [2379, 2380, 2381],
  },
  'registry.k8s.io/kube-apiserver': component('kube-apiserver', 28_063_421, [6443]),
  'registry.k8s.io/kube-controller-manager': component(
    'kube-controller-manager',
    26_206_012,
    [10257],
  ),
  'registry.k8s.io/kube-scheduler': component('kube-scheduler', 20_386_977, [10259]),
  'registry.k8s.io/kube-proxy': {
    ...component('kube-proxy', 30_229_262, [10249, 10256]),
    base: 'debian',
    bins: ['kube-proxy', '/usr/local/bin/kube-proxy', 'iptables', 'ip6tables', 'conntrack'],
  },
  'registry.k8s.io/coredns/coredns': {
    kind: 'server',
    entrypoint: ['/coredns'],
    cmd: [],
    tags: [[['v1.11.3'], 18_562_039]],
    base: 'scratch',
    bins: ['/coredns'],
    ports: [53, 8080, 8181, 9153],
    banner: ['.:53', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'],
  },
  'docker.io/kindest/kindnetd': {
    kind: 'server',
    entrypoint: [],
    cmd: ['/bin/kindnetd'],
    tags: [[['v20240813-c6f155d6'], 36_793_393]],
    base: 'scratch',
    bins: ['/bin/kindnetd'],
    ports: [],
  },
  'docker.io/kindest/local-path-provisioner': {
    kind: 'server',
    entrypoint: [],
    cmd: ['local-path-provisioner'],
    tags: [[['v20240813-c6f155d6'], 17_377_920]],
    base: 'busybox',
    bins: ['local-path-provisioner'],
    ports: [],
  },
  'docker.io/kindest/local-path-helper': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['sh'],
    tags: [[['v20230510-486859a6'], 3_052_318]],
    base: 'busybox',
  },
  // hpa: the metrics-server addon's image. Not in kind's node image: the addon's pod pulls it.
  'registry.k8s.io/metrics-server/metrics-server': {
    kind: 'server',
    entrypoint: ['/metrics-server'],
    cmd: [],
    tags: [[['v0.7.2'], 19_494_617]],
    base: 'scratch',
    bins: ['/metrics-server'],
    ports: [10250],
    program: 'metrics-server',
  },
};

/** Every image kind's node image preloads, so system pods start without a pull. */
export const PRELOADED_SYSTEM_IMAGES = [
  'registry.k8s.io/etcd:3.5.15-0',
  `registry.k8s.io/kube-apiserver:${K8S}`,
  `registry.k8s.io/kube-controller-manager:${K8S}`,
  `registry.k8s.io/kube-scheduler:${K8S}`,
  `registry.k8s.io/kube-proxy:${K8S}`,
  'registry.k8s.io/coredns/coredns:v1.11.3',
  'docker.io/kindest/kindnetd:v20240813-c6f155d6',
  'docker.io/kindest/local-path-provisioner:v20240813-c6f155d6',
  'docker.io/kindest/local-path-helper:v20230510-486859a6',
];
