/**
 * A small Python for the simulated `python`/`python3` images' `python3 -c '<script>'`: what the
 * kubernetes.io examples and the usual one-liners run (`import os, sys`, `print`, `os.environ`,
 * `int()`, `if`/`for`/`while`, `def`, `try`, `time.sleep` in virtual time, `sys.exit`), and for
 * anything else the error CPython prints — never a JavaScript one.
 *
 * The parts: ./lexer and ./parser build the tree (./ast), ./interpreter walks it over ./values,
 * with ./builtins, ./methods and ./format; ./errors formats tracebacks.
 */
import type { Program, ProgramStep } from '../programs/types';
import {
  formatSyntaxError,
  formatTraceback,
  NotSimulated,
  PyException,
  PySyntaxError,
} from './errors';
import { Idle, PyInterp, type Gen } from './interpreter';
import { parsePython } from './parser';
import { asInt, PyDict, str, type Py } from './values';

export interface PythonRun {
  script: string;
  /** `sys.argv[1:]`: the arguments after `-c SCRIPT`. */
  args: string[];
  env: Record<string, string>;
  /** `3.13.1`: 3.13 shows source lines in tracebacks. */
  version: string;
  /** `-u`, or PYTHONUNBUFFERED set: stdout written as it is printed. */
  unbuffered: boolean;
  /** Virtual ms now, and the wall-clock ms (epoch) it corresponds to. */
  now: () => number;
  wallAt: (virtualMs: number) => number;
}

/** Virtual ms from exec to the first statement (the interpreter's start-up and imports). */
const STARTUP_MS = 30;

/**
 * Starts `python3 -c SCRIPT` as a lazily stepped {@link Program}. A process without a SIGTERM
 * handler as PID 1 ignores the signal, so `terminate` does nothing (SIGKILL ends it).
 * @example startPython({ script: 'print(1)', args: [], env: {}, version: '3.13.1', … }).next()
 */
export function startPython(run: PythonRun): Program {
  const env = new PyDict();
  for (const [k, v] of Object.entries(run.env)) env.set(k, v);
  const [major, minor] = run.version.split('.').map(Number);
  const showSource = major > 3 || (major === 3 && minor >= 13);
  const startedAt = run.now();
  const py = new PyInterp(
    env,
    ['-c', ...run.args],
    run.version,
    run.unbuffered,
    run.wallAt(startedAt),
  );
  const gen = main(py, run.script, showSource);
  let done = false;
  return {
    listens: [],
    http: () => undefined,
    next: () => {
      if (done) return undefined;
      const r = gen.next();
      if (r.done) {
        done = true;
        return undefined;
      }
      if (r.value.type === 'exit') done = true;
      return r.value;
    },
    terminate: () => [],
  };
}

function* main(py: PyInterp, src: string, showSource: boolean): Gen<void> {
  py.sleep(STARTUP_MS);
  let code = 0;
  try {
    const body = parsePython(src);
    const frame = py.topFrame();
    yield* py.block(body, frame);
  } catch (e) {
    if (e instanceof Idle) {
      yield* py.drain();
      // A loop that never writes again: the process runs on (a busy loop keeps a CPU busy).
      if (e.spinning) yield { afterMs: py.pending, type: 'cpu', cores: 1 };
      return;
    }
    code = report(py, e, src, showSource);
  }
  py.flushAll();
  py.step({ type: 'exit', code });
  yield* py.drain();
}

/** What CPython prints for what ended the script, and its exit status. */
function report(py: PyInterp, e: unknown, src: string, showSource: boolean): number {
  const err = (lines: string[]) => {
    for (const l of lines) py.write('stderr', `${l}\n`, true);
  };
  if (e instanceof PySyntaxError) {
    err(formatSyntaxError(e, src));
    return 1;
  }
  if (e instanceof PyException && e.type === 'SystemExit') return exitStatus(py, e.arg as Py, err);
  if (e instanceof PyException) {
    err(formatTraceback(e, src, showSource));
    return 1;
  }
  if (e instanceof NotSimulated) {
    err([`kubeglass: this simulated python does not implement ${e.what} (a real python runs it)`]);
    return 1;
  }
  // A construct this interpreter lacks would otherwise surface as a JavaScript error.
  if (e instanceof RangeError) {
    err(['Traceback (most recent call last):', 'RecursionError: maximum recursion depth exceeded']);
    return 1;
  }
  throw e;
}

/** sys.exit(arg): None → 0, an int → its low byte, anything else printed to stderr → 1. */
function exitStatus(py: PyInterp, arg: Py, err: (l: string[]) => void): number {
  if (arg === null || arg === undefined) return 0;
  const n = asInt(arg);
  if (n !== undefined) return Number(BigInt.asUintN(8, n));
  err([str(arg)]);
  void py;
  return 1;
}

export type { ProgramStep };
