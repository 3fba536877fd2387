/**
 * The interpreter's state (variables, files, traps, virtual-time bookkeeping), its output and the
 * lifecycle of the process it runs. The tree walker, expansions and commands live beside it.
 */
import { EPOCH_MS } from '../../sim/clock';
import type { Program, ProgramStep, TcpAnswer } from '../programs/types';
import { runCommand } from './commands';
import { execNode } from './executor';
import { FileStore } from './fileStore';
import { containerFiles, type Files } from './mounts';
import { parseScript, syntaxMessage } from './parser';
import { ExitSignal, LoopSignal, QuietForever, ReturnSignal } from './signals';
import { ShSyntaxError, type Node } from './syntax';
import type { Gen, IO, ShellContext, Sink } from './types';

/** Loop iterations (or commands) without a step before the shell is declared quietly idle. */
const IDLE_LIMIT = 10_000;

/**
 * The interpreter's state: variables, files, traps and the virtual-time bookkeeping. Its fields are
 * public for the interpreter's other modules (executor, expansions, builtins), not for programs:
 * ./index exports only the entry points.
 */
export class Shell {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  /** Functions defined (`name() {…}`) and traps set, each table made when first written. */
  private funcTable: Map<string, Node> | undefined;
  private trapTable: Map<string, string> | undefined;
  /**
   * The container's writable layer (shared with its exec'd processes) or the shell's own, with
   * the pod's volumes mounted in front of it.
   */
  readonly fs: Files;
  readonly io: IO = {
    stdout: { kind: 'out', stream: 'stdout' },
    stderr: { kind: 'out', stream: 'stderr' },
  };
  positional: string[] = [];
  status = 0;
  /** Virtual ms since the last step was yielded. */
  pending = 0;
  /** Virtual ms since the process started. */
  elapsed = 0;
  readonly startedAt: number;
  /** When the runtime first stepped the process (it starts after it is created). */
  /** @internal ShellProgram's: when the runtime first stepped the process. */
  runStart: number;
  private idle = 0;
  /** Steps yielded so far, and whether the clock or $RANDOM was read: for idle-loop detection. */
  emitted = 0;
  clockRead = false;
  /** `elapsed` at which the last background `sleep` ends: what `wait` waits for. */
  bgUntil = 0;
  /** `set -e`. */
  errexit = false;
  /** mysql: `set -x`: each command is printed to stderr before it runs (./xtrace). */
  xtrace = false;
  /** How many command substitutions enclose the running command (xtrace's `++`). */
  subDepth = 0;
  /** How many conditions (`if`, `while`, `&&`/`||`) enclose the running command: no errexit there. */
  condDepth = 0;
  /** Script line of the running command, for error prefixes. */
  line = 1;
  /** Exit status of the last `$(…)`: the status of a command that is only assignments. */
  subStatus = 0;
  cwd = '/';
  /** $RANDOM's state, seeded from the hostname: deterministic. */
  rand: number;
  private lineBuf = { stdout: '', stderr: '' };
  /** Parsed scripts (trap actions), made on first use. */
  private parsed: Map<string, Node> | undefined;
  readonly busybox: boolean;
  /**
   * mysql: a server the process became (`exec ncat --listen PORT -c CMD`): its port and what it
   * answers a connection with. Its Program listens there from then on.
   */
  listening?: { port: number; answer: (data: string) => TcpAnswer | undefined };
  /** Steps taken outside the script's flow (a connection served while blocked), not yet run. */
  /** @internal ShellProgram's. */
  readonly queued: ProgramStep[] = [];
  private self: Program | undefined;

  constructor(readonly ctx: ShellContext) {
    this.startedAt = ctx.now();
    this.runStart = this.startedAt;
    // The process runs ahead of the clock: its file changes happen at the virtual instant its
    // own timeline has reached.
    this.fs = containerFiles(ctx.files ?? new FileStore(), ctx.mounts);
    this.fs.writer = this;
    for (const [k, v] of Object.entries(ctx.env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    this.busybox = ctx.flavour === 'ash';
    this.rand = [...ctx.hostname].reduce((h, c) => (h * 31 + c.charCodeAt(0)) & 0x7fffffff, 7);
  }

  /** Where the process's own timeline is (its file changes happen then): FileStore's writer. */
  writerNow(): number {
    return this.runStart + this.elapsed;
  }

  /** The functions defined. scale: most processes define none, and never make the table. */
  get funcs(): Map<string, Node> {
    return (this.funcTable ??= new Map());
  }

  /** The traps set. scale: most processes set none, and never make the table. */
  get traps(): Map<string, string> {
    return (this.trapTable ??= new Map());
  }

  /** A function by name, if defined. */
  func(name: string): Node | undefined {
    return this.funcTable?.get(name);
  }

  /** A signal's trap action, if set. */
  trap(signal: string): string | undefined {
    return this.trapTable?.get(signal);
  }

  /** @internal ShellProgram's: the process is not idle (a signal arrived). */
  resetIdle(): void {
    this.idle = 0;
  }

  // --- output and time ---------------------------------------------------------------------

  private *emit(stream: 'stdout' | 'stderr', text: string): Gen<void> {
    const afterMs = this.pending;
    this.pending = 0;
    this.idle = 0;
    this.emitted++;
    yield { afterMs, type: 'output', stream, text };
  }

  /** Writes to a sink; complete lines going to the container's stdout/stderr become steps. */
  *write(sink: Sink, text: string): Gen<void> {
    if (sink.kind === 'null' || text === '') return;
    if (sink.kind === 'buf') sink.chunks.push(text);
    else if (sink.kind === 'file') this.fs.append(sink.path, text);
    else {
      let buf = this.lineBuf[sink.stream] + text;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        this.lineBuf[sink.stream] = buf;
        yield* this.emit(sink.stream, line);
      }
      this.lineBuf[sink.stream] = buf;
    }
  }

  *err(io: IO, msg: string): Gen<void> {
    yield* this.write(io.stderr, `${msg}\n`);
  }

  private *flush(): Gen<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.lineBuf[stream];
      this.lineBuf[stream] = '';
      if (rest) yield* this.emit(stream, rest);
    }
  }

  /**
   * hpa: before the process talks to the network, the runtime steps it to its own instant (a
   * `wait` step), so the call meets the cluster as it is then: the pods a Service has now, the
   * server's CPU busy now. Without it a loop of `wget` would run ahead of the clock.
   */
  *sync(): Gen<void> {
    if (this.pending <= 0) return;
    const afterMs = this.pending;
    this.pending = 0;
    this.idle = 0;
    this.emitted++;
    yield { afterMs, type: 'wait' };
  }

  delay(ms: number): void {
    if (ms === Infinity) throw new QuietForever();
    this.pending += ms;
    this.elapsed += ms;
  }

  /** Everything a loop condition can observe, but the clock. */
  fingerprint(): string {
    return JSON.stringify([[...this.vars], [...this.fs], this.status, this.cwd, this.positional]);
  }

  tick(): void {
    if (++this.idle > IDLE_LIMIT) throw new QuietForever();
  }

  /** Wall-clock ms (Unix epoch) of the shell's current virtual instant. */
  wallNow(): number {
    return EPOCH_MS + this.startedAt + this.elapsed;
  }

  /** The shell's error prefix: `sh: `, dash `sh: 1: `, bash `bash: line 1: `. */
  prefix(): string {
    const { flavour, argv0 } = this.ctx;
    if (flavour === 'dash') return `${argv0}: ${this.line}: `;
    if (flavour === 'bash') return `${argv0}: line ${this.line}: `;
    return `${argv0}: `;
  }

  parseCached(src: string): Node {
    this.parsed ??= new Map();
    let n = this.parsed.get(src);
    if (!n) {
      n = parseScript(src, this.ctx.flavour === 'bash');
      this.parsed.set(src, n);
    }
    return n;
  }

  /**
   * mysql: output of the process while it is blocked serving connections (the stderr of the
   * command `ncat -c` ran): logged now, through the runtime's wake-up.
   */
  logNow(stream: 'stdout' | 'stderr', lines: string[]): void {
    for (const text of lines) this.queued.push({ afterMs: 0, type: 'output', stream, text });
    if (lines.length) this.self?.wake?.();
  }

  // --- running a program -------------------------------------------------------------------

  /** Wraps a body into a {@link Program}: lazily stepped, with SIGTERM handled through `trap`. */
  program(body: () => Gen<number>): Program {
    const self = new ShellProgram(this, this.top(body));
    this.self = self;
    return self;
  }

  private *top(body: () => Gen<number>): Gen<void> {
    let code: number;
    try {
      code = yield* body();
    } catch (e) {
      if (e instanceof QuietForever) {
        if (e.spinning) yield { afterMs: this.pending, type: 'cpu', cores: 1 };
        return;
      }
      code = this.codeOf(e);
    }
    yield* this.finish(code);
  }

  /** @internal ShellProgram's: a trap's action, run on a signal. */
  *trapRun(action: string): Gen<void> {
    try {
      yield* this.exec(this.parseCached(action), this.io);
    } catch (e) {
      if (e instanceof QuietForever) return;
      yield* this.finish(this.codeOf(e));
    }
  }

  codeOf(e: unknown): number {
    if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.code;
    if (e instanceof LoopSignal) return this.status;
    throw e;
  }

  /** Runs the EXIT trap, flushes partial lines and yields the exit step. */
  private *finish(code: number): Gen<void> {
    const action = this.trap('EXIT');
    if (action) {
      this.traps.delete('EXIT');
      this.status = code;
      try {
        yield* this.exec(this.parseCached(action), this.io);
      } catch (e) {
        if (e instanceof QuietForever) return;
        code = this.codeOf(e);
      }
    }
    yield* this.flush();
    const afterMs = this.pending;
    this.pending = 0;
    yield { afterMs, type: 'exit', code: code & 255 };
  }

  /**
   * Runs one line read at an interactive prompt (`kubectl exec -it … -- sh`): its steps, an exit
   * step if the line ended the shell (`exit`), and as its value the ms from its last step to the
   * next prompt, or Infinity if the line blocks until interrupted (`sleep infinity`).
   */
  *promptLine(src: string): Gen<number> {
    try {
      this.status = yield* this.script(src);
    } catch (e) {
      if (e instanceof QuietForever) return Infinity;
      if (e instanceof ExitSignal) {
        yield* this.finish(e.code);
        return 0;
      }
      this.status = this.codeOf(e);
    }
    yield* this.flush();
    const rest = this.pending;
    this.pending = 0;
    return rest;
  }

  /** Runs a parsed script; a syntax error prints the shell's message and gives 2. */
  *script(src: string): Gen<number> {
    let root: Node;
    try {
      root = this.parseCached(src);
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
      for (const l of syntaxMessage(e, this.ctx.flavour, this.ctx.argv0, src))
        yield* this.err(this.io, l);
      return 2;
    }
    return yield* this.exec(root, this.io);
  }

  // --- the tree walker (./executor) and commands (./commands) --------------------------------

  /** Runs a node of the syntax tree with the given streams; returns its exit status. */
  *exec(node: Node, io: IO): Gen<number> {
    return yield* execNode(this, node, io);
  }

  /** Runs one command: a function, a builtin, or an executable of the image. */
  *run(argv: string[], io: IO): Gen<number> {
    return yield* runCommand(this, argv, io);
  }
}

/**
 * A shell's process as the runtime steps it. scale: a class (one shape, methods shared), not an
 * object literal with a getter and closures, which V8 keeps in dictionary mode (~430 bytes).
 */
class ShellProgram implements Program {
  private exited = false;
  private quiet = false;
  private started = false;
  exec?: Program['exec'];
  spawn?: Program['spawn'];
  container?: object;
  wake?: () => void;
  /**
   * The interpreter and its generator, while the process can still take a step. scale: both go
   * once the exit step is taken (`sleep 3600` takes it at once, due an hour later): an exited
   * shell answers nothing more, and its variables, parsed script and suspended generator
   * (~2.4 KB a container) are not kept for the hour. `exec` reads the container's state, not these.
   */
  private sh: Shell | undefined;
  private main: Gen<unknown> | undefined;

  constructor(sh: Shell, main: Gen<unknown>) {
    this.sh = sh;
    this.main = main;
  }

  private take(gen: Gen<unknown>, limit: number): ProgramStep[] {
    const steps: ProgramStep[] = [];
    while (steps.length < limit) {
      const r = gen.next();
      if (r.done) break;
      steps.push(r.value);
      if (r.value.type === 'exit') {
        this.exited = true;
        break;
      }
    }
    if (this.exited) this.release();
    return steps;
  }

  /**
   * The process has taken its exit step: it writes no more files (the container's layer no longer
   * asks it where its timeline is: every change it made is journaled at its instant already), and
   * nothing steps it again.
   */
  private release(): void {
    const sh = this.sh;
    if (!sh) return;
    if (sh.fs.writer === sh) sh.fs.writer = undefined;
    this.sh = undefined;
    this.main = undefined;
  }

  private listening(): Shell['listening'] {
    return this.exited ? undefined : this.sh!.listening;
  }

  get listens(): number[] {
    const l = this.listening();
    return l ? [l.port] : [];
  }

  tcp(port: number, data: string): TcpAnswer | undefined {
    const l = this.listening();
    return l?.port === port ? l.answer(data) : undefined;
  }

  http(): undefined {
    return undefined;
  }

  next(): ProgramStep | undefined {
    const sh = this.sh;
    // Exited: nothing is left to step (the files it wrote are journaled at their instants).
    if (!sh) return undefined;
    if (!this.started) {
      this.started = true;
      sh.runStart = sh.ctx.now();
    }
    // Changes the clock has reached are settled (what an exec'd process would see).
    sh.fs.at(sh.ctx.now());
    if (!this.exited && sh.queued.length) return sh.queued.shift();
    if (this.exited || this.quiet) return undefined;
    const [step] = this.take(this.main!, 1);
    // No step and no exit: the process blocks forever (an idle loop, `sleep infinity`).
    if (!step) this.quiet = true;
    return step;
  }

  terminate(): ProgramStep[] {
    const sh = this.sh;
    // PID 1 has no default signal actions: without a trap, SIGTERM is ignored until SIGKILL.
    if (this.exited || !sh) return [];
    const action = sh.trap('TERM');
    if (!action) return [];
    sh.elapsed = sh.ctx.now() - sh.startedAt;
    sh.pending = 0;
    sh.resetIdle();
    return this.take(sh.trapRun(action), 1000);
  }
}
