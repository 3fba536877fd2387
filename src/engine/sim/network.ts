import type { Clock } from './clock';
import type { TraceEvent, TraceListener } from './trace';

/** What a sender says about a message; the network adds ids, times and the causal flow. */
export interface Message {
  from: string;
  to: string;
  kind: TraceEvent['kind'];
  verb: string;
  resource: string;
  summary: string;
  status?: number;
  /** A refused request's reason (TraceEvent.refusal). */
  refusal?: string;
  /** Continue an existing flow (responses, watch events); a request starts a new one. */
  flow?: number;
  /**
   * A heartbeat request (a Lease renewal, a kubelet's node status): the sender knows. Everything
   * its flow carries (stages, responses, the watch events its write causes) is background too.
   */
  background?: boolean;
}

/** Background flows remembered; the oldest are forgotten first (a flow lasts milliseconds). */
const BACKGROUND_FLOWS = 4096;

/**
 * The background flows remembered per `flow & FLOW_MASK`: a zero says at once that a flow is not
 * one of them, which is the answer for most messages, without a lookup in the set.
 */
const FLOW_MASK = (1 << 16) - 1;

/**
 * One-way latency in virtual ms between two components. Inside a node (kubelet → runtime) is
 * fastest; the API server and etcd share the control-plane host.
 */
export function defaultLatency(from: string, to: string): number {
  if (from === to) return 0.2;
  if (
    (isKind(from, 'etcd') && isKind(to, 'kube-apiserver')) ||
    (isKind(from, 'kube-apiserver') && isKind(to, 'etcd'))
  )
    return 1;
  if (isKind(from, 'kubelet') && isKind(to, 'container-runtime')) return 0.5;
  if (isKind(from, 'container-runtime') && isKind(to, 'kubelet')) return 0.5;
  return 2;
}

/** `componentKind(id) === kind`, without cutting a string out of `id` on every message. */
function isKind(id: string, kind: string): boolean {
  return id.length === kind.length
    ? id === kind
    : id.length > kind.length && id.charCodeAt(kind.length) === 64 && id.startsWith(kind);
}

/** `kubelet@worker-1` → `kubelet`. */
export function componentKind(id: string): string {
  const at = id.indexOf('@');
  return at < 0 ? id : id.slice(0, at);
}

/** `kubelet@worker-1` → `worker-1`; control-plane components → `control-plane`. */
export function componentNode(id: string): string | undefined {
  const at = id.indexOf('@');
  return at < 0 ? undefined : id.slice(at + 1);
}

/**
 * The cluster's network: the one function through which every message between components passes
 * (architecture principle 3). It records a trace event, then delivers the message after a latency,
 * unless the receiver is down, in which case the message is lost as on a real network.
 */
export class Network {
  private listeners: TraceListener[] = [];
  private nextId = 1;
  /** Components that are stopped: messages to or from them are dropped. */
  readonly down = new Set<string>();
  /** Total messages sent, for benchmarks. */
  sent = 0;
  /** Flows a background request started. */
  private readonly backgroundFlows = new Set<number>();
  private readonly backgroundCounts = new Uint16Array(FLOW_MASK + 1);

  constructor(
    private readonly clock: Clock,
    private readonly latency: (from: string, to: string) => number = defaultLatency,
  ) {}

  onTrace(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** A fresh flow id for a new causal chain. */
  newFlow(): number {
    return this.nextId++;
  }

  /** True while delivering a message of a background flow (the API server serving a heartbeat). */
  get servingBackground(): boolean {
    return this.isBackground(this.clock.currentFlow);
  }

  private isBackground(flow: number): boolean {
    return this.backgroundCounts[flow & FLOW_MASK] !== 0 && this.backgroundFlows.has(flow);
  }

  isUp(component: string): boolean {
    return !this.down.has(component);
  }

  /** Whether a message's receiver is up when it arrives (the guard of its delivery). */
  private readonly receiverUp = (to: string): boolean => this.down.size === 0 || !this.down.has(to);

  /**
   * Send a message. `deliver` runs at the receiver when it arrives (and only if the receiver is up
   * then); a message with nothing to deliver (an API server stage, a request etcd never answers)
   * is only traced. `refused` runs at the sender when the receiver was down on arrival (a client's
   * connection refused). Returns the message's flow, which a response should carry.
   *
   * scale: the trace event is made only when something listens (the page's worker does; a
   * headless run and the benchmarks need not). Made for every message, ~120 per pod, the events
   * were the engine's most allocated objects, and V8 allocated them in its old generation (a
   * site whose objects mostly survived a young collection once is "pretenured"): garbage that
   * only a full collection frees, which made the heap grow ~1.5× past what was live.
   */
  send<T = undefined>(
    msg: Message,
    deliver: ((data: T) => void) | undefined,
    latencyMs?: number,
    refused?: (data: T) => void,
    /**
     * What `deliver` (or `refused`) is called with: one object a caller keeps for a whole
     * exchange (a client's call), instead of a closure made for each message. `msg` itself is
     * read only during the call: a sender may reuse it.
     */
    data?: T,
  ): number {
    const id = this.nextId++;
    const flow = msg.flow ?? (msg.kind === 'request' ? id : this.clock.currentFlow || id);
    const delay = latencyMs ?? this.latency(msg.from, msg.to);
    const background = msg.background === true || this.isBackground(flow);
    if (background) {
      const flows = this.backgroundFlows;
      const size = flows.size;
      flows.add(flow);
      if (flows.size !== size) {
        this.backgroundCounts[flow & FLOW_MASK]++;
        if (flows.size > BACKGROUND_FLOWS) {
          const oldest = flows.values().next().value;
          if (oldest !== undefined) {
            flows.delete(oldest);
            this.backgroundCounts[oldest & FLOW_MASK]--;
          }
        }
      }
    }
    this.sent++;
    if (this.down.size !== 0 && this.down.has(msg.from)) return flow;
    if (this.listeners.length !== 0) {
      const current = this.clock.currentFlow;
      const cause = current && current !== flow ? current : 0;
      const now = this.clock.now;
      const event = traceEvent(id, msg, now, now + delay, flow, background, cause);
      for (const l of this.listeners) l(event);
    }
    if (!deliver) return flow;
    const saved = this.clock.currentFlow;
    this.clock.currentFlow = flow;
    // scale: with nothing to do when the receiver is down, `deliver` itself is queued, guarded
    // by the receiver being up then: no closure made for each message.
    if (!refused) this.clock.setTimeoutIf(deliver, delay, this.receiverUp, msg.to, data);
    else {
      const { from, to } = msg;
      this.clock.setTimeout(() => {
        if (this.down.size === 0 || !this.down.has(to)) deliver(data!);
        // Nobody listens on the receiver's port: the sender's connection is refused (a TCP RST
        // back after the same latency), which is not a message anyone sends, so not traced.
        else
          this.clock.setTimeout(() => {
            if (!this.down.has(from)) refused(data!);
          }, delay);
      }, delay);
    }
    this.clock.currentFlow = saved;
    return flow;
  }
}

/**
 * The trace event of a message: its fields in their order (status, refusal, background and cause
 * only when they are there). scale: one literal of every common shape, so the event is allocated
 * whole, not grown by a property added after it was made (an extra backing store and a map
 * transition for most messages: requests caused by a delivery, responses with their status).
 */
function traceEvent(
  id: number,
  msg: Message,
  sentAt: number,
  arriveAt: number,
  flow: number,
  background: boolean,
  cause: number,
): TraceEvent {
  const { from, to, kind, verb, resource, summary, status } = msg;
  if (msg.refusal === undefined) {
    if (status === undefined) {
      if (!background) {
        if (cause === 0)
          return { id, from, to, kind, verb, resource, summary, sentAt, arriveAt, flow };
        return { id, from, to, kind, verb, resource, summary, sentAt, arriveAt, flow, cause };
      }
      if (cause === 0)
        return { id, from, to, kind, verb, resource, summary, sentAt, arriveAt, flow, background };
      return {
        id,
        from,
        to,
        kind,
        verb,
        resource,
        summary,
        sentAt,
        arriveAt,
        flow,
        background,
        cause,
      };
    }
    if (!background) {
      if (cause === 0)
        return { id, from, to, kind, verb, resource, summary, sentAt, arriveAt, flow, status };
      return { id, from, to, kind, verb, resource, summary, sentAt, arriveAt, flow, status, cause };
    }
    if (cause === 0)
      return {
        id,
        from,
        to,
        kind,
        verb,
        resource,
        summary,
        sentAt,
        arriveAt,
        flow,
        status,
        background,
      };
    return {
      id,
      from,
      to,
      kind,
      verb,
      resource,
      summary,
      sentAt,
      arriveAt,
      flow,
      status,
      background,
      cause,
    };
  }
  const event: TraceEvent = { id, from, to, kind, verb, resource, summary, sentAt, arriveAt, flow };
  if (status !== undefined) event.status = status;
  event.refusal = msg.refusal;
  if (background) event.background = true;
  if (cause !== 0) event.cause = cause;
  return event;
}
