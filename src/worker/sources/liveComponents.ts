/**
 * A real cluster's components, from what its API shows: the control plane's static pods in
 * kube-system (kubeadm labels them `component: kube-apiserver`, `etcd`, `kube-scheduler`,
 * `kube-controller-manager`), componentstatuses where still served (deprecated since v1.19), each
 * Node's kubelet (its Ready condition) and container runtime (`status.nodeInfo`), and kube-proxy's
 * DaemonSet pods (`k8s-app: kube-proxy`). A managed control plane (GKE, EKS, AKS) shows none of its
 * pods: its components are drawn as running, since the API server answering is all one can see.
 */
import type { ComponentInfo, KubeObject, ObjectRecord } from '../../protocol';

const CONTROL_PLANE: { id: ComponentInfo['kind']; status?: string }[] = [
  { id: 'kube-apiserver' },
  { id: 'etcd', status: 'etcd-0' },
  { id: 'kube-scheduler', status: 'scheduler' },
  { id: 'kube-controller-manager', status: 'controller-manager' },
];

type Pod = KubeObject & {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

const labels = (o: KubeObject) => o.metadata?.labels ?? {};
const running = (p: Pod) =>
  p.status?.phase === 'Running' &&
  (p.status.conditions?.find((c) => c.type === 'Ready')?.status ?? 'True') === 'True';

/** The components to draw, from the objects held (records by key) and componentstatuses. */
export function liveComponents(
  objects: ReadonlyMap<string, ObjectRecord>,
  statuses: readonly KubeObject[],
): ComponentInfo[] {
  const systemPods: Pod[] = [];
  const nodes: KubeObject[] = [];
  for (const r of objects.values()) {
    if (r.kind === 'Pod' && r.namespace === 'kube-system') systemPods.push(r.object as Pod);
    else if (r.kind === 'Node') nodes.push(r.object);
  }
  const out: ComponentInfo[] = [];
  for (const { id, status } of CONTROL_PLANE) {
    const pod = systemPods.find((p) => labels(p).component === id);
    const cs = statuses.find((s) => s.metadata?.name === status) as
      { conditions?: { type: string; status: string }[] } | undefined;
    const healthy = cs?.conditions?.find((c) => c.type === 'Healthy')?.status;
    out.push({
      id,
      kind: id,
      node: 'control-plane',
      // The API server answers us; the others: their pod, else their componentstatus.
      running:
        id === 'kube-apiserver' ? true : pod ? running(pod) : healthy ? healthy === 'True' : true,
      watches: [],
    });
  }
  const ccm = systemPods.find((p) => /cloud-controller-manager/.test(p.metadata?.name ?? ''));
  if (ccm)
    out.push({
      id: 'cloud-controller-manager',
      kind: 'cloud-controller-manager',
      node: 'control-plane',
      running: running(ccm),
      watches: [],
    });
  const proxies = new Map<string, Pod>();
  for (const p of systemPods)
    if (labels(p)['k8s-app'] === 'kube-proxy' && p.spec?.nodeName) proxies.set(p.spec.nodeName, p);
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    const ready = (
      n as { status?: { conditions?: { type: string; status: string }[] } }
    ).status?.conditions?.find((c) => c.type === 'Ready');
    out.push({
      id: `kubelet@${name}`,
      kind: 'kubelet',
      node: name,
      running: ready?.status === 'True',
      watches: [`pods?fieldSelector=spec.nodeName=${name}`],
    });
    out.push({
      id: `container-runtime@${name}`,
      kind: 'container-runtime',
      node: name,
      running: true,
      watches: [],
    });
    const proxy = proxies.get(name);
    if (proxy)
      out.push({
        id: `kube-proxy@${name}`,
        kind: 'kube-proxy',
        node: name,
        running: running(proxy),
        watches: ['services', 'endpointslices'],
      });
  }
  out.push({ id: 'kubectl', kind: 'kubectl', running: true, watches: [] });
  return out;
}
