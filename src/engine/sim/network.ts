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
   * connection refused). Returns the trace event, whose `flow` a response should carry.
   */
  send(
    msg: Message,
    deliver: (() => void) | undefined,
    latencyMs?: number,
    refused?: () => void,
  ): TraceEvent {
    const id = this.nextId++;
    const flow = msg.flow ?? (msg.kind === 'request' ? id : this.clock.currentFlow || id);
    const delay = latencyMs ?? this.latency(msg.from, msg.to);
    const event: TraceEvent = {
      id,
      from: msg.from,
      to: msg.to,
      kind: msg.kind,
      verb: msg.verb,
      resource: msg.resource,
      summary: msg.summary,
      sentAt: this.clock.now,
      arriveAt: this.clock.now + delay,
      flow,
    };
    if (msg.status !== undefined) event.status = msg.status;
    if (msg.refusal !== undefined) event.refusal = msg.refusal;
    if (msg.background || this.isBackground(flow)) {
      event.background = true;
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
    const cause = this.clock.currentFlow;
    if (cause && cause !== flow) event.cause = cause;
    this.sent++;
    if (this.down.size !== 0 && this.down.has(msg.from)) return event;
    for (const l of this.listeners) l(event);
    if (!deliver) return event;
    const saved = this.clock.currentFlow;
    this.clock.currentFlow = flow;
    // scale: with nothing to do when the receiver is down, `deliver` itself is queued, guarded
    // by the receiver being up then: no closure made for each message.
    if (!refused) this.clock.setTimeoutIf(deliver, delay, this.receiverUp, msg.to);
    else
      this.clock.setTimeout(() => {
        if (this.down.size === 0 || !this.down.has(msg.to)) deliver();
        // Nobody listens on the receiver's port: the sender's connection is refused (a TCP RST
        // back after the same latency), which is not a message anyone sends, so not traced.
        else
          this.clock.setTimeout(() => {
            if (!this.down.has(msg.from)) refused();
          }, delay);
      }, delay);
    this.clock.currentFlow = saved;
    return event;
  }
}
