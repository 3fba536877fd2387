/**
 * Worker ⇄ UI protocol (types only). The worker sends one `snapshot`, then at most one `batch` per
 * animation frame; the UI sends commands. Bump PROTOCOL_VERSION on any incompatible change.
 */
import type { TraceEvent } from '../engine/sim/trace';
import type { KubeObject } from '../engine/api/types';
import type { SchedulingDecision, NodeVerdict } from '../engine/scheduler/framework';

export type { TraceEvent, KubeObject, SchedulingDecision, NodeVerdict };
export { HeartbeatClassifier, isHeartbeatResource } from './heartbeat';

export const PROTOCOL_VERSION = 1;

/** The shape of a cluster to build. */
export interface ClusterShape {
  workers: number;
  /** Allocatable CPU per worker, as a quantity (`"4"`, `"3500m"`). */
  cpu: string;
  /** Allocatable memory per worker (`"8Gi"`). */
  memory: string;
  seed: number | string;
}

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

export type ComponentKind =
  | 'kube-apiserver'
  | 'etcd'
  | 'kube-scheduler'
  | 'kube-controller-manager'
  | 'cloud-controller-manager'
  | 'kubelet'
  | 'kube-proxy'
  | 'container-runtime'
  | 'kubectl';

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
}

export interface BatchMessage {
  type: 'batch';
  simTime: number;
  revision: number;
  /** Squashed: an object changed five times since the last batch appears once. */
  diff: { added: ObjectRecord[]; updated: ObjectRecord[]; removed: string[] };
  /** Trace events sent since the last batch, in order. Kubernetes Events arrive as objects. */
  trace: TraceEvent[];
  /** Components whose state changed. */
  components?: ComponentInfo[];
  playback?: PlaybackState;
  /** kube-scheduler's decisions since the last batch: per node, filter verdicts and plugin scores. */
  decisions?: SchedulingDecision[];
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

export interface ResultMessage {
  type: 'result';
  requestId: number;
  ok: boolean;
  documents?: DocumentResult[];
  /** Text output (kubectl, logs). */
  output?: string;
  /** A streaming kubectl command (`get -w`, `logs -f`) has more to say: poll with `kubectlPoll`. */
  partial?: boolean;
  /** kubectl's exit code, once the command has ended. */
  exitCode?: number;
  /** For `inspect`: what the component holds. */
  details?: ComponentDetails;
  /** For `traffic`: how many requests each pod answered, and how many failed. */
  traffic?: { perPod: Record<string, number>; errors: number; firstError?: string };
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

export interface ReadyMessage {
  type: 'ready';
  version: number;
}

/** The worker failed; the UI offers a restart. */
export interface FatalMessage {
  type: 'fatal';
  message: string;
}

export type WorkerToUi =
  SnapshotMessage | BatchMessage | ResultMessage | ReadyMessage | FatalMessage;

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
  | { action: 'stopFastForward' };

export type UiToWorker =
  | { type: 'apply'; requestId: number; manifest: string }
  | { type: 'delete'; requestId: number; manifest: string }
  | ({ type: 'control' } & ControlAction)
  | { type: 'reset'; shape: ClusterShape }
  | {
      type: 'logs';
      requestId: number;
      namespace: string;
      pod: string;
      container?: string;
      previous?: boolean;
    }
  | {
      type: 'kubectl';
      requestId: number;
      command: string;
      /** Files `-f` may name (the editor's buffers by name). */
      files?: Record<string, string>;
    }
  /** More output of the streaming command started as request `stream`. */
  | { type: 'kubectlPoll'; requestId: number; stream: number }
  /** Ctrl+C: cancel the command started as request `requestId`. */
  | { type: 'kubectlCancel'; requestId: number }
  | { type: 'inspect'; requestId: number; component: string }
  /** Send HTTP requests to a Service (`ns/name`) through kube-proxy's rules, from outside or a pod. */
  | { type: 'traffic'; requestId: number; service: string; count: number; from?: string }
  | { type: 'fault'; requestId: number; fault: FaultSpec };
