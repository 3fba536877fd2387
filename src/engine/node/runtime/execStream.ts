/**
 * The runtime's streaming server (containerd's CRI streaming, k/k: pkg/kubelet/cri/streaming):
 * it runs an exec'd process in virtual time and connects it to a stream. Output goes out as it is
 * printed; a prompt goes out when the shell waits for a line; stdin, Ctrl+C and Ctrl+D come in.
 */
import type { Clock, TimerId } from '../../sim/clock';
import type { StreamEnd } from '../../sim/stream';
import type { ExecProcess, ExecStep, Program } from '../../userland/programs';

/** An exec session the runtime is running. */
export interface ExecSession {
  /** The container died under it: the process is killed (exit code 137, SIGKILL). */
  kill(code: number): void;
  readonly done: boolean;
}

/**
 * Steps `proc` on the clock and connects it to `end`. `onEnd` runs once when it is over.
 * @example driveExec(clock, proc, end, () => sessions.delete(s))
 */
export function driveExec(
  clock: Clock,
  proc: ExecProcess,
  end: StreamEnd,
  onEnd: (code: number | undefined) => void,
): ExecSession {
  let timer: TimerId | undefined;
  let done = false;
  const finish = (code: number | undefined) => {
    if (done) return;
    done = true;
    clock.clearTimeout(timer);
    timer = undefined;
    if (code !== undefined) end.send({ type: 'exit', code });
    onEnd(code);
  };
  const emit = (s: ExecStep) => {
    if (s.type === 'output') end.send({ type: s.stream, data: `${s.text}\n` });
    else if (s.type === 'read') end.send({ type: 'prompt', data: s.prompt });
    else if (s.type === 'exit') finish(s.code);
  };
  const pump = (): void => {
    if (done || timer !== undefined) return;
    const s = proc.next();
    if (!s) return; // it waits: for a line, or until interrupted
    timer = clock.setTimeout(() => {
      timer = undefined;
      emit(s);
      pump();
    }, s.afterMs);
  };
  end.onFrame((f) => {
    if (done) return;
    switch (f.type) {
      case 'stdin':
        proc.write(f.data);
        return pump();
      case 'eof':
        proc.closeStdin();
        return pump();
      case 'interrupt':
        // SIGINT: the step under way does not happen.
        clock.clearTimeout(timer);
        timer = undefined;
        proc.interrupt();
        return pump();
      case 'close':
        return finish(undefined);
    }
  });
  pump();
  return {
    kill: (code) => finish(code),
    get done() {
      return done;
    },
  };
}

/**
 * The runtime's side of a port-forward: each request is a connection to localhost:`port` in the
 * pod's network namespace; nothing listening gives containerd's error text.
 */
export function servePortForward(
  end: StreamEnd,
  port: number,
  sandboxId: string,
  answer: (path: string) => { status: number; body: string } | undefined,
): void {
  end.onFrame((f) => {
    if (f.type !== 'request') return;
    const a = answer(f.path);
    if (a) return end.send({ type: 'response', id: f.id, status: a.status, body: a.body });
    end.send({
      type: 'response',
      id: f.id,
      error:
        `error forwarding port ${port} to pod ${sandboxId}, uid : failed to execute portforward in ` +
        `network namespace "/var/run/netns/cni-${sandboxId.slice(0, 8)}": failed to connect to ` +
        `localhost:${port} inside namespace "${sandboxId}", IPv4: dial tcp4 127.0.0.1:${port}: ` +
        `connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `,
    });
  });
}

/** What the streaming server needs to know of a container. */
interface StreamedContainer {
  id: string;
  name: string;
  state: 'created' | 'running' | 'exited';
  program?: Program;
  stdinArgv?: string[];
}

/**
 * The runtime's streaming server: the exec, attach and port-forward sessions of its containers.
 * Exec'd processes die with their container (SIGKILL: `command terminated with exit code 137`).
 */
export class StreamingServer {
  /** Sessions under way, by container id. */
  private readonly sessions = new Map<string, Set<ExecSession>>();

  constructor(
    private readonly clock: Clock,
    private readonly container: (id: string) => StreamedContainer | undefined,
    private readonly sandboxId: (podUid: string) => string | undefined,
    private readonly listener: (podUid: string, port: number) => { program?: Program } | undefined,
    /** An attached PID 1 shell exited: the container exits with its code. */
    private readonly mainExited: (id: string, code: number) => void,
  ) {}

  /**
   * Exec: starts `argv` in a running container, connected to `end`. With `stdin` an interactive
   * shell reads lines from it. Returns runc's error text if the executable is not there.
   */
  exec(id: string, argv: string[], stdin: boolean, end: StreamEnd): { error?: string } {
    const rec = this.container(id);
    const proc = rec?.state === 'running' ? rec.program?.spawn?.(argv, stdin) : undefined;
    if (!proc) return { error: `container not found ("${rec?.name ?? id}")` };
    if ('error' in proc) return { error: proc.error };
    this.add(id, proc, end);
    return {};
  }

  /**
   * Attach: connects `end` to the container's own process. A shell kept waiting on its stdin
   * (`stdin: true`, as `kubectl run -it` makes it) reads the lines; when it exits, so does the
   * container. Another process's output is not replayed (only what follows would be shown).
   */
  attach(id: string, end: StreamEnd): { error?: string } {
    const rec = this.container(id);
    if (!rec || rec.state !== 'running')
      return { error: `container not found ("${rec?.name ?? id}")` };
    const proc = rec.stdinArgv ? rec.program?.spawn?.(rec.stdinArgv, true) : undefined;
    if (!proc || 'error' in proc) return {};
    this.add(id, proc, end, (code) => this.mainExited(id, code));
    return {};
  }

  private add(
    id: string,
    proc: ExecProcess,
    end: StreamEnd,
    exited?: (code: number) => void,
  ): void {
    let set = this.sessions.get(id);
    if (!set) this.sessions.set(id, (set = new Set()));
    const mine = set;
    const session = driveExec(this.clock, proc, end, (code) => {
      mine.delete(session);
      if (code !== undefined && code !== 137) exited?.(code);
    });
    set.add(session);
  }

  /** The container's process is gone: every exec'd process in it dies by SIGKILL (137). */
  containerGone(id: string): void {
    const set = this.sessions.get(id);
    if (!set) return;
    this.sessions.delete(id);
    for (const s of [...set]) s.kill(137);
  }

  /** PortForward: requests on `end` connect to `port` in the pod's network namespace. */
  portForward(podUid: string, port: number, end: StreamEnd): void {
    servePortForward(end, port, this.sandboxId(podUid) ?? podUid, (path) =>
      this.listener(podUid, port)?.program?.http(port, path),
    );
  }
}
