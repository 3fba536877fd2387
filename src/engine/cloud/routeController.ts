import type { Node } from '../api/types';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from '../controllers/controller';
import type { SimulatedCloud } from './cloud';

/** cloud-controller-manager --route-reconciliation-period (default 10 s). */
export const ROUTE_RECONCILIATION_PERIOD_MS = 10_000;
/** The cluster name route names are prefixed with (--cluster-name default). */
const CLUSTER_NAME = 'kubernetes';
const RECONCILE_KEY = '(reconcileNodeRoutes)';

/**
 * The route controller (k/k: staging/src/k8s.io/cloud-provider/controllers/route): one route per
 * node's pod CIDR in the cloud's route table, pointing at the node's instance, so pods on
 * different nodes reach each other. Once a node's route exists it sets the node's
 * `NetworkUnavailable` condition to False (`RouteCreated`). Routes to nodes that are gone are
 * deleted.
 */
export class RouteController extends Controller {
  private nodes!: Informer<Node>;
  private inFlight = new Set<string>();

  constructor(
    manager: Component,
    private readonly cloud: SimulatedCloud,
  ) {
    super(manager, 'route', 'route_controller');
  }

  setup(): void {
    this.inFlight.clear();
    this.nodes = this.informers.informer<Node>('nodes');
    const kick = () => this.queue.add(RECONCILE_KEY);
    this.nodes.on({
      add: kick,
      update: (o, n) => o.spec?.podCIDR !== n.spec?.podCIDR && kick(),
      delete: kick,
    });
  }

  reconcile(key: string): void {
    if (!this.synced(this.nodes)) return this.queue.addAfter(key, 100);
    this.queue.addAfter(RECONCILE_KEY, ROUTE_RECONCILIATION_PERIOD_MS);
    const routes = this.cloud.listRoutes();
    const nodes = this.nodes.list();
    // Indexed by node name: this runs every 10 s over every node (5,000 in the benchmark).
    const routeOf = new Map(
      routes
        .filter((r) => r.state === 'active')
        .map((r) => [`${r.targetNode} ${r.destinationCIDR}`, r]),
    );
    const nodeCIDR = new Map(nodes.map((n) => [n.metadata.name, n.spec?.podCIDR]));
    for (const node of nodes) {
      const name = node.metadata.name;
      const cidr = node.spec?.podCIDR;
      const vm = this.cloud.instance(name);
      if (!cidr || !vm) continue;
      const existing = routeOf.get(`${name} ${cidr}`);
      if (existing) {
        this.updateNetworkingCondition(node);
        continue;
      }
      const routeName = `${CLUSTER_NAME}-${node.metadata.uid}`;
      if (this.inFlight.has(routeName)) continue;
      this.inFlight.add(routeName);
      const started = this.clock.now;
      this.cloud.createRoute(
        { name: routeName, targetNode: name, targetInstance: vm.instanceId, destinationCIDR: cidr },
        (ok) => {
          this.inFlight.delete(routeName);
          if (!this.manager.running) return;
          if (ok) return this.updateNetworkingCondition(node);
          const ms = Math.round(this.clock.now - started);
          this.recorder.event(
            node,
            'Warning',
            'FailedToCreateRoute',
            `Could not create route ${routeName} ${cidr} for node ${name} after ${ms}ms: instance not found`,
          );
        },
      );
    }
    // Routes whose node is gone (or whose CIDR changed) are removed.
    for (const route of routes) {
      if (nodeCIDR.get(route.targetNode) === route.destinationCIDR && route.state === 'active')
        continue;
      if (this.inFlight.has(route.name)) continue;
      this.inFlight.add(route.name);
      this.cloud.deleteRoute(route.name, () => this.inFlight.delete(route.name));
    }
  }

  /** k/k updateNetworkingCondition: NetworkUnavailable=False, RouteCreated. */
  private updateNetworkingCondition(node: Node): void {
    const c = node.status?.conditions?.find((x) => x.type === 'NetworkUnavailable');
    if (c && c.status === 'False' && c.reason === 'RouteCreated') return;
    const now = this.clock.timestamp();
    const condition = {
      type: 'NetworkUnavailable',
      status: 'False',
      reason: 'RouteCreated',
      message: 'RouteController created a route',
      lastTransitionTime: now,
      lastHeartbeatTime: now,
    };
    this.client.patch(
      'nodes',
      undefined,
      node.metadata!.name!,
      { status: { conditions: [condition] } },
      undefined,
      'status',
      'strategic',
    );
  }
}
