/**
 * The learner's own machine, as far as `kubectl port-forward` goes: the local ports it listens
 * on, and `curl localhost:PORT` through them. One per cluster session (the browser worker, a
 * headless run).
 */

/** An answer through a forwarded port: the pod's HTTP response, or why there is none. */
export interface LocalAnswer {
  status?: number;
  body?: string;
  error?: string;
}

/** A local port kubectl listens on, forwarding to a pod. */
export interface ForwardedPort {
  local: number;
  remote: number;
  /** `pod/web-7c9f…`: where the connections go. */
  pod: string;
  namespace: string;
  /** One connection: an HTTP GET of `path`. */
  connect(path: string, answer: (a: LocalAnswer) => void): void;
}

export class LocalPorts {
  private readonly ports = new Map<number, ForwardedPort>();
  private readonly listeners = new Set<() => void>();

  /** Listen on `p.local`; false if the port is taken (kubectl's `address already in use`). */
  listen(p: ForwardedPort): boolean {
    if (this.ports.has(p.local)) return false;
    this.ports.set(p.local, p);
    this.changed();
    return true;
  }

  close(local: number, p?: ForwardedPort): void {
    if (p && this.ports.get(local) !== p) return;
    if (this.ports.delete(local)) this.changed();
  }

  /** The forwarded ports, by local port. */
  list(): ForwardedPort[] {
    return [...this.ports.values()].sort((a, b) => a.local - b.local);
  }

  /** Told whenever a port opens or closes (the UI's pane follows it). */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * `curl localhost:PORT/path` on the learner's machine: through the forward if one listens,
   * else curl's connection error.
   */
  get(local: number, path: string, answer: (a: LocalAnswer) => void): void {
    const p = this.ports.get(local);
    if (!p) {
      answer({
        error: `curl: (7) Failed to connect to localhost port ${local} after 0 ms: Couldn't connect to server`,
      });
      return;
    }
    p.connect(path.startsWith('/') ? path : `/${path}`, answer);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

/**
 * `curl [-s] [http://]localhost:PORT[/path]` typed on the learner's machine: through a
 * port-forward, or curl's errors (exit 7: nothing listens; exit 6: a host only the cluster knows).
 */
export function curlLocal(
  ports: LocalPorts | undefined,
  args: string[],
  done: (r: { stdout: string; stderr: string; exitCode: number }) => void,
): void {
  const url = args.find((a) => !a.startsWith('-'));
  if (!url) {
    done({
      stdout: '',
      stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
    return;
  }
  const m = /^(?:https?:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  const host = m?.[1] ?? url;
  if (!m || !['localhost', '127.0.0.1', '[::1]'].includes(host)) {
    done({ stdout: '', stderr: `curl: (6) Could not resolve host: ${host}\n`, exitCode: 6 });
    return;
  }
  const port = Number(m[2] ?? 80);
  const fail = (error: string) => done({ stdout: '', stderr: `${error}\n`, exitCode: 7 });
  if (!ports)
    return fail(
      `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`,
    );
  ports.get(port, m[3] ?? '/', (a) => {
    if (a.error !== undefined) {
      // The forward took the connection, then the pod side refused: curl sees it closed.
      return a.error.startsWith('curl:')
        ? fail(a.error)
        : done({ stdout: '', stderr: 'curl: (52) Empty reply from server\n', exitCode: 52 });
    }
    const body = a.body ?? '';
    done({ stdout: body.endsWith('\n') || !body ? body : `${body}\n`, stderr: '', exitCode: 0 });
  });
}
