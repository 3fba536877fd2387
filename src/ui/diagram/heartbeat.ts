/**
 * Heartbeat traffic: the kubelet renews its Lease in `kube-node-lease` every 10 s and posts node
 * status; leader-election Leases are renewed too. It never stops, so drawn like the rest it
 * buries the interesting messages. The diagram draws it faintly, and only when asked.
 *
 * A message is a heartbeat when its own resource is, or when it belongs to a flow that a
 * heartbeat request started (its API-server stages, its etcd write, the watch events it causes).
 */
import type { TraceEvent } from '../../protocol';

const HEARTBEAT_RESOURCE = /(^|\/)leases\b|kube-node-lease|nodes\/status|\/registry\/leases\//;

/** True when the message's resource is a Lease or a node's status. */
export function isHeartbeatResource(ev: Pick<TraceEvent, 'resource' | 'summary' | 'kind'>) {
  if (HEARTBEAT_RESOURCE.test(ev.resource)) return true;
  return ev.kind === 'stage' && / leases\b/.test(ev.summary);
}

/** Remembers heartbeat flows; bounded, oldest forgotten first. */
export class HeartbeatClassifier {
  private readonly flows = new Set<number>();

  constructor(private readonly capacity = 4096) {}

  /** Classifies one event, in trace order (a flow's request comes before what it causes). */
  isHeartbeat(ev: Pick<TraceEvent, 'resource' | 'summary' | 'kind' | 'flow'>): boolean {
    if (this.flows.has(ev.flow)) return true;
    if (!isHeartbeatResource(ev)) return false;
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
