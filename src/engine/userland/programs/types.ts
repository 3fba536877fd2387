/** The contract between the container runtime and the processes it runs. */
import type { HttpResolver, Mount, PodEtcFiles, TcpResolver } from '../shell/types';

/**
 * The node's access to the pod network for a container's own calls (`wget`, `curl`, a TCP client):
 * asked for the container's resolvers when a process needs them, not kept per container.
 */
export interface PodNetworkAccess {
  resolversFor(input: ProgramInput): [HttpResolver, TcpResolver];
}

/** What the runtime knows when it starts a container. */
export interface ProgramInput {
  /** Normalized full image reference (`docker.io/library/nginx:1.27`). */
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  containerName: string;
  podName: string;
  namespace: string;
  hostname: string;
  podIP: string;
  /** The pod's volumes as the container mounts them (`volumeMounts`). */
  mounts?: readonly Mount[];
  /** corpus-apps: the pod's /etc/hosts entries and /etc/resolv.conf (../shell PodEtcFiles). */
  etc?: PodEtcFiles;
  /** `stdin: true` in the container spec: its stdin stays open for `kubectl attach`. */
  stdin?: boolean;
  /** mysql: `tty: true`: its stdout is a terminal (the mysql client prints tables then). */
  tty?: boolean;
}

/** One thing the process does, `afterMs` virtual ms after its previous step. */
export type ProgramStep =
  | { afterMs: number; type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { afterMs: number; type: 'exit'; code: number }
  /** The working set grows to `bytes` (OOMKilled if over the memory limit). */
  | { afterMs: number; type: 'memory'; bytes: number }
  /**
   * hpa: from now on the process keeps `cores` CPUs busy (a busy loop, stress threads); the
   * runtime accounts it up to the container's CPU limit (CFS throttling).
   */
  | { afterMs: number; type: 'cpu'; cores: number }
  /**
   * hpa: nothing visible happens; the process reached an instant where it talks to the world (a
   * network call), so the runtime steps it then, and the call meets the cluster as it is then.
   */
  | { afterMs: number; type: 'wait' };

/** A running process. Output `text` is one line, without its newline. */
export interface Program {
  /** The next thing the process does; undefined: it runs on quietly forever. */
  next(): ProgramStep | undefined;
  /**
   * What it does on the runtime's stop signal, with `afterMs` counted from the signal. If the
   * steps end with an exit the process is gone; otherwise (e.g. `[]` for a `sh -c` PID 1, which
   * ignores SIGTERM) it keeps running until SIGKILL.
   */
  terminate(): ProgramStep[];
  /**
   * mysql: set by the runtime: a process that had no next step (blocked, serving connections)
   * calls it when it has steps again (what the command it ran for a connection printed).
   */
  wake?: () => void;
  /** Ports it listens on once started. */
  listens: number[];
  /**
   * Its answer to an HTTP GET (`host`: the request's Host header, which a reverse proxy routes
   * by); undefined = connection refused (or not HTTP).
   */
  http(port: number, path: string, host?: string): HttpAnswer | undefined;
  /**
   * mysql: its answer to a TCP exchange on `port` (a protocol other than HTTP: MySQL's, an
   * `ncat --listen` stream); undefined = connection refused.
   */
  tcp?(port: number, data: string): TcpAnswer | undefined;
  /**
   * Runs a command inside this running container (CRI ExecSync: exec probes, exec hooks,
   * `kubectl exec`): it sees the container's files as they are now — those its process wrote and
   * not yet removed — and the container's environment. Absent: the runtime starts the command as
   * a fresh process of the same image.
   */
  exec?(argv: string[], timeoutMs: number): ExecResult;
  /**
   * Starts a process in this running container that runs on in virtual time (CRI Exec, the
   * streaming kind `kubectl exec` uses): with `stdin`, a shell started without `-c` is interactive
   * and reads lines. An error is the runtime's text (a missing executable).
   */
  spawn?(argv: string[], stdin: boolean): ExecProcess | { error: string };
  /**
   * The container's state (its input, environment, files) that `exec` and `spawn` read, set by
   * startProgram (./index): they are called as this program's methods.
   */
  container?: object;
}

/** A step of an exec'd process: a program step, or it prints `prompt` and reads a line. */
export type ExecStep = ProgramStep | { afterMs: number; type: 'read'; prompt: string };

/** A process started by CRI Exec, stepped by the runtime as the clock runs. */
export interface ExecProcess {
  /** Its next step; undefined: it waits (for input after a `read`, or blocked until interrupted). */
  next(): ExecStep | undefined;
  /** A line arrives on its stdin (without its newline). */
  write(line: string): void;
  /** Its stdin ends (Ctrl+D): an interactive shell exits. */
  closeStdin(): void;
  /** Ctrl+C on its terminal: SIGINT to what runs in the foreground. */
  interrupt(): void;
}

/** mysql: a program's answer to a TCP exchange; `ms`, how long it took to send. */
export interface TcpAnswer {
  data: string;
  ms?: number;
}

/** A program's answer to an HTTP GET. */
export interface HttpAnswer {
  status: number;
  body: string;
  /**
   * hpa: CPU time serving it takes at one full core (ms), as the server's code burns it
   * (php-apache's index.php); the runtime turns it into usage and, under a CPU limit, latency.
   */
  cpuMs?: number;
}

/** What a command run in a container (an exec probe, a hook) did. */
export interface ExecResult {
  exitCode: number;
  /** stdout and stderr together, as the kubelet's exec prober reads them (CombinedOutput). */
  output: string;
  /** How long it ran (virtual ms). */
  ms: number;
  timedOut: boolean;
}
