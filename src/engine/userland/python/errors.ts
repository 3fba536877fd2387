/**
 * Python's exceptions as the small interpreter raises them, and what CPython prints for one that
 * nobody catches (Python/pythonrun.c print_exception, Lib/traceback.py): the traceback of
 * `File "<string>"` frames, the exception's type and message, exit status 1.
 */

/** Where a node is in the script: line, 0-based columns (end on the same line, else -1). */
export interface Pos {
  line: number;
  col: number;
  end: number;
}

/** A traceback frame's position, with CPython 3.13's caret line (`~~~^^^^^^`) for its span. */
export interface FramePos extends Pos {
  marks?: string;
}

/** A raised Python exception (`NameError: name 'x' is not defined`). */
export class PyException {
  /** Frames it went through, innermost last: the line and the function's name. */
  readonly frames: { pos: FramePos; name: string }[] = [];
  /** The innermost expression that raised it, in the frame being unwound. */
  where?: FramePos;
  /** Frames (by call depth) that already recorded it. */
  framed = -1;
  constructor(
    readonly type: string,
    readonly message: string,
    /** For SystemExit: the exit argument (a code, a message, or None). */
    readonly arg?: unknown,
  ) {}
}

/**
 * Something real Python runs that this small interpreter does not (a `class` statement, the
 * `json` module). It is said plainly, as the simulation's limit, rather than dressed up as a
 * Python error a real interpreter would never print.
 */
export class NotSimulated {
  constructor(readonly what: string) {}
}

/** A SyntaxError or IndentationError found before anything runs. */
export class PySyntaxError {
  constructor(
    readonly message: string,
    readonly line: number,
    /** 1-based column of the caret (CPython's offset). */
    readonly offset: number,
    readonly type: 'SyntaxError' | 'IndentationError' = 'SyntaxError',
    /** 1-based column after the highlighted range (CPython's end_offset), if it is one. */
    readonly endOffset?: number,
  ) {}
}

/** The exception types the interpreter knows, child → parent (for `except Exception:`). */
export const EXCEPTION_PARENTS: Record<string, string> = {
  BaseException: '',
  SystemExit: 'BaseException',
  KeyboardInterrupt: 'BaseException',
  Exception: 'BaseException',
  ArithmeticError: 'Exception',
  ZeroDivisionError: 'ArithmeticError',
  LookupError: 'Exception',
  KeyError: 'LookupError',
  IndexError: 'LookupError',
  NameError: 'Exception',
  TypeError: 'Exception',
  ValueError: 'Exception',
  AttributeError: 'Exception',
  RuntimeError: 'Exception',
  NotImplementedError: 'RuntimeError',
  RecursionError: 'RuntimeError',
  ImportError: 'Exception',
  ModuleNotFoundError: 'ImportError',
  OSError: 'Exception',
  EOFError: 'Exception',
  AssertionError: 'Exception',
  StopIteration: 'Exception',
  UnboundLocalError: 'NameError',
};

/** Whether exception type `type` is `base` or derives from it. */
export function isSubclass(type: string, base: string): boolean {
  for (let t: string | undefined = type; t; t = EXCEPTION_PARENTS[t]) if (t === base) return true;
  return false;
}

/**
 * The lines CPython prints on stderr for an uncaught exception. Python 3.13 shows each frame's
 * source line for `-c` too (gh-117174, the `<string>` source kept in linecache), with carets under
 * the failing part unless that is the whole line; earlier versions print the frame lines alone.
 */
export function formatTraceback(e: PyException, src: string, showSource: boolean): string[] {
  const lines = src.split('\n');
  const out = ['Traceback (most recent call last):'];
  for (const f of e.frames) {
    out.push(`  File "<string>", line ${f.pos.line}, in ${f.name}`);
    if (!showSource) continue;
    const text = lines[f.pos.line - 1] ?? '';
    const stripped = text.trim();
    if (!stripped) continue;
    out.push(`    ${stripped}`);
    const indent = text.length - text.trimStart().length;
    const from = f.pos.col - indent;
    const to = f.pos.end - indent;
    const whole = from <= 0 && to >= stripped.length;
    if (f.pos.end >= 0 && to > from && !whole)
      out.push(`    ${' '.repeat(from)}${f.pos.marks ?? '^'.repeat(to - from)}`);
  }
  out.push(e.message === '' ? e.type : `${e.type}: ${e.message}`);
  return out;
}

/** CPython's report of a SyntaxError in `-c` code: the line, a caret, the message. */
export function formatSyntaxError(e: PySyntaxError, src: string): string[] {
  const text = src.split('\n')[e.line - 1] ?? '';
  const stripped = text.trimStart();
  const caret = Math.max(1, e.offset - (text.length - stripped.length));
  return [
    `  File "<string>", line ${e.line}`,
    `    ${stripped.trimEnd()}`,
    `    ${' '.repeat(caret - 1)}${'^'.repeat(Math.max(1, (e.endOffset ?? e.offset + 1) - e.offset))}`,
    `${e.type}: ${e.message}`,
  ];
}
