/**
 * The iptables rules kube-proxy's iptables mode programs (k/k: pkg/proxy/iptables/proxier.go
 * syncProxyRules), kept as structured rules so the same table can be printed the way
 * `iptables-save` prints it and walked the way the kernel walks it.
 */
import type { Rng } from '../../sim/rng';
import { base32, sha256, utf8 } from '../runtime/sha256';

/** One endpoint of a service port, as kube-proxy reads it from EndpointSlices. */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  /** `default/web-7d9c-x2k`, from the endpoint's targetRef. */
  pod?: string;
}

/** One port of one Service, with its endpoints: what a KUBE-SVC chain is built from. */
export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** The port's name; '' for a single unnamed port. */
  portName: string;
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort?: number;
  loadBalancerIPs: string[];
  endpoints: ProxyEndpoint[];
  /** `sessionAffinity: ClientIP`: how long a client sticks to its endpoint (timeoutSeconds). */
  affinitySeconds?: number;
  /** `externalTrafficPolicy: Local`: traffic from outside goes only to this node's endpoints. */
  externalLocal?: boolean;
}

/** A rule: its printed form and what the kernel matches. */
export interface IptRule {
  table: 'nat' | 'filter';
  chain: string;
  dst?: string;
  dport?: number;
  /** `-m addrtype --dst-type LOCAL`. */
  local?: boolean;
  /** `-m addrtype --src-type LOCAL`: the connection comes from the node itself. */
  srcLocal?: boolean;
  /** `-s CIDR`: the source is in this range (the pod network, for the local detector). */
  srcCidr?: string;
  /** Stored as the kernel stores it: a 31-bit threshold (xt_statistic). */
  probability?: number;
  target: string;
  /** DNAT destination `ip:port`. */
  to?: string;
  /**
   * `-m recent` (xt_recent), for ClientIP session affinity: `set` records the source address in
   * the list `name`; otherwise the rule matches a source seen within `seconds` (`--rcheck`).
   */
  recent?: { name: string; set?: boolean; seconds?: number };
  text: string;
}

/** xt_recent's lists on one node: list name → source address → when it was last set (ms). */
export type RecentLists = Map<string, Map<string, number>>;

/** kubeadm's default pod network, which kube-proxy's `--cluster-cidr` names. */
export const CLUSTER_CIDR = '10.244.0.0/16';

const NAT_BUILTINS = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
const FILTER_BUILTINS = ['INPUT', 'FORWARD', 'OUTPUT'];

/** `default/web:http` (k/k: pkg/proxy ServicePortName.String: the port name only if set). */
export function servicePortName(
  sp: Pick<ServicePortInfo, 'namespace' | 'name' | 'portName'>,
): string {
  return `${sp.namespace}/${sp.name}${sp.portName ? `:${sp.portName}` : ''}`;
}

/**
 * proxier.go portProtoHash: base32(sha256(servicePortName + protocol))[:16].
 * @example portProtoHash('default/kubernetes:https', 'tcp') === 'NPX46M4PTMTKRN6Y'
 */
export function portProtoHash(spn: string, protocol: string): string {
  return base32(sha256(utf8(spn + protocol.toLowerCase()))).slice(0, 16);
}

/** KUBE-SVC-<hash>: the service port's cluster chain. */
export function serviceChain(spn: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(spn, protocol)}`;
}

/** KUBE-EXT-<hash>: the chain for NodePort and load-balancer traffic. */
export function externalChain(spn: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(spn, protocol)}`;
}

/** KUBE-SEP-<hash>: one endpoint (proxier.go servicePortEndpointChainName). */
export function endpointChain(spn: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256(utf8(spn + protocol.toLowerCase() + endpoint))).slice(0, 16)}`;
}

/**
 * The kernel's threshold for `--probability p` (xt_statistic: lround(0x80000000 * p)) from
 * kube-proxy's `fmt.Sprintf("%0.10f", 1.0/float64(n))`.
 */
export function probabilityThreshold(n: number): number {
  return Math.round(0x80000000 * Number((1 / n).toFixed(10)));
}

/** How iptables-save prints a probability: `0.33333333349`. */
export function formatProbability(threshold: number): string {
  return (threshold / 0x80000000).toFixed(11);
}

const quote = (c: string) => (/\s/.test(c) ? `"${c}"` : c);

/**
 * The endpoints kube-proxy uses for a port: the ready ones; if none is ready, the serving
 * terminating ones (ProxyTerminatingEndpoints); sorted as the endpoint cache sorts them.
 */
export function usableEndpoints(eps: ProxyEndpoint[]): ProxyEndpoint[] {
  const ready = eps.filter((e) => e.ready);
  const use = ready.length ? ready : eps.filter((e) => e.serving && e.terminating);
  return [...use].sort((a, b) => {
    const x = `${a.ip}:${a.port}`;
    const y = `${b.ip}:${b.port}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Build the nat and filter rules for every service port, in the order proxier.go writes them. */
export function buildRules(ports: ServicePortInfo[], nodeName?: string): IptRule[] {
  const rules: IptRule[] = [];
  const nat = (r: Omit<IptRule, 'table'>) => rules.push({ table: 'nat', ...r });
  const filter = (r: Omit<IptRule, 'table'>) => rules.push({ table: 'filter', ...r });
  const comment = (c: string) => `-m comment --comment ${quote(c)}`;

  // Jumps from the built-in chains (proxier.go iptablesJumpChains).
  for (const chain of ['PREROUTING', 'OUTPUT']) {
    nat({
      chain,
      target: 'KUBE-SERVICES',
      text: `-A ${chain} ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
    });
  }
  nat({
    chain: 'POSTROUTING',
    target: 'KUBE-POSTROUTING',
    text: `-A POSTROUTING ${comment('kubernetes postrouting rules')} -j KUBE-POSTROUTING`,
  });
  nat({
    chain: 'KUBE-MARK-MASQ',
    target: 'MARK',
    text: '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  });
  nat({
    chain: 'KUBE-POSTROUTING',
    target: 'RETURN',
    text: '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  });
  nat({
    chain: 'KUBE-POSTROUTING',
    target: 'MARK',
    text: '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
  });
  nat({
    chain: 'KUBE-POSTROUTING',
    target: 'MASQUERADE',
    text: `-A KUBE-POSTROUTING ${comment('kubernetes service traffic requiring SNAT')} -j MASQUERADE --random-fully`,
  });
  filter({
    chain: 'INPUT',
    target: 'KUBE-EXTERNAL-SERVICES',
    text: `-A INPUT -m conntrack --ctstate NEW ${comment('kubernetes externally-visible service portals')} -j KUBE-EXTERNAL-SERVICES`,
  });
  filter({
    chain: 'FORWARD',
    target: 'KUBE-SERVICES',
    text: `-A FORWARD -m conntrack --ctstate NEW ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
  });
  filter({
    chain: 'FORWARD',
    target: 'KUBE-EXTERNAL-SERVICES',
    text: `-A FORWARD -m conntrack --ctstate NEW ${comment('kubernetes externally-visible service portals')} -j KUBE-EXTERNAL-SERVICES`,
  });
  filter({
    chain: 'OUTPUT',
    target: 'KUBE-SERVICES',
    text: `-A OUTPUT -m conntrack --ctstate NEW ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
  });

  const sorted = [...ports].sort((a, b) => (servicePortName(a) < servicePortName(b) ? -1 : 1));
  for (const sp of sorted) {
    const spn = servicePortName(sp);
    const proto = sp.protocol.toLowerCase();
    const svc = serviceChain(spn, proto);
    const ext = externalChain(spn, proto);
    const eps = usableEndpoints(sp.endpoints);
    const has = eps.length > 0;
    const p = `-p ${proto}`;
    const dport = (port: number) => `-m ${proto} --dport ${port}`;
    // externalTrafficPolicy: Local: outside traffic goes to this node's endpoints only, through
    // KUBE-SVL; with none here it is dropped (proxier.go: hasExternalEndpoints).
    const localEps = sp.externalLocal ? eps.filter((e) => e.nodeName === nodeName) : eps;
    const hasExternal = localEps.length > 0;
    const svl = `KUBE-SVL-${portProtoHash(spn, proto)}`;
    /** Outside traffic with nowhere to go: REJECT, or DROP when only local endpoints lack. */
    const noExternal = (
      rule: Pick<IptRule, 'dst' | 'dport' | 'local'>,
      before: string,
      after: string,
    ) => {
      const lacksLocal = has && sp.externalLocal;
      const why = lacksLocal ? `${spn} has no local endpoints` : `${spn} has no endpoints`;
      filter({
        chain: 'KUBE-EXTERNAL-SERVICES',
        target: lacksLocal ? 'DROP' : 'REJECT',
        ...rule,
        text:
          `-A KUBE-EXTERNAL-SERVICES ${before}${p} ${comment(why)} ${after} -j ` +
          (lacksLocal ? 'DROP' : 'REJECT --reject-with icmp-port-unreachable'),
      });
    };
    if (has) {
      nat({
        chain: 'KUBE-SERVICES',
        dst: sp.clusterIP,
        dport: sp.port,
        target: svc,
        text: `-A KUBE-SERVICES -d ${sp.clusterIP}/32 ${p} ${comment(`${spn} cluster IP`)} ${dport(sp.port)} -j ${svc}`,
      });
    } else {
      filter({
        chain: 'KUBE-SERVICES',
        dst: sp.clusterIP,
        dport: sp.port,
        target: 'REJECT',
        text: `-A KUBE-SERVICES -d ${sp.clusterIP}/32 ${p} ${comment(`${spn} has no endpoints`)} ${dport(sp.port)} -j REJECT --reject-with icmp-port-unreachable`,
      });
    }
    for (const lb of sp.loadBalancerIPs) {
      if (hasExternal)
        nat({
          chain: 'KUBE-SERVICES',
          dst: lb,
          dport: sp.port,
          target: ext,
          text: `-A KUBE-SERVICES -d ${lb}/32 ${p} ${comment(`${spn} loadbalancer IP`)} ${dport(sp.port)} -j ${ext}`,
        });
      else noExternal({ dst: lb, dport: sp.port }, `-d ${lb}/32 `, dport(sp.port));
    }
    if (sp.nodePort) {
      if (hasExternal)
        nat({
          chain: 'KUBE-NODEPORTS',
          dport: sp.nodePort,
          target: ext,
          text: `-A KUBE-NODEPORTS ${p} ${comment(spn)} ${dport(sp.nodePort)} -j ${ext}`,
        });
      else
        noExternal(
          { local: true, dport: sp.nodePort },
          '',
          `-m addrtype --dst-type LOCAL ${dport(sp.nodePort)}`,
        );
    }
    if (!has) continue;
    if ((sp.nodePort || sp.loadBalancerIPs.length) && !sp.externalLocal) {
      nat({
        chain: ext,
        target: 'KUBE-MARK-MASQ',
        text: `-A ${ext} ${comment(`masquerade traffic for ${spn} external destinations`)} -j KUBE-MARK-MASQ`,
      });
      nat({ chain: ext, target: svc, text: `-A ${ext} -j ${svc}` });
    } else if (sp.nodePort || sp.loadBalancerIPs.length) {
      // Local: pods and the node itself still reach every endpoint; the rest keeps its source
      // address and goes to this node's endpoints (proxier.go, ExternalPolicyLocal).
      nat({
        chain: ext,
        srcCidr: CLUSTER_CIDR,
        target: svc,
        text: `-A ${ext} -s ${CLUSTER_CIDR} ${comment(`pod traffic for ${spn} external destinations`)} -j ${svc}`,
      });
      nat({
        chain: ext,
        srcLocal: true,
        target: 'KUBE-MARK-MASQ',
        text: `-A ${ext} ${comment(`masquerade LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      });
      nat({
        chain: ext,
        srcLocal: true,
        target: svc,
        text: `-A ${ext} ${comment(`route LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j ${svc}`,
      });
      if (hasExternal) nat({ chain: ext, target: svl, text: `-A ${ext} -j ${svl}` });
    }
    nat({
      chain: svc,
      target: 'KUBE-MARK-MASQ',
      text: `-A ${svc} ! -s ${CLUSTER_CIDR} -d ${sp.clusterIP}/32 ${p} ${comment(`${spn} cluster IP`)} ${dport(sp.port)} -j KUBE-MARK-MASQ`,
    });
    // writeServiceToEndpointRules: with ClientIP affinity, first one rule per endpoint that sends
    // a client seen recently back to the endpoint it had; then rule i matches with probability
    // 1/(n-i), and the last always does.
    const affinity = sp.affinitySeconds;
    const recentMatch = (sep: string, op: string) =>
      `-m recent ${op} --name ${sep} --mask 255.255.255.255 --rsource`;
    const toEndpoints = (chain: string, list: ProxyEndpoint[]) => {
      if (affinity !== undefined) {
        for (const ep of list) {
          const addr = `${ep.ip}:${ep.port}`;
          const sep = endpointChain(spn, proto, addr);
          nat({
            chain,
            target: sep,
            recent: { name: sep, seconds: affinity },
            text: `-A ${chain} ${comment(`${spn} -> ${addr}`)} ${recentMatch(sep, `--rcheck --seconds ${affinity} --reap`)} -j ${sep}`,
          });
        }
      }
      list.forEach((ep, i) => {
        const addr = `${ep.ip}:${ep.port}`;
        const sep = endpointChain(spn, proto, addr);
        const last = i === list.length - 1;
        const threshold = last ? undefined : probabilityThreshold(list.length - i);
        const stat =
          threshold === undefined
            ? ''
            : ` -m statistic --mode random --probability ${formatProbability(threshold)}`;
        nat({
          chain,
          probability: threshold,
          target: sep,
          text: `-A ${chain} ${comment(`${spn} -> ${addr}`)}${stat} -j ${sep}`,
        });
      });
    };
    toEndpoints(svc, eps);
    if (sp.externalLocal && hasExternal) toEndpoints(svl, localEps);
    for (const ep of eps) {
      const addr = `${ep.ip}:${ep.port}`;
      const sep = endpointChain(spn, proto, addr);
      nat({
        chain: sep,
        target: 'KUBE-MARK-MASQ',
        text: `-A ${sep} -s ${ep.ip}/32 ${comment(spn)} -j KUBE-MARK-MASQ`,
      });
      // The DNAT rule also records the client, for the affinity rules above.
      nat({
        chain: sep,
        target: 'DNAT',
        to: addr,
        ...(affinity !== undefined ? { recent: { name: sep, set: true } } : {}),
        text:
          `-A ${sep} ${p} ${comment(spn)}` +
          (affinity !== undefined ? ` ${recentMatch(sep, '--set')}` : '') +
          ` -m ${proto} -j DNAT --to-destination ${addr}`,
      });
    }
  }
  nat({
    chain: 'KUBE-SERVICES',
    local: true,
    target: 'KUBE-NODEPORTS',
    text: `-A KUBE-SERVICES ${comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain')} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
  });
  return rules;
}

/** The rules as `iptables-save` prints them: per table, chain declarations, rules, COMMIT. */
export function iptablesSave(rules: IptRule[]): string[] {
  const out: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const builtins = table === 'nat' ? NAT_BUILTINS : FILTER_BUILTINS;
    const mine = rules.filter((r) => r.table === table);
    const chains = new Set<string>();
    for (const r of mine) chains.add(r.chain);
    if (table === 'filter')
      ['KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-SERVICES'].forEach((c) => chains.add(c));
    else
      ['KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-SERVICES'].forEach((c) =>
        chains.add(c),
      );
    const user = [...chains].filter((c) => !builtins.includes(c)).sort();
    const order = [...builtins, ...user];
    out.push(`*${table}`);
    for (const c of builtins) out.push(`:${c} ACCEPT [0:0]`);
    for (const c of user) out.push(`:${c} - [0:0]`);
    for (const c of order) for (const r of mine) if (r.chain === c) out.push(r.text);
    out.push('COMMIT');
  }
  return out;
}

/** Where the kernel sends a new connection. */
export type Verdict =
  | { kind: 'dnat'; to: string; chains: string[] }
  | { kind: 'reject'; chains: string[] }
  | { kind: 'drop'; chains: string[] }
  | { kind: 'accept'; chains: string[] };

/** Whether an IPv4 address is inside `a.b.c.d/n`. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const block = 2 ** (32 - Number(bits));
  const num = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return Math.floor(num(ip) / block) === Math.floor(num(base) / block);
}

/**
 * Walk a new connection to `dst:dport` through the nat table (PREROUTING) and, if it was not
 * DNATed, the filter table (FORWARD, or INPUT for the node's own addresses), as netfilter does.
 * Each `-m statistic` rule draws `rng` as the kernel does: `(random & 0x7FFFFFFF) < threshold`.
 */
export function walkRules(
  rules: IptRule[],
  pkt: { dst: string; dport: number; local: boolean; src?: string; srcLocal?: boolean },
  rng: Rng,
  recent?: { lists: RecentLists; now: number },
): Verdict {
  const chains: string[] = [];
  const walk = (table: 'nat' | 'filter', chain: string): Verdict | undefined => {
    chains.push(chain);
    for (const r of rules) {
      if (r.table !== table || r.chain !== chain) continue;
      if (r.dst !== undefined && r.dst !== pkt.dst) continue;
      if (r.dport !== undefined && r.dport !== pkt.dport) continue;
      if (r.local && !pkt.local) continue;
      if (r.srcLocal && !pkt.srcLocal) continue;
      if (r.srcCidr !== undefined && (pkt.src === undefined || !inCidr(pkt.src, r.srcCidr)))
        continue;
      if (r.recent && !r.recent.set) {
        // --rcheck --seconds N --reap: the source is on the list, set within N seconds.
        const list = recent?.lists.get(r.recent.name);
        const at = pkt.src !== undefined ? list?.get(pkt.src) : undefined;
        if (at === undefined) continue;
        if (recent!.now - at > (r.recent.seconds ?? 0) * 1000) {
          list!.delete(pkt.src!);
          continue;
        }
      }
      if (r.probability !== undefined && Math.floor(rng.next() * 0x80000000) >= r.probability)
        continue;
      if (r.recent?.set && recent && pkt.src !== undefined) {
        let list = recent.lists.get(r.recent.name);
        if (!list) recent.lists.set(r.recent.name, (list = new Map()));
        list.set(pkt.src, recent.now);
      }
      if (r.target === 'DNAT') return { kind: 'dnat', to: r.to!, chains };
      if (r.target === 'REJECT') return { kind: 'reject', chains };
      if (r.target === 'DROP') return { kind: 'drop', chains };
      if (r.target === 'RETURN') return undefined;
      if (r.target.startsWith('KUBE-') && r.target !== 'KUBE-MARK-MASQ') {
        const v = walk(table, r.target);
        if (v) return v;
      }
    }
    return undefined;
  };
  const natV = walk('nat', 'PREROUTING');
  if (natV) return natV;
  const filterV = walk('filter', pkt.local ? 'INPUT' : 'FORWARD');
  return filterV ?? { kind: 'accept', chains };
}
