import type { Cluster } from '../engine/cluster';
import type { Controller } from '../engine/controllers/controller';
import type { ComponentDetails, ComponentInfo, ControllerInfo } from '../protocol';
import { nodeImages } from '../engine/node/kubelet/nodeStatus';
import { cloudState } from '../engine/cloud/index';

/** A controller's row: its queue, its last reconcile, and the key it is syncing now. */
function controllerInfo(c: Controller): ControllerInfo {
  const info: ControllerInfo = { name: c.name, queueDepth: c.queue.depth };
  if (c.queue.lastProcessed !== undefined) info.lastReconcile = c.queue.lastProcessed;
  if (c.syncing !== undefined) info.syncing = c.syncing;
  return info;
}

/** The cluster's components as the diagram draws them. */
export function componentInfos(cluster: Cluster): ComponentInfo[] {
  const net = cluster.net;
  const out: ComponentInfo[] = [
    {
      id: 'kube-apiserver',
      kind: 'kube-apiserver',
      node: 'control-plane',
      running: net.isUp('kube-apiserver'),
      watches: ['etcd /registry/'],
    },
    { id: 'etcd', kind: 'etcd', node: 'control-plane', running: net.isUp('etcd'), watches: [] },
    {
      id: cluster.scheduler.id,
      kind: 'kube-scheduler',
      node: 'control-plane',
      running: cluster.scheduler.running,
      watches: cluster.scheduler.watches(),
    },
    {
      id: cluster.controllerManager.id,
      kind: 'kube-controller-manager',
      node: 'control-plane',
      running: cluster.controllerManager.running,
      watches: cluster.controllerManager.watches(),
      controllers: cluster.controllerManager.controllers.map(controllerInfo),
    },
  ];
  if (cluster.cloudControllerManager) {
    const ccm = cluster.cloudControllerManager;
    out.push({
      id: ccm.id,
      kind: 'cloud-controller-manager',
      node: 'control-plane',
      running: ccm.running,
      watches: ccm.watches(),
      controllers: ccm.controllers.map(controllerInfo),
    });
  }
  for (const n of cluster.nodes) {
    out.push({
      id: n.kubelet.id,
      kind: 'kubelet',
      node: n.name,
      running: n.kubelet.running,
      watches: n.kubelet.watches(),
    });
    out.push({
      id: n.runtime.id,
      kind: 'container-runtime',
      node: n.name,
      running: true,
      watches: [],
    });
    if (n.proxy)
      out.push({
        id: n.proxy.id,
        kind: 'kube-proxy',
        node: n.name,
        running: n.proxy.running,
        watches: n.proxy.watches(),
      });
  }
  // hpa: the metrics-server addon, when the cluster runs it: a pod in kube-system, on no fixed
  // node of the diagram (it is drawn beside the control plane, like the client).
  const metrics = cluster.metricsServer;
  if (metrics)
    out.push({
      id: metrics.id,
      kind: 'metrics-server',
      running: metrics.running,
      watches: metrics.watches(),
    });
  out.push({ id: 'kubectl', kind: 'kubectl', running: true, watches: [] });
  return out;
}

/** What one component holds, for the inspector. */
export function componentDetails(cluster: Cluster, id: string): ComponentDetails {
  const info = componentInfos(cluster).find((c) => c.id === id);
  const details: ComponentDetails = { id, watches: info?.watches ?? [] };
  if (id === cluster.scheduler.id) details.queue = cluster.scheduler.queueSizes;
  for (const n of cluster.nodes) {
    if (id === n.runtime.id) details.images = nodeImages(n.runtime.images.values());
    if (id === n.kubelet.id) details.pods = [...n.kubelet.workers.keys()].sort();
    if (id === n.proxy.id) details.rules = n.proxy.rules();
  }
  if (id === 'cloud-controller-manager' && cluster.cloudControllerManager) {
    const c = cloudState(cluster);
    details.cloud = {
      routes: c.routes.map(
        (r) =>
          `${r.destinationCIDR} → ${r.targetInstance} (${r.targetNode})${r.state === 'blackhole' ? ' blackhole' : ''}`,
      ),
      loadBalancers: c.loadBalancers.map(
        (lb) =>
          `${lb.hostname} → ${lb.service} ${lb.ports.map((p) => `${p.port}:${p.nodePort}/${p.protocol}`).join(',')} (${lb.state})`,
      ),
      vms: c.vms.map(
        (v) => `${v.name} ${v.instanceId} ${v.instanceType} ${v.zone} ${v.privateIP} ${v.state}`,
      ),
    };
  }
  return details;
}
