/** The contract between the container runtime and the processes it runs. */

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
}

/** One thing the process does, `afterMs` virtual ms after its previous step. */
export type ProgramStep =
  | { afterMs: number; type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { afterMs: number; type: 'exit'; code: number }
  /** The working set grows to `bytes` (OOMKilled if over the memory limit). */
  | { afterMs: number; type: 'memory'; bytes: number };

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
  /** Ports it listens on once started. */
  listens: number[];
  /** Its answer to an HTTP GET; undefined = connection refused (or not HTTP). */
  http(port: number, path: string): { status: number; body: string } | undefined;
}
