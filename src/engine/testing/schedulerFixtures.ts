/**
 * Small fixtures for the scheduler's unit tests: nodes, pods and the CycleState a scheduling
 * cycle builds, made with the scheduler's own NodeInfo code.
 */
import type { Node, Pod, Taint } from '../api/types';
import type { Named } from '../api/stored';
import type { CycleState, NodeInfo } from '../scheduler/framework';
import { buildNodeInfo, imageStates, nonZero, podRequests } from '../scheduler/scheduler';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

/** A Ready node with the kubeadm hostname label. */
export function node(name: string, o: NodeOptions = {}): Named<Node> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: String(o.pods ?? 110) },
      images: o.images,
    },
  };
}

export interface PodOptions {
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  image?: string;
  spec?: Partial<NonNullable<Pod['spec']>>;
  owned?: boolean;
  terminating?: boolean;
}

/** A pod in `default` with one container (requests only when given). */
export function pod(name: string, o: PodOptions = {}): Named<Pod> {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: o.labels,
      ...(o.owned
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'rs',
                uid: 'rs',
                controller: true,
              },
            ],
          }
        : {}),
      ...(o.terminating ? { deletionTimestamp: '2026-01-05T09:00:00Z' } : {}),
    },
    spec: {
      nodeName: o.nodeName,
      containers: [
        {
          name: 'app',
          image: o.image ?? 'nginx:1.27',
          ...(Object.keys(requests).length ? { resources: { requests } } : {}),
        },
      ],
      ...o.spec,
    },
  };
}

/** NodeInfo for each node with the pods whose nodeName names it. */
export function infos(nodes: Named<Node>[], pods: Pod[] = []): NodeInfo[] {
  return nodes.map((n) =>
    buildNodeInfo(
      n,
      pods.filter((p) => p.spec?.nodeName === n.metadata.name),
    ),
  );
}

/** The CycleState of scheduling `p` over `all`. */
export function cycle(p: Pod, all: NodeInfo[]): CycleState {
  return {
    pod: p,
    request: podRequests(p),
    nonZeroRequest: nonZero(p),
    allNodes: all,
    feasibleNodes: all,
    imageStates: imageStates(all),
  };
}
