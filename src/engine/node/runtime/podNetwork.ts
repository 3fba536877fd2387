/**
 * The cluster's pod network (what the CNI plugin provides): every pod IP is reachable from every
 * node, and a connection to a Service IP is DNATed by the kube-proxy rules of the node it leaves
 * from. Runtimes and kube-proxies register here, one registry per cluster (keyed by its Network).
 */
import type { Network } from '../../sim/network';
import type { Rng } from '../../sim/rng';
import type { Verdict } from '../proxy/iptables';
import type { HttpOutcome, HttpResolver, Program } from '../../userland/programs';
import type { TcpOutcome, TcpResolver } from '../../userland/shell';
import type { PolicyVerdict } from '../cni/networkPolicy';

/** What a node's container runtime answers for its pods' IPs. */
export interface PodHost {
  readonly node: string;
  /** `default/web` of the pod holding an IP on this node, if any. */
  podAt(ip: string): string | undefined;
  /** An HTTP GET to a pod IP on this node; undefined if no pod has that IP here. */
  httpGet(ip: string, port: number, path: string, host?: string): HttpOutcome | undefined;
  /** mysql: the pods' sandboxes (uid → IP), and the container listening on a port of one. */
  readonly sandboxes?: ReadonlyMap<string, { ip: string }>;
  listener?(podUid: string, port: number): { program?: Program } | undefined;
}

/**
 * net: a node's network-policy agent (kindnetd's): the verdict on a new connection from `src`
 * to `dst:port`, for the direction this node enforces (egress of its pods, ingress to them).
 */
export interface PolicyEnforcer {
  check(srcIP: string, dstIP: string, port: number, dir: 'ingress' | 'egress'): PolicyVerdict;
}

/** net: an HTTP reverse proxy in a pod (ingress-nginx): where it sends a request. */
export interface HttpProxy {
  /** `pod:<ns>/<name>` of the proxy's pod. */
  readonly id: string;
  pick(
    host: string,
    path: string,
    rng: Rng,
  ):
    | { kind: 'upstream'; ip: string; port: number; path: string; rule: string }
    | { kind: 'answer'; status: number; body: string; rule: string };
}

/** What the network needs of a node's kube-proxy. */
export interface ServiceRouter {
  readonly nodeName: string;
  /** `src`: the client's address, for ClientIP session affinity. */
  pickEndpoint(ip: string, port: number, rng: Rng, src?: string): Verdict;
  /** Cluster IP of `<name>.<namespace>`, as CoreDNS answers from the Service. */
  lookupService(namespace: string, name: string): string | undefined;
  /** mysql: a headless Service's address, or its endpoint with `hostname` (`mysql-0.mysql`). */
  lookupEndpoint?(namespace: string, service: string, hostname?: string): string | undefined;
}

/** A parsed HTTP URL. */
export interface ParsedUrl {
  host: string;
  port: number;
  path: string;
}

export function parseUrl(url: string): ParsedUrl {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(url);
  return {
    host: m?.[2] ?? url,
    port: Number(m?.[3] ?? (m?.[1] === 'https' ? 443 : 80)),
    path: m?.[4] ?? '/',
  };
}

/** The registry of one cluster's pod network. */
export class PodNetwork {
  readonly hosts = new Map<string, PodHost>();
  readonly routers = new Map<string, ServiceRouter>();
  // net:
  /** Node → the agent enforcing NetworkPolicy there (none: the CNI does not enforce). */
  readonly enforcers = new Map<string, PolicyEnforcer>();
  /** Pod IP → the reverse proxy listening there. */
  readonly proxies = new Map<string, HttpProxy>();

  /**
   * net: NetworkPolicy on a new connection: egress at the sender's node, ingress at the
   * receiver's, each by that node's agent. A denied SYN is dropped: the client times out.
   */
  policyVerdict(
    srcIP: string | undefined,
    dstIP: string,
    port: number,
  ): PolicyVerdict & { node?: string } {
    const dst = this.locate(dstIP);
    const src = srcIP ? this.locate(srcIP) : undefined;
    const out = src && this.enforcers.get(src.host.node)?.check(srcIP!, dstIP, port, 'egress');
    if (out && !out.allowed) return { ...out, node: src!.host.node };
    const inn =
      dst && this.enforcers.get(dst.host.node)?.check(srcIP ?? '', dstIP, port, 'ingress');
    if (inn && !inn.allowed) return { ...inn, node: dst!.host.node };
    return { allowed: true };
  }

  /** The node and pod holding a pod IP. */
  locate(ip: string): { host: PodHost; pod: string } | undefined {
    for (const h of this.hosts.values()) {
      const pod = h.podAt(ip);
      if (pod) return { host: h, pod };
    }
    return undefined;
  }

  /**
   * Resolve a host name as a pod's resolv.conf would (`web`, `web.default`,
   * `web.default.svc.cluster.local`) or take an IP as it is.
   */
  resolve(host: string, namespace: string, fromNode: string): string | undefined {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
    const router = this.routers.get(fromNode) ?? [...this.routers.values()][0];
    if (!router) return undefined;
    const parts = host.replace(/\.$/, '').split('.');
    // mysql: the search path tries `<name>.<ns>.svc.cluster.local` first, so `mysql-0.mysql` is
    // the pod `mysql-0` of the headless Service `mysql` before it is a Service `mysql-0` in a
    // namespace `mysql`; `mysql-0.mysql.default.svc.cluster.local` names it fully.
    const svc = (ns: string, name: string) =>
      router.lookupService(ns, name) ?? router.lookupEndpoint?.(ns, name);
    if (parts.length === 1) return svc(namespace, parts[0]);
    const full = parts.length >= 4 && parts[3] === 'svc';
    const pod =
      (parts.length === 2 || full) &&
      router.lookupEndpoint?.(full ? parts[2] : namespace, parts[1], parts[0]);
    if (pod) return pod;
    if (parts.length === 2 || (parts.length >= 3 && parts.slice(2).join('.').startsWith('svc'))) {
      return svc(parts[1], parts[0]);
    }
    return undefined;
  }

  /**
   * A new TCP connection from `fromNode` to `ip:port`, through that node's rules: where it goes.
   */
  route(
    fromNode: string,
    ip: string,
    port: number,
    rng: Rng,
  ): Verdict & { target?: { ip: string; port: number } } {
    const router = this.routers.get(fromNode);
    const v: Verdict = router ? router.pickEndpoint(ip, port, rng) : { kind: 'accept', chains: [] };
    if (v.kind === 'dnat') {
      const [tip, tport] = v.to.split(':');
      return { ...v, target: { ip: tip, port: Number(tport) } };
    }
    return v.kind === 'accept' ? { ...v, target: { ip, port } } : v;
  }

  /**
   * An HTTP GET from a pod on `fromNode` (busybox wget, curl), with Service DNS and DNAT; `srcIP`
   * is the sending pod's address, which NetworkPolicy checks.
   */
  fetch(
    url: string,
    namespace: string,
    fromNode: string,
    rng: Rng,
    srcIP?: string,
    hostHeader?: string,
  ): HttpOutcome {
    const u = parseUrl(url);
    const ip = this.resolve(u.host, namespace, fromNode);
    if (!ip) return { kind: 'unresolvable' };
    const r = this.route(fromNode, ip, u.port, rng);
    if (r.kind === 'drop') return { kind: 'timeout' };
    if (r.kind === 'reject' || !r.target) return { kind: 'refused', ip };
    const found = this.locate(r.target.ip);
    if (!found) return { kind: 'timeout' };
    if (!this.policyVerdict(srcIP, r.target.ip, r.target.port).allowed)
      return { kind: 'timeout', ip };
    const out = found.host.httpGet(r.target.ip, r.target.port, u.path, hostHeader ?? u.host);
    if (!out || out.kind === 'refused') return { kind: 'refused', ip };
    return out.kind === 'ok' ? { ...out, ip } : out;
  }
}

/**
 * mysql: a TCP exchange from a pod on `fromNode` with `host:port` (cluster DNS, the node's
 * kube-proxy rules, NetworkPolicy), answered by the program listening there.
 */
export function tcpExchange(
  net: PodNetwork,
  host: string,
  port: number,
  data: string,
  namespace: string,
  fromNode: string,
  rng: Rng,
  srcIP?: string,
): TcpOutcome {
  const ip = net.resolve(host, namespace, fromNode);
  if (!ip) return { kind: 'unresolvable' };
  const r = net.route(fromNode, ip, port, rng);
  if (r.kind === 'drop') return { kind: 'timeout', ip };
  if (r.kind === 'reject' || !r.target) return { kind: 'refused', ip };
  const found = net.locate(r.target.ip);
  if (!found) return { kind: 'timeout', ip };
  if (!net.policyVerdict(srcIP, r.target.ip, r.target.port).allowed) return { kind: 'timeout', ip };
  const node = found.host;
  const target = r.target;
  const uid = [...(node.sandboxes ?? [])].find(([, s]) => s.ip === target.ip)?.[0];
  const answer = uid === undefined ? undefined : node.listener?.(uid, target.port);
  const out = answer?.program?.tcp?.(target.port, data);
  return out ? { kind: 'ok', ip, ...out } : { kind: 'refused', ip };
}

/**
 * The network hooks of a container's own clients: `wget`/`curl` (cluster DNS, kube-proxy rules,
 * pods) and (mysql) TCP's, from the node `node` it runs on.
 */
export function podResolvers(
  network: Network,
  node: string,
  rng: Rng,
  { namespace, podIP }: { namespace: string; podIP: string },
): [HttpResolver, TcpResolver] {
  const net = podNetworkOf(network);
  return [
    (url, host) => net.fetch(url, namespace, node, rng, podIP, host),
    (host, port, data) => tcpExchange(net, host, port, data, namespace, node, rng, podIP),
  ];
}

const registries = new WeakMap<Network, PodNetwork>();

/** The pod network of the cluster that owns `net`. */
export function podNetworkOf(net: Network): PodNetwork {
  let n = registries.get(net);
  if (!n) {
    n = new PodNetwork();
    registries.set(net, n);
  }
  return n;
}
