import type { ClusterContext, Component } from '../component';
import { ControllerManager } from '../controllers/manager';
import { SimulatedCloud, type CloudState } from './cloud';
import { CloudNodeController, CloudNodeLifecycleController } from './nodeController';
import { RouteController } from './routeController';
import { ServiceController } from './serviceController';

export type { CloudRoute, CloudState, LoadBalancer, VirtualMachine } from './cloud';
export { SimulatedCloud } from './cloud';

/** The network id and kind of the cloud controller manager. */
export const CCM = 'cloud-controller-manager';

/**
 * cloud-controller-manager: the cloud-specific controllers (node, node lifecycle, route,
 * service) in one process that, like kube-controller-manager, only talks to the API server —
 * and to the cloud's API, which it holds here.
 */
export class CloudControllerManager extends ControllerManager {
  constructor(
    ctx: ClusterContext,
    /** The simulated cloud this cluster runs on. */
    readonly cloud: SimulatedCloud,
  ) {
    super(ctx, CCM, 'cloud-controller-manager');
    this.add(
      new CloudNodeController(this, cloud),
      new CloudNodeLifecycleController(this, cloud),
      new RouteController(this, cloud),
      new ServiceController(this, cloud),
    );
  }
}

/**
 * The cloud-controller-manager of a cluster on the simulated cloud, with one VM per node (zones
 * round-robin over us-east-1a/b/c).
 */
export function createCloudControllerManager(
  ctx: ClusterContext,
  nodes: string[],
): ControllerManager | undefined {
  return new CloudControllerManager(ctx, new SimulatedCloud(ctx.clock, ctx.rng, nodes));
}

/** What `deleteVM` and `cloudState` accept: a Cluster, or the cloud-controller-manager itself. */
export type CloudTarget =
  | ControllerManager
  | {
      cloudControllerManager?: ControllerManager;
      nodes?: readonly { name: string; kubelet: Component; proxy?: Component }[];
    };

/** The simulated cloud behind a cluster (or its cloud-controller-manager), if it has one. */
export function cloudOf(target: CloudTarget): SimulatedCloud | undefined {
  const ccm = target instanceof ControllerManager ? target : target.cloudControllerManager;
  return ccm instanceof CloudControllerManager ? ccm.cloud : undefined;
}

/** VMs, routes and load balancers of the cluster's cloud, for the UI (empty without a cloud). */
export function cloudState(target: CloudTarget): CloudState {
  return cloudOf(target)?.state() ?? { region: '', vms: [], routes: [], loadBalancers: [] };
}

/**
 * The `deleteVM` fault: terminate a node's VM. Everything on it stops with it (kubelet,
 * kube-proxy); the node goes NotReady after the grace period, and the cloud node lifecycle
 * controller then deletes the Node because its instance no longer exists. Returns a
 * description, or throws with the reason.
 */
export function deleteVM(target: CloudTarget, name: string): string {
  const cloud = cloudOf(target);
  if (!cloud)
    throw new Error('this cluster has no cloud-controller-manager, so it has no VMs to delete');
  const vm = cloud.terminate(name);
  if (!vm) throw new Error(`no running VM "${name}" in the cloud`);
  if (!(target instanceof ControllerManager)) {
    const node = target.nodes?.find((n) => n.name === name);
    node?.kubelet.stop();
    node?.proxy?.stop();
  }
  return `deleteVM ${name} (${vm.instanceId}, ${vm.zone})`;
}
