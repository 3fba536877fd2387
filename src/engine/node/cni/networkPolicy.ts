/**
 * NetworkPolicy evaluation as the API defines it (/docs/concepts/services-networking/
 * network-policies/) and policy-enforcing network plugins implement it (kind's kindnetd embeds
 * kube-network-policies since kind v0.24): a pod selected by a policy of its namespace with
 * `policyTypes: [Ingress]` is isolated for ingress, and a new connection to it is allowed only if
 * some such policy has a rule whose peers and ports match; the same for egress from the sending
 * pod. Both ends must allow. Replies of an allowed connection are never checked (conntrack).
 */
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import { matchesLabelSelector } from '../../api/labels';
import { cidrContains, ipv4ToNumber, parseCidr } from '../../api/networkingdefaults';

/** One end of a connection: a pod (with what the policies match on) or an address outside. */
export interface PolicyEndpoint {
  ip: string;
  /** Set when the address is a pod's. */
  pod?: {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    /** Named container ports (`http` → 80), for rules that name a port. */
    namedPorts?: Record<string, number>;
  };
}

/** What the evaluator reads besides the two ends. */
export interface PolicyWorld {
  policies: readonly NetworkPolicy[];
  /** The labels of a namespace (its `kubernetes.io/metadata.name` label included). */
  namespaceLabels(ns: string): Record<string, string> | undefined;
}

/** The verdict on a new connection. */
export interface PolicyVerdict {
  allowed: boolean;
  /** Which way it was denied: the receiver's ingress or the sender's egress. */
  direction?: 'ingress' | 'egress';
  /** `namespace/name` of the policies that isolate the denying end (none of which allowed it). */
  policies?: string[];
}

type Dir = 'Ingress' | 'Egress';

/** The policies of the pod's namespace that select it for one direction. */
export function isolatingPolicies(
  world: PolicyWorld,
  pod: NonNullable<PolicyEndpoint['pod']>,
  dir: Dir,
): NetworkPolicy[] {
  return world.policies.filter(
    (p) =>
      p.metadata?.namespace === pod.namespace &&
      (p.spec?.policyTypes ?? ['Ingress']).includes(dir) &&
      matchesLabelSelector(pod.labels, p.spec?.podSelector ?? {}),
  );
}

function peerMatches(
  world: PolicyWorld,
  policyNs: string,
  peer: NetworkPolicyPeer,
  other: PolicyEndpoint,
): boolean {
  if (peer.ipBlock) {
    const ip = ipv4ToNumber(other.ip);
    const cidr = parseCidr(peer.ipBlock.cidr);
    if (ip === undefined || !cidr || !cidrContains(cidr, ip)) return false;
    return !(peer.ipBlock.except ?? []).some((e) => {
      const c = parseCidr(e);
      return c !== undefined && cidrContains(c, ip);
    });
  }
  // Selectors match pods only: traffic from outside the cluster matches ipBlock peers alone.
  const pod = other.pod;
  if (!pod) return false;
  if (peer.namespaceSelector) {
    if (!matchesLabelSelector(world.namespaceLabels(pod.namespace), peer.namespaceSelector))
      return false;
  } else if (pod.namespace !== policyNs) return false;
  return peer.podSelector ? matchesLabelSelector(pod.labels, peer.podSelector) : true;
}

function portMatches(
  ports: readonly NetworkPolicyPort[] | undefined,
  port: number,
  protocol: string,
  named: Record<string, number> | undefined,
): boolean {
  if (!ports?.length) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return named?.[p.port] === port;
    return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  });
}

/** Is the connection allowed by the policies of one end, for one direction? */
function allowedBy(
  world: PolicyWorld,
  policies: readonly NetworkPolicy[],
  dir: Dir,
  other: PolicyEndpoint,
  port: number,
  protocol: string,
  named: Record<string, number> | undefined,
): boolean {
  return policies.some((p) => {
    const ns = p.metadata?.namespace ?? '';
    const rules = dir === 'Ingress' ? (p.spec?.ingress ?? []) : (p.spec?.egress ?? []);
    return rules.some((r) => {
      const peers =
        dir === 'Ingress'
          ? (r as { from?: NetworkPolicyPeer[] }).from
          : (r as { to?: NetworkPolicyPeer[] }).to;
      if (!portMatches(r.ports, port, protocol, named)) return false;
      return !peers?.length || peers.some((peer) => peerMatches(world, ns, peer, other));
    });
  });
}

const key = (p: NetworkPolicy) => `${p.metadata?.namespace}/${p.metadata?.name}`;

/**
 * The verdict on a new connection from `src` to `dst:port` (after kube-proxy's DNAT: `dst` is
 * the pod that would receive it). Egress is checked at the sender, then ingress at the receiver.
 */
export function evaluateConnection(
  world: PolicyWorld,
  src: PolicyEndpoint,
  dst: PolicyEndpoint,
  port: number,
  protocol = 'TCP',
  /** Only one side: a node's agent decides for its own pods (both when undefined). */
  only?: 'ingress' | 'egress',
): PolicyVerdict {
  if (src.pod && only !== 'ingress') {
    const egress = isolatingPolicies(world, src.pod, 'Egress');
    if (
      egress.length &&
      !allowedBy(world, egress, 'Egress', dst, port, protocol, dst.pod?.namedPorts)
    )
      return { allowed: false, direction: 'egress', policies: egress.map(key) };
  }
  if (dst.pod && only !== 'egress') {
    const ingress = isolatingPolicies(world, dst.pod, 'Ingress');
    if (
      ingress.length &&
      !allowedBy(world, ingress, 'Ingress', src, port, protocol, dst.pod.namedPorts)
    )
      return { allowed: false, direction: 'ingress', policies: ingress.map(key) };
  }
  return { allowed: true };
}
