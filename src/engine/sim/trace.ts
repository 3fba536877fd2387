/**
 * A trace event: one message on one of the cluster's real paths (architecture principle 3).
 * The UI animates exactly these; tests hash them to prove determinism.
 */
export interface TraceEvent {
  /** Sequential id, unique within one run. */
  id: number;
  /** Component id of the sender, e.g. `kube-scheduler`, `kubelet@worker-1`. */
  from: string;
  /** Component id of the receiver. */
  to: string;
  kind: 'request' | 'response' | 'watch' | 'stage';
  /** HTTP-ish verb or action: `POST`, `GET`, `PUT`, `PATCH`, `DELETE`, `WATCH`, `LIST`, `bind`, `PullImage`… */
  verb: string;
  /** Resource path, e.g. `pods`, `pods/binding`, `pods/status`, `/registry/pods/default/web`. */
  resource: string;
  /** A short human label, e.g. `POST pods`, `bind web-1 → worker-2`. */
  summary: string;
  /** Virtual ms when sent and when it arrives. */
  sentAt: number;
  arriveAt: number;
  /**
   * The id of the request that started this chain of cause and effect. A watch event caused by a
   * write carries the write's flow, so the UI colours one request end to end.
   */
  flow: number;
  /** HTTP status for responses. */
  status?: number;
  /**
   * A refused request's reason, as the API server's Status message says it (`deployments.apps
   * "web" is forbidden: …`): on 4xx and 5xx responses except 404 and 409, which say enough.
   */
  refusal?: string;
  /** The flow whose delivery made the sender send this one (a watch event that led to a bind). */
  cause?: number;
  /**
   * Heartbeat traffic, marked by its sender (a kubelet's Lease renewal and node status) and
   * carried by everything its flow causes: the UI draws it faintly and the worker lets virtual
   * time run past it. Absent on foreground messages.
   */
  background?: true;
  // live:
  /**
   * Not a captured message: live mode on a real cluster infers it from a watch event (a pod's
   * `spec.nodeName` appeared, so the scheduler bound it). The engine never sets it.
   */
  inferred?: true;
}

export type TraceListener = (event: TraceEvent) => void;
