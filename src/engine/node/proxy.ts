import type { Component } from '../component';
import type { ClusterContext } from '../component';

/** kube-proxy for one node; undefined until it exists. */
export function createKubeProxy(ctx: ClusterContext, node: string): Component | undefined {
  void ctx;
  void node;
  return undefined;
}
