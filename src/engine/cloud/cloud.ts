import type { Clock } from '../sim/clock';
import type { Rng } from '../sim/rng';

/** The simulated cloud is AWS-like: one region, three zones, EC2 instances, VPC routes, ELBs. */
export const REGION = 'us-east-1';
export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;
/** 4 vCPU / 8 GiB, the default worker shape; the control plane gets 2 vCPU / 4 GiB. */
export const WORKER_INSTANCE_TYPE = 'c5.xlarge';
export const CONTROL_PLANE_INSTANCE_TYPE = 't3.medium';
/** A new load balancer takes this long to come up (ms), drawn from the seeded PRNG. */
export const LB_PROVISIONING_MS: [min: number, max: number] = [5_000, 15_000];
/** Updating or deleting a load balancer (ms). */
export const LB_UPDATE_MS: [min: number, max: number] = [500, 2_000];
/** Creating or deleting a route in the VPC route table (ms). */
export const ROUTE_MS: [min: number, max: number] = [200, 800];

/** An EC2 instance backing one node. */
export interface VirtualMachine {
  name: string;
  instanceId: string;
  instanceType: string;
  region: string;
  zone: string;
  privateIP: string;
  publicIP: string;
  privateDNS: string;
  publicDNS: string;
  state: 'running' | 'terminated';
  /** `aws:///us-east-1a/i-0abc…`, the Node's spec.providerID. */
  providerID: string;
}

/** A route in the cluster's route table: a node's pod CIDR → its instance. */
export interface CloudRoute {
  /** `kubernetes-<node uid>`, the name hint k/k's route controller gives. */
  name: string;
  targetNode: string;
  targetInstance: string;
  destinationCIDR: string;
  /** A route to a terminated instance is a blackhole, as in a VPC. */
  state: 'active' | 'blackhole';
}

export interface LoadBalancerPort {
  port: number;
  nodePort: number;
  protocol: string;
}

/** A classic ELB in front of a `type: LoadBalancer` Service. */
export interface LoadBalancer {
  name: string;
  hostname: string;
  /** `namespace/name` of the Service. */
  service: string;
  ports: LoadBalancerPort[];
  /** Node names behind it. */
  hosts: string[];
  state: 'provisioning' | 'active' | 'deleting';
}

/** Everything the cloud holds, for the UI (VMs, the route table, load balancers). */
export interface CloudState {
  region: string;
  vms: VirtualMachine[];
  routes: CloudRoute[];
  loadBalancers: LoadBalancer[];
}

/**
 * The simulated cloud provider. Its API calls take virtual time (a route takes under a second, a
 * load balancer 5–15 s to provision) and every random choice comes from the cluster's PRNG.
 */
export class SimulatedCloud {
  private vms = new Map<string, VirtualMachine>();
  private routes = new Map<string, CloudRoute>();
  private lbs = new Map<string, LoadBalancer>();

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    nodeNames: string[],
  ) {
    // Instances are launched round-robin across the zones; private IPs follow the cluster's
    // node addressing (10.0.0.10 for the first node, then .11, .12…).
    nodeNames.forEach((name, i) => this.launch(name, i));
  }

  private launch(name: string, index: number): VirtualMachine {
    const zone = ZONES[index % ZONES.length];
    const instanceId = `i-0${this.rng.hex(16)}`;
    const privateIP = `10.0.0.${10 + index}`;
    const publicIP = `54.${160 + this.rng.int(80)}.${this.rng.int(256)}.${1 + this.rng.int(254)}`;
    const vm: VirtualMachine = {
      name,
      instanceId,
      instanceType: name === 'control-plane' ? CONTROL_PLANE_INSTANCE_TYPE : WORKER_INSTANCE_TYPE,
      region: REGION,
      zone,
      privateIP,
      publicIP,
      privateDNS: `ip-${privateIP.replace(/\./g, '-')}.ec2.internal`,
      publicDNS: `ec2-${publicIP.replace(/\./g, '-')}.compute-1.amazonaws.com`,
      state: 'running',
      providerID: `aws:///${zone}/${instanceId}`,
    };
    this.vms.set(name, vm);
    return vm;
  }

  /** DescribeInstances by node name: the running instance, or undefined. */
  instance(name: string): VirtualMachine | undefined {
    const vm = this.vms.get(name);
    return vm?.state === 'running' ? vm : undefined;
  }

  /** InstanceExistsByProviderID. */
  instanceExists(providerID: string): boolean {
    return [...this.vms.values()].some(
      (vm) => vm.providerID === providerID && vm.state === 'running',
    );
  }

  /** TerminateInstances: the VM is gone; routes to it become blackholes. Returns it, if it ran. */
  terminate(name: string): VirtualMachine | undefined {
    const vm = this.instance(name);
    if (!vm) return undefined;
    vm.state = 'terminated';
    for (const r of this.routes.values())
      if (r.targetInstance === vm.instanceId) r.state = 'blackhole';
    return vm;
  }

  listRoutes(): CloudRoute[] {
    return [...this.routes.values()];
  }

  createRoute(route: Omit<CloudRoute, 'state'>, done: (ok: boolean) => void): void {
    this.after(ROUTE_MS, () => {
      const vm = [...this.vms.values()].find((v) => v.instanceId === route.targetInstance);
      if (!vm || vm.state !== 'running') return done(false);
      this.routes.set(route.name, { ...route, state: 'active' });
      done(true);
    });
  }

  deleteRoute(name: string, done: () => void): void {
    this.after(ROUTE_MS, () => {
      this.routes.delete(name);
      done();
    });
  }

  loadBalancer(name: string): LoadBalancer | undefined {
    return this.lbs.get(name);
  }

  /**
   * EnsureLoadBalancer: create the ELB (provisioning takes 5–15 s) or update its listeners and
   * hosts (about a second). Calls back with its DNS name once it is active.
   */
  ensureLoadBalancer(
    name: string,
    service: string,
    ports: LoadBalancerPort[],
    hosts: string[],
    done: (lb: LoadBalancer) => void,
  ): void {
    let lb = this.lbs.get(name);
    const creating = !lb || lb.state === 'deleting';
    if (!lb || lb.state === 'deleting') {
      // ELB DNS names: <name>-<10 digits>.<region>.elb.amazonaws.com.
      const digits = String(1_000_000_000 + this.rng.int(9_000_000_000));
      lb = {
        name,
        hostname: `${name}-${digits}.${REGION}.elb.amazonaws.com`,
        service,
        ports,
        hosts,
        state: 'provisioning',
      };
      this.lbs.set(name, lb);
    }
    const target = lb;
    this.after(creating ? LB_PROVISIONING_MS : LB_UPDATE_MS, () => {
      if (this.lbs.get(name) !== target) return;
      target.ports = ports;
      target.hosts = hosts;
      target.state = 'active';
      done(target);
    });
  }

  /** EnsureLoadBalancerDeleted. */
  deleteLoadBalancer(name: string, done: () => void): void {
    const lb = this.lbs.get(name);
    if (!lb) return done();
    lb.state = 'deleting';
    this.after(LB_UPDATE_MS, () => {
      if (this.lbs.get(name) === lb) this.lbs.delete(name);
      done();
    });
  }

  /** A copy of everything the cloud holds. */
  state(): CloudState {
    const copy = <T>(xs: Iterable<T>) => [...xs].map((x) => ({ ...x }));
    return {
      region: REGION,
      vms: copy(this.vms.values()),
      routes: copy(this.routes.values()),
      loadBalancers: copy(this.lbs.values()),
    };
  }

  private after([min, max]: [number, number], fn: () => void): void {
    this.clock.setTimeout(fn, Math.round(this.rng.between(min, max)));
  }
}
