import type { Component, ClusterContext } from '../component';
import { KubeProxy } from './kubeProxy';

/** kube-proxy for one node, in iptables mode (the kubeadm default). */
export function createKubeProxy(ctx: ClusterContext, node: string): Component | undefined {
  return new KubeProxy(ctx, node);
}
