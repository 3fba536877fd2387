/**
 * Heartbeat traffic: every kubelet renews its Lease in `kube-node-lease` every 10 s and posts its
 * node status; leader-election Leases are renewed too. It never stops, so drawn like the rest it
 * buries the interesting messages, and pacing time by it would make a quiet cluster crawl. The
 * diagram draws it faintly and only when asked; the worker lets virtual time run past it.
 *
 * A message is a heartbeat when its own resource is one (a Lease, or a kubelet's own node status),
 * or when it belongs to a flow that a heartbeat request started (its API-server stages, its etcd
 * write, the watch events it causes). A Node status written by the node lifecycle controller —
 * `Ready` turning `Unknown` — is not a heartbeat: it is the story a learner came to see.
 */
import type { TraceEvent } from '../engine/sim/trace';

type Classified = Pick<TraceEvent, 'resource' | 'summary' | 'kind' | 'from' | 'verb'>;

const LEASE_RESOURCE = /(^|\/)leases\b|kube-node-lease|\/registry\/leases\//;

/** True when the message's own resource is a Lease, or a kubelet's own Node status. */
export function isHeartbeatResource(ev: Classified): boolean {
  if (LEASE_RESOURCE.test(ev.resource)) return true;
  // The kubelet reads its Node, then patches its status (k/k: pkg/kubelet/kubelet_node_status.go
  // tryUpdateNodeStatus); both are heartbeats. Its first POST of the Node is not.
  if (ev.resource === 'nodes/status') return ev.from.startsWith('kubelet@');
  if (ev.resource === 'nodes' && ev.kind === 'request' && ev.verb === 'GET')
    return ev.from.startsWith('kubelet@');
  return ev.kind === 'stage' && / leases\b/.test(ev.summary);
}

/** Remembers heartbeat flows; bounded, oldest forgotten first. */
export class HeartbeatClassifier {
  private readonly flows = new Set<number>();

  constructor(private readonly capacity = 4096) {}

  /** Classifies one event, in trace order (a flow's request comes before what it causes). */
  isHeartbeat(ev: Classified & Pick<TraceEvent, 'flow' | 'cause' | 'to'>): boolean {
    if (this.flows.has(ev.flow)) return true;
    // The API server's etcd call opens a flow of its own, caused by the request it serves. Only
    // that call inherits: a controller acting on a heartbeat's watch event is news, not noise.
    const servesHeartbeat =
      ev.from === 'kube-apiserver' &&
      ev.to === 'etcd' &&
      ev.cause !== undefined &&
      this.flows.has(ev.cause);
    if (!servesHeartbeat && !isHeartbeatResource(ev)) return false;
    this.flows.add(ev.flow);
    if (this.flows.size > this.capacity) {
      const oldest = this.flows.values().next().value;
      if (oldest !== undefined) this.flows.delete(oldest);
    }
    return true;
  }

  clear(): void {
    this.flows.clear();
  }
}
