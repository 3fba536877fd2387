/**
 * What kubectl needs from its surroundings, and the environment for a whole simulated cluster
 * (the browser worker, the headless runner and the tests all build it the same way).
 */
import type { ApiRequest, ApiResponse, WatchEventMessage } from '../apiserver/types';
import type { Cluster } from '../cluster';
import { EPOCH_MS } from '../sim/clock';
import type { ResourceInfo } from '../api/resources';
import type { Requester } from './apply';
import { LocalPorts } from './localPorts';

/** A chunk of streamed output. */
export interface OutputChunk {
  stdout?: string;
  stderr?: string;
}

/** What kubectl needs from its surroundings. Only `request` and `now` are required. */
export interface KubectlEnv {
  request: Requester;
  /** The current instant in Unix ms (for AGE columns). */
  now: () => number;
  /** Files `-f` may name (the CLI reads the disk, the UI gives its editor buffers). */
  readFile?: (name: string) => string | undefined;
  /** The namespace of the current context. */
  namespace?: string;
  /** Open a watch (`get -w`, `rollout status`, `delete`'s wait). Without it they do not wait. */
  watch?: (
    req: Omit<ApiRequest, 'verb'>,
    onEvent: (e: WatchEventMessage) => void,
    onOpen: (r: ApiResponse) => void,
  ) => { stop(): void };
  /** Run `fn` after `ms` of virtual time; returns a cancel function (drain, `logs -f`). */
  after?: (ms: number, fn: () => void) => () => void;
  /**
   * Streamed output, in the order written (a terminal). Without it, output is collected and
   * handed to `done` at the end, stdout and stderr apart.
   */
  write?: (chunk: OutputChunk) => void;
  /** Output goes to a terminal (colours, as kubectl uses them on a TTY). */
  tty?: boolean;
  /**
   * stdin is a terminal the learner types into (the browser's): `exec -it` and `run -it` get an
   * interactive session, fed through {@link KubectlHandle.input}. Without it, `-t` is refused
   * with kubectl's `Unable to use a TTY` warning and `-i` reads {@link stdin}.
   */
  terminal?: boolean;
  /** Piped stdin for `-i` when there is no terminal (a scenario's `stdin:`), one line a line. */
  stdin?: string;
  /** The ports `kubectl port-forward` listens on, on the learner's machine (./localPorts.ts). */
  localPorts?: LocalPorts;
  /** The API server's URL, as the kubeconfig names it (`cluster-info`). */
  serverUrl?: string;
  /**
   * How long `-w`/`-f` stream when output is not streamed (`write` absent: the headless runner),
   * in virtual ms. Default 30 s; `--request-timeout` overrides it.
   */
  streamLimitMs?: number;
  /**
   * crd: the custom resources the API server's discovery lists now (kubectl's discovery cache,
   * which it refreshes when a type is not found). Without it kubectl knows the built-ins only.
   */
  discovery?: () => readonly ResourceInfo[];
}

/** The result of one command line. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * The kubectl environment of a simulated cluster: requests and watches from the `kubectl` client,
 * virtual time, and the component health `get cs` falls back to.
 * @example runKubectl(clusterEnv(cluster, { write }), 'get pods -w', done)
 */
export function clusterEnv(cluster: Cluster, extra: Partial<KubectlEnv> = {}): KubectlEnv {
  return {
    localPorts: localPortsOf(cluster),
    request: (req, cb) => cluster.request(req, cb),
    now: () => EPOCH_MS + cluster.clock.now,
    watch: (req, onEvent, onOpen) => cluster.kubectl.watch(req, onEvent, onOpen),
    after: (ms, fn) => {
      const id = cluster.clock.setTimeout(fn, ms);
      return () => cluster.clock.clearTimeout(id);
    },
    serverUrl: 'https://10.0.0.10:6443',
    discovery: () => cluster.api.customResources.discovery(),
    ...extra,
  };
}

const LOCAL_PORTS = new WeakMap<Cluster, LocalPorts>();

/** The learner's machine beside a cluster: the ports `kubectl port-forward` listens on. */
export function localPortsOf(cluster: Cluster): LocalPorts {
  let p = LOCAL_PORTS.get(cluster);
  if (!p) LOCAL_PORTS.set(cluster, (p = new LocalPorts()));
  return p;
}
