/**
 * The state of a running `python3 -c` process: sys.stdout's buffer (block-buffered without a
 * tty, as CPython's is, unless PYTHONUNBUFFERED or `-u`), line-buffered stderr, virtual time, and
 * the steps each statement makes. ./evaluate and ./interpreter build on it.
 */
import type { ProgramStep } from '../programs/types';
import type { Host } from './builtins';
import { PyException, type FramePos } from './errors';
import { asInt, raise, typeName, type Py, type PyDict } from './values';

export type Gen<T> = Generator<ProgramStep, T>;

export class Break {}
export class Continue {}
export class Return {
  constructor(readonly value: Py) {}
}
/** The loop neither prints nor sleeps for long: it blocks (or spins) forever. */
export class Idle {
  constructor(readonly spinning: boolean) {}
}

/** sys.stdout's buffer size when it is not a tty (io.DEFAULT_BUFFER_SIZE). */
export const STDOUT_BUFFER = 8192;
/** Statements run per virtual millisecond (CPython runs some millions a second). */
export const STATEMENTS_PER_MS = 1000;
/** Loop iterations without output before the loop is declared idle. */
export const IDLE_LIMIT = 10_000;
export const STDLIB = new Set([
  'os',
  'sys',
  'time',
  'math',
  'json',
  're',
  'random',
  'socket',
  'subprocess',
  'datetime',
  'signal',
  'http',
  'urllib',
  'logging',
  'pathlib',
  'shutil',
]);

export interface Frame {
  locals: Map<string, Py>;
  /** A comprehension's enclosing frame: its names are visible inside. */
  parent?: Frame;
  globalNames: Set<string>;
  name: string;
  depth: number;
}

export class PyProcess implements Host {
  readonly globals = new Map<string, Py>();
  /** Steps made by the running statement, yielded after it. */
  protected queue: ProgramStep[] = [];
  pending = 0;
  elapsed = 0;
  private stdoutBuf = '';
  private stderrBuf = '';
  protected idle = 0;
  protected slept = false;
  protected statements = 0;

  constructor(
    readonly env: PyDict,
    readonly argv: string[],
    readonly version: string,
    private readonly unbuffered: boolean,
    private readonly startWall: number,
  ) {
    this.globals.set('__name__', '__main__');
  }

  // --- Host: output and time ---------------------------------------------------------------

  write(stream: 'stdout' | 'stderr', text: string, flush: boolean): void {
    this.idle = 0;
    if (stream === 'stderr') {
      // stderr is line-buffered (backslashreplace, always flushed at newlines since 3.9).
      this.stderrBuf += text;
      this.emitLines('stderr', false);
      return;
    }
    this.stdoutBuf += text;
    if (this.unbuffered || flush || this.stdoutBuf.length >= STDOUT_BUFFER) this.flush();
  }

  flush(): void {
    this.emitLines('stdout', false);
  }

  private emitLines(stream: 'stdout' | 'stderr', all: boolean): void {
    let buf = stream === 'stdout' ? this.stdoutBuf : this.stderrBuf;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      this.step({ type: 'output', stream, text: buf.slice(0, nl) });
      buf = buf.slice(nl + 1);
    }
    if (all && buf) {
      this.step({ type: 'output', stream, text: buf });
      buf = '';
    }
    if (stream === 'stdout') this.stdoutBuf = buf;
    else this.stderrBuf = buf;
  }

  step(
    s:
      | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
      | { type: 'exit'; code: number },
  ): void {
    this.queue.push({ ...s, afterMs: this.pending });
    this.pending = 0;
    this.idle = 0;
  }

  /** `time.sleep`: whole virtual milliseconds (the clock's resolution). */
  sleep(ms: number): void {
    this.slept = true;
    this.pass(Math.round(ms));
  }

  /** Virtual time passes while the process runs or sleeps. */
  pass(ms: number): void {
    this.pending += ms;
    this.elapsed += ms;
  }

  wallNow(): number {
    return this.startWall + this.elapsed;
  }

  /** Everything still buffered, written at exit (stdout is flushed at interpreter shutdown). */
  flushAll(): void {
    this.emitLines('stderr', true);
    this.emitLines('stdout', true);
  }

  *drain(): Gen<void> {
    const q = this.queue;
    this.queue = [];
    for (const s of q) yield s;
  }

  /** One more loop round: a loop that neither writes nor exits for long is idle for ever. */
  loopTick(): void {
    if (this.idle === 0) this.slept = false;
    if (++this.idle > IDLE_LIMIT) throw new Idle(!this.slept);
  }
  protected set(name: string, v: Py, f: Frame): void {
    // A comprehension's frame (depth 0.5 at module level) keeps its variable to itself.
    if (f.depth === 0 || f.globalNames.has(name)) this.globals.set(name, v);
    else f.locals.set(name, v);
  }

  protected index(len: number, k: Py, what: string): number {
    const i = asInt(k);
    if (i === undefined)
      return raise(
        'TypeError',
        `${what.split(' ')[0]} indices must be integers or slices, not ${typeName(k)}`,
      );
    const n = Number(i < 0n ? i + BigInt(len) : i);
    if (n < 0 || n >= len) raise('IndexError', `${what} index out of range`);
    return n;
  }

  /** Runs `fn`; an exception it raises is placed at `e` (its caret line) unless placed already. */
  at<T>(e: FramePos, fn: () => T): T {
    try {
      return fn();
    } catch (x) {
      if (x instanceof PyException && !x.where) x.where = e;
      throw x;
    }
  }

  // --- expressions -----------------------------------------------------------------------------
}
