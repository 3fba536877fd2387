/**
 * Worker ⇄ UI protocol, version 2 (types and constants only). The worker sends `ready`, one
 * `snapshot`, then at most one `batch` per animation frame; the UI sends requests (one typed map,
 * {@link Requests}, from each operation to its result), playback controls and resets. A
 * streaming kubectl command's output is pushed as `output` messages until its `result`.
 * Bump PROTOCOL_VERSION on any incompatible change: each side refuses another version.
 */
import type { TraceEvent } from '../engine/sim/trace';
import type { KubeObject } from '../engine/api/types';
import type { SchedulingDecision, NodeVerdict } from '../engine/scheduler/framework';
import type { ComponentKindName } from '../engine/component';
import type { ClusterShape, RecordedRun } from '../engine/replay/run';

export type { TraceEvent, KubeObject, SchedulingDecision, NodeVerdict, RecordedRun };

export const PROTOCOL_VERSION = 2;

/**
 * While a foreground message is in flight, virtual time runs this many times slower than the
 * chosen speed, so a learner can follow it: the worker paces time so, and the UI draws each
 * message for `(arriveAt - sentAt) * MESSAGE_DILATION / speed` wall ms (a 2 ms hop: 400 ms at 1×).
 */
export const MESSAGE_DILATION = 200;

/** The shape of a cluster to build (one definition, the one a shared run carries). */
export type { ClusterShape };

/** An object as stored: its etcd key and revisions with the decoded JSON. */
export interface ObjectRecord {
  /** etcd key, unique: `/registry/pods/default/web`. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  createRevision: number;
  modRevision: number;
  object: KubeObject;
}

/** The kinds of component the diagram draws (the engine's union). */
export type ComponentKind = ComponentKindName;

/** A controller inside kube-controller-manager. */
export interface ControllerInfo {
  name: string;
  queueDepth: number;
  /** Virtual ms of the last reconcile, if any. */
  lastReconcile?: number;
  /** The key it is reconciling right now (`default/web`), while a sync runs. */
  syncing?: string;
}

/** A component of the cluster, as the diagram draws it. */
export interface ComponentInfo {
  /** Network id: `kube-apiserver`, `kubelet@worker-1`. */
  id: string;
  kind: ComponentKind;
  /** The node it runs on; undefined for clients outside the cluster (kubectl). */
  node?: string;
  running: boolean;
  /** What it watches, as `resource?selector` strings. */
  watches: string[];
  controllers?: ControllerInfo[];
}

export interface PlaybackState {
  playing: boolean;
  /** 0.25 … 16. */
  speed: number;
  /**
   * A fast-forward under way: virtual time runs quickly through quiet stretches and slows to
   * {@link FAST_FORWARD_MESSAGE_SPEED} for every message that is not a heartbeat, so each step of
   * a 5-minute story is still drawn. Virtual ms it started at and runs until.
   */
  fastForward?: { from: number; until: number };
  /**
   * Real time: virtual time runs at `speed` even while messages travel (no slow motion); the UI
   * draws messages that would overlap faster. Absent or false: slow motion, time waits for
   * messages to be drawn.
   */
  realTime?: boolean;
}

/** During a fast-forward, quiet virtual time passes this many times faster than wall time. */
export const FAST_FORWARD_QUIET_SPEED = 60;
/** During a fast-forward, messages (not heartbeats) are drawn at least at this speed. */
export const FAST_FORWARD_MESSAGE_SPEED = 4;

export interface SnapshotMessage {
  type: 'snapshot';
  version: number;
  simTime: number;
  /** Wall-clock instant (ms since the Unix epoch) of virtual time zero, for timestamps. */
  epochMs: number;
  revision: number;
  shape: ClusterShape;
  components: ComponentInfo[];
  objects: ObjectRecord[];
  playback: PlaybackState;
  /** The run's actions so far (empty after a reset; the replayed ones after a restore). */
  actions: RunAction[];
}

export interface BatchMessage {
  type: 'batch';
  simTime: number;
  revision: number;
  /** Squashed by the worker (the one place): an object changed five times appears once. */
  diff: { added: ObjectRecord[]; updated: ObjectRecord[]; removed: string[] };
  /** Trace events sent since the last batch, in order. Kubernetes Events arrive as objects. */
  trace: TraceEvent[];
  /** Components whose state changed. */
  components?: ComponentInfo[];
  playback?: PlaybackState;
  /** kube-scheduler's decisions since the last batch: per node, filter verdicts and plugin scores. */
  decisions?: SchedulingDecision[];
  /** The user actions the worker took since the last batch, for the run log. */
  actions?: RunAction[];
}

/** Where in the editor's text a problem is (1-based lines and columns). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The outcome of one document of an apply or delete, as `kubectl apply -f` prints it. */
export interface DocumentResult {
  /** Index of the YAML document in the buffer. */
  index: number;
  ok: boolean;
  /** kubectl's line: `deployment.apps/web created`, or the error text. */
  message: string;
  range?: SourceRange;
  /** Extra problems at precise places (YAML syntax errors, field errors). */
  problems?: { message: string; range: SourceRange }[];
}

/** What a component holds, for the inspector: its caches, rules and queues. */
export interface ComponentDetails {
  id: string;
  watches: string[];
  /** container-runtime: the node's image cache. */
  images?: { names: string[]; sizeBytes: number }[];
  /** kube-proxy: the rules its mode programs (iptables-save lines). */
  rules?: string[];
  /** kube-scheduler: queue sizes. */
  queue?: { active: number; backoff: number; unschedulable: number };
  /** cloud-controller-manager: routes and load balancers of the simulated cloud. */
  cloud?: { routes: string[]; loadBalancers: string[]; vms: string[] };
  /** kubelet: pods it runs. */
  pods?: string[];
}

/** A fault to inject, as a scenario's `fault` step says it. */
export interface FaultSpec {
  stop?: string;
  start?: string;
  node?: string;
  deleteVM?: string;
}

/** `apply`/`delete` of the editor's text: one outcome per document. */
export interface ApplyResult {
  ok: boolean;
  documents: DocumentResult[];
}

/** Text to show (logs, a fault's outcome). */
export interface TextResult {
  ok: boolean;
  output: string;
}

/** A kubectl command ended; its output came before, as `output` messages. */
export interface KubectlResult {
  ok: boolean;
  exitCode: number;
}

export interface InspectResult {
  ok: true;
  details: ComponentDetails;
}

/** Service traffic: how many requests each pod answered, and how many failed. */
export interface TrafficResult {
  ok: boolean;
  output: string;
  traffic: { perPod: Record<string, number>; errors: number; firstError?: string };
}

/** Every operation the UI can ask of the worker: its arguments and its result. */
export interface Requests {
  apply: { args: { manifest: string }; result: ApplyResult };
  delete: { args: { manifest: string }; result: ApplyResult };
  logs: {
    args: { namespace: string; pod: string; container?: string; previous?: boolean };
    result: TextResult;
  };
  /** Output streams as `output` messages (`get -w`, `logs -f` until cancelled). */
  kubectl: {
    args: {
      command: string;
      /** Files `-f` may name (the editor's buffer and the examples, by name). */
      files?: Record<string, string>;
    };
    result: KubectlResult;
  };
  inspect: { args: { component: string }; result: InspectResult };
  /**
   * A pod's log as it was at virtual time `at` (ms), for a past moment on the timeline: only the
   * lines written by then, of the attempt running then; empty when no container had started.
   * Like `inspect` it only reads (no traffic, not logged).
   */
  pastLogs: { args: { uid: string; container?: string; at: number }; result: TextResult };
  /** HTTP requests to a Service (`ns/name`) through kube-proxy's rules, from outside or a pod. */
  traffic: {
    // net: `host` (the Host header) and `path`, for requests through an ingress controller.
    args: { service: string; count: number; from?: string; host?: string; path?: string };
    result: TrafficResult;
  };
  fault: { args: { fault: FaultSpec }; result: TextResult };
  /** A run (a link's format, src/engine/replay/run.ts) as scenario YAML, in `output`. */
  exportScenario: { args: { run: RecordedRun }; result: TextResult };
  /** Build the cluster a scenario file describes and run its steps (a restore), paused at the end. */
  openScenario: { args: { text: string }; result: TextResult };
  // exec:
  /** The ports `kubectl port-forward` listens on, on the learner's machine. Only reads. */
  localPorts: { args: { namespace?: string }; result: { ok: true; ports: LocalPortInfo[] } };
  /** `curl localhost:PORT/path` through a port-forward (the pane's "Send request"). */
  localRequest: { args: { port: number; path: string }; result: TextResult };
}

/** A local port forwarded to a pod by `kubectl port-forward`. */
export interface LocalPortInfo {
  local: number;
  remote: number;
  /** `pod/web-7c9f…`. */
  pod: string;
  namespace: string;
}

/** Typed into a running kubectl command's terminal: a line, Ctrl+D or Ctrl+C (`exec -it`). */
export type StdinEvent = { line: string } | { eof: true } | { interrupt: true };

export type RequestOp = keyof Requests;
export type RequestArgs<K extends RequestOp> = Requests[K]['args'];
export type RequestResult<K extends RequestOp> = Requests[K]['result'];

/** A request as sent: its operation, its id (echoed by the answer) and its arguments. */
export type RequestMessage = {
  [K in RequestOp]: { type: 'request'; op: K; requestId: number; args: RequestArgs<K> };
}[RequestOp];

/** The answer to request `requestId`. */
export type ResultMessage = {
  [K in RequestOp]: { type: 'result'; op: K; requestId: number; result: RequestResult<K> };
}[RequestOp];

/** Request `requestId` could not be served (it threw); the cluster is intact. */
export interface RequestErrorMessage {
  type: 'requestError';
  requestId: number;
  message: string;
}

/** Output of a running kubectl command (request `requestId`), as it is printed. */
export interface OutputMessage {
  type: 'output';
  requestId: number;
  text: string;
}

export interface ReadyMessage {
  type: 'ready';
  version: number;
}

/** The worker failed; the UI offers a restart. */
export interface FatalMessage {
  type: 'fatal';
  message: string;
}

/** A message the worker cannot take (another protocol version, an unknown type). */
export interface ProtocolErrorMessage {
  type: 'protocolError';
  message: string;
}

export type WorkerToUi =
  | SnapshotMessage
  | BatchMessage
  | ResultMessage
  | RequestErrorMessage
  | OutputMessage
  | ReadyMessage
  | FatalMessage
  | ProtocolErrorMessage;

export type ControlAction =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'step' }
  | { action: 'speed'; speed: number }
  /**
   * Fast-forward `ms` of virtual time: quiet time flies, each message is still drawn. With
   * `instant`, jump there at once, drawing only the last messages (a 24-hour skip).
   */
  | { action: 'advance'; ms: number; instant?: boolean }
  /** Jump to the end of the fast-forward under way. */
  | { action: 'finishFastForward' }
  /** Stop the fast-forward under way, and go on at the chosen speed. */
  | { action: 'stopFastForward' }
  /** Real time (`on`) or slow motion: whether the clock waits while messages are drawn. */
  | { action: 'realTime'; on: boolean };

/** Where in a run an action happened (see worker/runLog.ts). */
export interface RunPoint {
  /** Virtual ms. */
  at: number;
  /** Clock callbacks run before it (`Clock.executed`): orders it among events of the same ms. */
  executed: number;
}

/** An action before it is placed in the run. */
export type RunInput =
  | RequestMessage
  | { type: 'cancel'; requestId: number }
  | { type: 'stdin'; requestId: number; event: StdinEvent }
  | ({ type: 'control' } & ControlAction);

/**
 * One user action of a run, with its instant: a request (apply or delete of manifest text, a
 * kubectl command, logs, Service traffic, a fault; `inspect` and `pastLogs` only read and are not logged), a
 * Ctrl+C of a running command (by the command's `requestId`), or a playback control (kept for the
 * record: virtual time is carried by `at`, so replay skips it).
 */
export type RunAction = RunPoint & RunInput;

/** A whole run: the cluster it ran on (with its seed), what the user did, and how far it got. */
export interface RunLog {
  shape: ClusterShape;
  /** In the order they happened. */
  actions: RunAction[];
  /** Virtual ms the run had reached (its last state the UI saw). */
  until: number;
}

// live:
/**
 * The options of a worker that runs no engine (src/worker/remote.ts), given in its name: it feeds
 * the page from a `sim serve` (`attach`) or from a real cluster's watches (`live`).
 */
export interface RemoteOptions {
  mode: 'attach' | 'live';
  /** The cluster's root, absolute, ending in `/`. */
  base: string;
  /** A bearer token, when the server wants one. */
  token?: string;
}

/** What the UI asks of the worker. */
export type UiCommand =
  | RequestMessage
  | ({ type: 'control' } & ControlAction)
  | { type: 'reset'; shape: ClusterShape }
  /** Rebuild a run from its log (after the worker failed): same shape, same actions, paused. */
  | { type: 'restore'; log: RunLog }
  /** Ctrl+C: cancel the kubectl command running as request `requestId`. */
  | { type: 'cancel'; requestId: number }
  /** Typed into the session of the kubectl command running as `requestId` (`exec -it`). */
  | { type: 'stdin'; requestId: number; event: StdinEvent }
  /** Test only: the next frame throws, as an engine bug would. */
  | { type: 'crash' };

/** A command as sent: stamped with the protocol version the UI speaks, `v`. */
export type UiToWorker = UiCommand & { v: number };
