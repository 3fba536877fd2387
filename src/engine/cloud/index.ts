import type { ClusterContext } from '../component';
import type { ControllerManager } from '../controllers/manager';

/** cloud-controller-manager with the simulated cloud; undefined until it exists. */
export function createCloudControllerManager(ctx: ClusterContext, nodes: string[]): ControllerManager | undefined {
  void ctx;
  void nodes;
  return undefined;
}
