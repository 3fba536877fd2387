/**
 * kindnetd's network policy agent (kind v0.24+ embeds sigs.k8s.io/kube-network-policies): on
 * each node it watches NetworkPolicies, Pods and Namespaces through the API server and decides
 * every new connection leaving or entering the node's pods. A denied packet is dropped (nfqueue
 * verdict DROP), so the client sees a timeout, never a refusal.
 */
import type { Namespace, Pod } from '../../api/types';
import type { NetworkPolicy } from '../../api/networkingTypes';
import type { Informer } from '../../client/informer';
import { PodProcess } from '../runtime/clientProcesses';
import { podNetworkOf, type PolicyEnforcer } from '../runtime/podNetwork';
import { evaluateConnection, type PolicyEndpoint, type PolicyVerdict } from './networkPolicy';

export class NetworkPolicyAgent extends PodProcess implements PolicyEnforcer {
  private policies!: Informer<NetworkPolicy>;
  private pods!: Informer<Pod>;
  private namespaces!: Informer<Namespace>;

  protected onStart(): void {
    this.policies = this.informers.informer<NetworkPolicy>('networkpolicies');
    this.pods = this.informers.informer<Pod>('pods');
    this.namespaces = this.informers.informer<Namespace>('namespaces');
    podNetworkOf(this.ctx.net).enforcers.set(this.node, this);
  }

  protected override onStop(): void {
    const enforcers = podNetworkOf(this.ctx.net).enforcers;
    if (enforcers.get(this.node) === this) enforcers.delete(this.node);
  }

  /**
   * The pod holding an address: the CNI knows which pod it gave each IP (its sandbox), and the
   * pod cache has its labels from the moment it was created, before its status names the IP.
   * Host-network pods share the node's address and are not pods to the policies.
   */
  private endpoint(ip: string): PolicyEndpoint {
    const key = podNetworkOf(this.ctx.net).locate(ip)?.pod;
    const pod = key === undefined ? undefined : this.pods.get(key);
    if (!pod || pod.spec?.hostNetwork) return { ip };
    const namedPorts: Record<string, number> = {};
    for (const c of pod.spec?.containers ?? [])
      for (const p of c.ports ?? []) if (p.name) namedPorts[p.name] = p.containerPort;
    return {
      ip,
      pod: {
        namespace: pod.metadata.namespace ?? 'default',
        name: pod.metadata.name ?? '',
        labels: { ...(pod.metadata.labels ?? {}) },
        namedPorts,
      },
    };
  }

  check(srcIP: string, dstIP: string, port: number, dir: 'ingress' | 'egress'): PolicyVerdict {
    // Until its caches have synced the agent lets traffic through, as kube-network-policies does.
    if (!this.policies.hasSynced || !this.pods.hasSynced) return { allowed: true };
    const src = this.endpoint(srcIP);
    const dst = this.endpoint(dstIP);
    // Each node decides only for its own pods' side of the connection.
    const world = {
      policies: this.policies.list() as unknown as NetworkPolicy[],
      namespaceLabels: (ns: string) => {
        const n = this.namespaces.get(ns);
        return n ? { 'kubernetes.io/metadata.name': ns, ...(n.metadata.labels ?? {}) } : undefined;
      },
    };
    return evaluateConnection(
      world,
      dir === 'egress' ? src : { ip: src.ip, pod: src.pod },
      dst,
      port,
      'TCP',
      dir,
    );
  }
}
