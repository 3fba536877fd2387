import type { EndpointSlice, Node, Service } from '../../api/types';
import type { Stored } from '../../api/stored';
import type { Informer } from '../../client/informer';
import { Component, type ClusterContext } from '../../component';
import type { Rng } from '../../sim/rng';
import {
  buildRules,
  iptablesSave,
  servicePortName,
  walkRules,
  type IptRule,
  type ProxyEndpoint,
  type RecentLists,
  type ServicePortInfo,
  type Verdict,
} from './iptables';
import { podNetworkOf, type ServiceRouter } from '../runtime/podNetwork';

/** kube-proxy `--iptables-min-sync-period` (default 1 s): syncs are at least this far apart. */
export const MIN_SYNC_PERIOD_MS = 1_000;

/** The label EndpointSlices carry to name their Service (discovery.k8s.io/v1). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * The rule tables built, by their iptables-save text, so that every node whose rules are the same
 * holds one table: each rule's fields are printed in its text, so equal texts are equal tables,
 * and a table is never changed once built (a sync replaces it whole). scale: at 5,000 nodes the
 * same dozen rules of the `kubernetes` Service were ~5 KB a node. At most SHARED_TABLES texts are
 * kept (then the map starts again: a table in use stays with its nodes).
 */
const sharedTables = new Map<string, { table: IptRule[]; text: string }>();
const SHARED_TABLES = 64;

/**
 * kube-proxy of one node in iptables mode: watches Services and EndpointSlices and keeps the
 * node's `KUBE-SERVICES` → `KUBE-SVC-…` → `KUBE-SEP-…` rule table, rewritten (one
 * `iptables-restore`) at most once per min-sync-period after a change. iptables is the kubeadm
 * default mode.
 */
export function createKubeProxy(ctx: ClusterContext, node: string): KubeProxy {
  return new KubeProxy(ctx, node);
}

export class KubeProxy extends Component implements ServiceRouter {
  private services!: Informer<Service>;
  private slices!: Informer<EndpointSlice>;
  private nodeInformer!: Informer<Node>;
  private table: IptRule[] = [];
  /** The table's iptables-save text (the key it is shared under). */
  private tableText = '';
  private ports: ServicePortInfo[] = [];
  /** The kernel's xt_recent lists of this node (ClientIP session affinity). */
  private readonly recent: RecentLists = new Map();
  private lastSyncAt = -Infinity;
  private pending = false;
  /** Called after each rule sync (the UI redraws the table). */
  onSync?: (proxy: KubeProxy) => void;

  constructor(
    ctx: ClusterContext,
    readonly nodeName: string,
  ) {
    super(ctx, `kube-proxy@${nodeName}`, 'kube-proxy', nodeName);
    this.setTable(buildRules([]));
    podNetworkOf(ctx.net).routers.set(nodeName, this);
  }

  /** The cluster IP of a Service (cluster DNS answers from the same Service objects). */
  lookupService(namespace: string, name: string): string | undefined {
    const ip = this.services?.get(`${namespace}/${name}`)?.spec?.clusterIP;
    return ip && ip !== 'None' ? ip : undefined;
  }

  /**
   * mysql: the address CoreDNS answers for a headless Service (`mysql`: its first ready
   * endpoint) or one of its endpoints by hostname (`mysql-0.mysql`: a StatefulSet pod's record,
   * from the EndpointSlice's `hostname`). Only ready endpoints are published (no
   * `publishNotReadyAddresses`). This node's informers stand in for CoreDNS's own.
   */
  lookupEndpoint(namespace: string, service: string, hostname?: string): string | undefined {
    const svc = this.services?.get(`${namespace}/${service}`);
    if (!svc || (hostname === undefined && svc.spec?.clusterIP !== 'None')) return undefined;
    const publishAll = svc.spec?.publishNotReadyAddresses === true;
    for (const s of this.slices?.list() ?? []) {
      if (s.metadata?.namespace !== namespace) continue;
      if (s.metadata?.labels?.[SERVICE_NAME_LABEL] !== service) continue;
      for (const e of s.endpoints ?? []) {
        const ready = e.conditions?.ready !== false && e.conditions?.ready !== null;
        if (!ready && !publishAll) continue;
        if (hostname !== undefined && e.hostname !== hostname) continue;
        if (e.addresses?.[0]) return e.addresses[0];
      }
    }
    return undefined;
  }

  /** The node's InternalIP, read from its Node object as kube-proxy detects it. */
  get nodeIP(): string {
    const n = this.nodeInformer?.get(this.nodeName);
    return n?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  }

  protected onStart(): void {
    this.services = this.informers.informer<Service>('services');
    this.slices = this.informers.informer<EndpointSlice>('endpointslices');
    this.nodeInformer = this.informers.informer<Node>('nodes', {
      fieldSelector: `metadata.name=${this.nodeName}`,
    });
    const changed = () => this.requestSync();
    this.services.on({ add: changed, update: changed, delete: changed });
    this.slices.on({ add: changed, update: changed, delete: changed });
  }

  /** BoundedFrequencyRunner: run now if the last sync is old enough, else at the next slot. */
  private requestSync(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.lastSyncAt + MIN_SYNC_PERIOD_MS - this.clock.now);
    this.after(wait, () => {
      this.pending = false;
      this.syncProxyRules();
    });
  }

  /** Rebuild every rule from the informers' caches (proxier.go syncProxyRules). */
  syncProxyRules(): void {
    if (!this.services.hasSynced || !this.slices.hasSynced) return;
    this.lastSyncAt = this.clock.now;
    const before = new Map(
      this.ports.map((p) => [servicePortName(p), p.endpoints.filter((e) => e.ready).length]),
    );
    this.ports = servicePorts(this.services.list(), this.slices.list());
    const oldText = this.tableText;
    this.setTable(buildRules(this.ports, this.nodeName));
    if (this.tableText === oldText) return;
    const changes: string[] = [];
    for (const p of this.ports) {
      const n = p.endpoints.filter((e) => e.ready).length;
      const spn = servicePortName(p);
      if (before.get(spn) !== n) changes.push(`${spn}: ${n} endpoint${n === 1 ? '' : 's'}`);
      before.delete(spn);
    }
    for (const spn of before.keys()) changes.push(`${spn}: removed`);
    const rules = this.table.length;
    this.ctx.net.send(
      {
        from: this.id,
        to: this.id,
        kind: 'stage',
        verb: 'iptables-restore',
        resource: 'iptables',
        summary: `iptables-restore: ${rules} rules${changes.length ? ` (${changes.join(', ')})` : ''}`,
      },
      () => {},
      0.1,
    );
    this.onSync?.(this);
  }

  /** Hold `table`, or the equal table built before (sharedTables). */
  private setTable(table: IptRule[]): void {
    const text = iptablesSave(table).join('\n');
    let shared = sharedTables.get(text);
    if (!shared) {
      if (sharedTables.size >= SHARED_TABLES) sharedTables.clear();
      sharedTables.set(text, (shared = { table, text }));
    }
    // The shared text too: this node's copy of it is let go.
    this.table = shared.table;
    this.tableText = shared.text;
  }

  /** The node's rules as `iptables-save` prints them (filter and nat tables). */
  rules(): string[] {
    return iptablesSave(this.table);
  }

  /** The structured rules (for the UI's chain view). */
  ruleTable(): readonly IptRule[] {
    return this.table;
  }

  /** The service ports and endpoints the rules were built from. */
  servicePorts(): readonly ServicePortInfo[] {
    return this.ports;
  }

  /**
   * Where the kernel of this node sends a new TCP connection to `ip:port`: walks the rules, with
   * one random draw per `-m statistic` rule it reaches.
   */
  pickEndpoint(ip: string, port: number, rng: Rng, src?: string): Verdict {
    return walkRules(this.table, { dst: ip, dport: port, local: ip === this.nodeIP, src }, rng, {
      lists: this.recent,
      now: this.clock.now,
    });
  }
}

/** Join Services with their EndpointSlices into service ports (the proxier's ServicePortMap). */
export function servicePorts(
  services: Stored<Service>[],
  slices: EndpointSlice[],
): ServicePortInfo[] {
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    const spec = svc.spec ?? {};
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name;
    // Headless and ExternalName services get no rules.
    if (!spec.clusterIP || spec.clusterIP === 'None' || spec.type === 'ExternalName') continue;
    const mine = slices.filter(
      (s) =>
        s.metadata?.namespace === ns &&
        s.metadata?.labels?.[SERVICE_NAME_LABEL] === name &&
        s.addressType !== 'FQDN',
    );
    const lbIPs = (svc.status?.loadBalancer?.ingress ?? [])
      .map((i) => i.ip)
      .filter((x): x is string => !!x);
    for (const p of spec.ports ?? []) {
      const protocol = p.protocol ?? 'TCP';
      const endpoints: ProxyEndpoint[] = [];
      const seen = new Set<string>();
      for (const s of mine) {
        const sp = (s.ports ?? []).find(
          (x) => (x.name ?? '') === (p.name ?? '') && (x.protocol ?? 'TCP') === protocol,
        );
        if (!sp || sp.port === undefined || sp.port === null) continue;
        for (const e of s.endpoints ?? []) {
          const ip = e.addresses?.[0];
          if (!ip || seen.has(`${ip}:${sp.port}`)) continue;
          seen.add(`${ip}:${sp.port}`);
          const c = e.conditions ?? {};
          // discovery/v1: a nil `ready` means ready; nil serving means the same as ready.
          const ready = c.ready !== false && c.ready !== null;
          const ref = e.targetRef;
          endpoints.push({
            ip,
            port: sp.port,
            ready,
            serving: c.serving === undefined || c.serving === null ? ready : c.serving,
            terminating: c.terminating === true,
            nodeName: e.nodeName ?? undefined,
            pod: ref?.kind === 'Pod' ? `${ref.namespace ?? ns}/${ref.name}` : undefined,
          });
        }
      }
      const nodePort =
        spec.type === 'NodePort' || spec.type === 'LoadBalancer'
          ? (p.nodePort ?? undefined)
          : undefined;
      out.push({
        namespace: ns,
        name,
        portName: p.name ?? '',
        protocol,
        clusterIP: spec.clusterIP,
        port: p.port,
        nodePort,
        loadBalancerIPs: spec.type === 'LoadBalancer' ? lbIPs : [],
        endpoints,
        // k/k pkg/proxy/service.go: StickyMaxAgeSeconds from sessionAffinityConfig (default 3h).
        ...(spec.externalTrafficPolicy === 'Local' && (nodePort !== undefined || lbIPs.length)
          ? { externalLocal: true }
          : {}),
        ...(spec.sessionAffinity === 'ClientIP'
          ? { affinitySeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 }
          : {}),
      });
    }
  }
  return out;
}
