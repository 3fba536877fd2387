/**
 * A small POSIX-sh interpreter for the simulated containers: `sh -c '<script>'` in busybox,
 * alpine, debian… and plain commands such as `["sleep", "3600"]`.
 *
 * It runs lazily as a generator driven by virtual time: `sleep` adds to the delay before the next
 * step, `echo` yields an output step, `exit` yields the exit step. An infinite loop is therefore
 * produced one step at a time, never built as a list; a loop that never prints again is detected
 * and reported as "runs on quietly forever".
 */
import { EPOCH_MS } from '../sim/clock';
import type { Program, ProgramStep } from './programs';

/** Which /bin/sh the image has: busybox ash (busybox, alpine), dash (debian, ubuntu), bash. */
export type ShellFlavour = 'ash' | 'dash' | 'bash';

/** The answer the simulated network gives to an HTTP client inside the container. */
export type HttpOutcome =
  | { kind: 'ok'; status: number; body: string; ip?: string }
  | { kind: 'unresolvable' }
  | { kind: 'refused'; ip?: string }
  | { kind: 'timeout' };

/** Resolves a URL fetched from inside a container (`wget`, `curl`). */
export type HttpResolver = (url: string) => HttpOutcome;

/** What the interpreter needs to know about its container. */
export interface ShellContext {
  env: Record<string, string>;
  hostname: string;
  podIP: string;
  namespace: string;
  /** Virtual ms (the clock's `now`). */
  now: () => number;
  flavour: ShellFlavour;
  /** Name the shell reports itself as in errors: `sh`, `bash`. */
  argv0: string;
  /** Whether the image has this executable in $PATH (applets, binaries). */
  has: (cmd: string) => boolean;
  /** The network; without one, every host fails to resolve and localhost refuses. */
  http?: HttpResolver;
}

// ---------------------------------------------------------------------------------------------
// Syntax
// ---------------------------------------------------------------------------------------------

type Part =
  | { t: 'lit'; v: string; q: boolean }
  | { t: 'param'; name: string; op: string; arg: Word; q: boolean }
  | { t: 'cmd'; src: string; q: boolean }
  | { t: 'arith'; src: string; q: boolean };
type Word = Part[];
interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}
type Node =
  | { k: 'simple'; assigns: [string, Word][]; words: Word[]; redirs: Redirect[]; line: number }
  | { k: 'pipe'; cmds: Node[]; neg: boolean }
  | { k: 'andor'; first: Node; rest: ['&&' | '||', Node][] }
  | { k: 'seq'; items: { node: Node; bg: boolean }[] }
  | { k: 'loop'; until: boolean; cond: Node; body: Node }
  | { k: 'for'; name: string; words: Word[] | undefined; body: Node }
  | { k: 'if'; branches: [Node, Node][]; otherwise?: Node }
  | { k: 'group'; body: Node; sub: boolean; redirs: Redirect[] }
  | { k: 'func'; name: string; body: Node };

type Token =
  | { type: 'word'; word: Word; raw: string; kw?: string; line: number }
  | { type: 'op'; v: string; line: number }
  | { type: 'redir'; r: Redirect; line: number };

/** A syntax error: `unexpected` token, end of file (`eof`, expecting `want`), or open `quote`. */
class ShSyntaxError extends Error {
  constructor(
    readonly kind: 'unexpected' | 'eof' | 'quote',
    readonly token: string,
    readonly line: number,
    readonly want = '',
  ) {
    super(kind);
  }
}

const OP_CHARS = ';&|()<>\n';
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

function litOnly(w: Word): string | undefined {
  return w.length === 1 && w[0].t === 'lit' && !w[0].q ? w[0].v : undefined;
}

/** Finds the index of the `close` matching an already-open `open` at `i`, skipping quotes. */
function matchClose(s: string, i: number, open: string, close: string, line: number): number {
  let depth = 1;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) throw new ShSyntaxError('quote', "'", line);
      i = j;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      if (i >= s.length) throw new ShSyntaxError('quote', '"', line);
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  throw new ShSyntaxError('eof', '', line, close);
}

class Lexer {
  i = 0;
  line = 1;
  constructor(private s: string) {}

  tokens(): Token[] {
    const out: Token[] = [];
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && s[this.i + 1] === '\n') {
        this.i += 2;
        this.line++;
      } else if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '\n') {
        out.push({ type: 'op', v: '\n', line: this.line++ });
        this.i++;
      } else if (/^\d*[<>]/.test(s.slice(this.i, this.i + 3)) || s.startsWith('&>', this.i)) {
        out.push(...this.redirect());
      } else if (OP_CHARS.includes(c)) {
        const two = s.slice(this.i, this.i + 2);
        const v = ['&&', '||', ';;'].includes(two) ? two : c;
        this.i += v.length;
        out.push({ type: 'op', v, line: this.line });
      } else {
        const start = this.i;
        const line = this.line;
        const word = this.word(false);
        const raw = s.slice(start, this.i);
        out.push({ type: 'word', word, raw, kw: litOnly(word), line });
      }
    }
    return out;
  }

  private redirect(): Token[] {
    const s = this.s;
    const line = this.line;
    if (s.startsWith('&>', this.i)) {
      // bash: `&>file` is `>file 2>&1`
      this.i += 2;
      const target = this.target();
      const two: Word = [{ t: 'lit', v: '1', q: false }];
      return [
        { type: 'redir', r: { fd: 1, op: '>', target }, line },
        { type: 'redir', r: { fd: 2, op: '>&', target: two }, line },
      ];
    }
    const m = /^(\d*)(>>|>&|<&|>|<)/.exec(s.slice(this.i))!;
    this.i += m[0].length;
    const op = m[2] === '<&' ? '<' : (m[2] as Redirect['op']);
    const fd = m[1] ? Number(m[1]) : op === '<' ? 0 : 1;
    return [{ type: 'redir', r: { fd, op, target: this.target() }, line }];
  }

  private target(): Word {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
    if (this.i >= this.s.length || OP_CHARS.includes(this.s[this.i])) {
      throw new ShSyntaxError(
        'unexpected',
        this.s[this.i] === '\n' || !this.s[this.i] ? 'newline' : this.s[this.i],
        this.line,
      );
    }
    return this.word(false);
  }

  /** Reads a word (or, with `dq`, the inside of double quotes up to the closing quote). */
  word(dq: boolean): Word {
    const s = this.s;
    const parts: Word = [];
    const lit = (v: string, q: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.t === 'lit' && last.q === q) last.v += v;
      else parts.push({ t: 'lit', v, q });
    };
    while (this.i < s.length) {
      const c = s[this.i];
      if (dq) {
        if (c === '"') break;
      } else if (c === ' ' || c === '\t' || c === '\r' || OP_CHARS.includes(c)) break;
      if (c === '\\') {
        const n = s[this.i + 1];
        this.i += 2;
        if (n === undefined) lit('\\', dq);
        else if (n === '\n') this.line++;
        else if (!dq || '$`"\\'.includes(n)) lit(n, true);
        else lit(`\\${n}`, true);
      } else if (c === "'" && !dq) {
        const j = s.indexOf("'", this.i + 1);
        if (j < 0) throw new ShSyntaxError('quote', "'", this.line);
        lit(s.slice(this.i + 1, j), true);
        this.line += s.slice(this.i, j).split('\n').length - 1;
        this.i = j + 1;
      } else if (c === '"' && !dq) {
        this.i++;
        const inner = this.word(true);
        if (s[this.i] !== '"') throw new ShSyntaxError('quote', '"', this.line);
        this.i++;
        if (inner.length === 0) lit('', true);
        for (const p of inner)
          if (p.t === 'lit') lit(p.v, true);
          else parts.push(p);
      } else if (c === '$') {
        const p = this.dollar(dq);
        if (p.t === 'lit') lit(p.v, p.q);
        else parts.push(p);
      } else if (c === '`') {
        const j = s.indexOf('`', this.i + 1);
        if (j < 0) throw new ShSyntaxError('quote', '`', this.line);
        parts.push({ t: 'cmd', src: s.slice(this.i + 1, j), q: dq });
        this.i = j + 1;
      } else {
        if (c === '\n') this.line++;
        lit(c, dq);
        this.i++;
      }
    }
    return parts;
  }

  private dollar(q: boolean): Part {
    const s = this.s;
    const rest = s.slice(this.i + 1);
    if (rest.startsWith('((')) {
      const end = matchClose(s, this.i + 3, '(', ')', this.line);
      if (s[end + 1] !== ')') throw new ShSyntaxError('eof', '', this.line, '))');
      const src = s.slice(this.i + 3, end);
      this.i = end + 2;
      return { t: 'arith', src, q };
    }
    if (rest.startsWith('(')) {
      const end = matchClose(s, this.i + 2, '(', ')', this.line);
      const src = s.slice(this.i + 2, end);
      this.i = end + 1;
      return { t: 'cmd', src, q };
    }
    if (rest.startsWith('{')) {
      const end = matchClose(s, this.i + 2, '{', '}', this.line);
      const inner = s.slice(this.i + 2, end);
      this.i = end + 1;
      if (inner.startsWith('#') && inner.length > 1) {
        return { t: 'param', name: inner.slice(1), op: '#len', arg: [], q };
      }
      const name = NAME_RE.exec(inner)?.[0] ?? inner.slice(0, 1);
      const after = inner.slice(name.length);
      const op = /^(:-|:=|:\+|:\?|-|=|\+|\?|%%|%|##|#)?/.exec(after)?.[0] ?? '';
      const sub = new Lexer(after.slice(op.length));
      return { t: 'param', name, op, arg: sub.word(true), q };
    }
    const name = NAME_RE.exec(rest)?.[0] ?? (/^[?$#@*!0-9-]/.test(rest) ? rest[0] : '');
    this.i += 1 + name.length;
    if (!name) return { t: 'lit', v: '$', q };
    return { t: 'param', name, op: '', arg: [], q };
  }
}

const RESERVED = new Set(['then', 'do', 'done', 'fi', 'elif', 'else', '}', 'esac', 'in']);

class Parser {
  p = 0;
  constructor(private toks: Token[]) {}

  parse(): Node {
    const n = this.list([]);
    const t = this.toks[this.p];
    if (t) throw this.unexpected(t);
    return n;
  }

  private peek(): Token | undefined {
    return this.toks[this.p];
  }
  private isOp(t: Token | undefined, v: string): boolean {
    return t?.type === 'op' && t.v === v;
  }
  private isKw(t: Token | undefined, kw: string): boolean {
    return t?.type === 'word' && t.kw === kw;
  }
  private lastLine(): number {
    return this.toks[this.toks.length - 1]?.line ?? 1;
  }
  private unexpected(t: Token): ShSyntaxError {
    const tok =
      t.type === 'word' ? t.raw : t.type === 'op' ? (t.v === '\n' ? 'newline' : t.v) : '>';
    return new ShSyntaxError('unexpected', tok, t.line);
  }
  private expect(kw: string): void {
    const t = this.peek();
    if (!t) throw new ShSyntaxError('eof', '', this.lastLine(), kw);
    if (kw === ')' ? !this.isOp(t, ')') : !this.isKw(t, kw)) throw this.unexpected(t);
    this.p++;
  }
  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.p++;
  }

  private list(stop: string[]): Node {
    const items: { node: Node; bg: boolean }[] = [];
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (!t || this.isOp(t, ')') || this.isOp(t, ';;')) break;
      if (t.type === 'word' && t.kw !== undefined && stop.includes(t.kw)) break;
      const node = this.andOr();
      const sep = this.peek();
      const bg = this.isOp(sep, '&');
      items.push({ node, bg });
      if (bg || this.isOp(sep, ';') || this.isOp(sep, '\n')) this.p++;
      else break;
      this.skipNewlines();
    }
    if (items.length === 0) {
      const t = this.peek();
      if (t) throw this.unexpected(t);
      if (stop.length) throw new ShSyntaxError('eof', '', this.lastLine(), stop[0]);
    }
    return { k: 'seq', items };
  }

  private andOr(): Node {
    const first = this.pipeline();
    const rest: ['&&' | '||', Node][] = [];
    for (let t = this.peek(); this.isOp(t, '&&') || this.isOp(t, '||'); t = this.peek()) {
      this.p++;
      this.skipNewlines();
      rest.push([(t as { v: '&&' | '||' }).v, this.pipeline()]);
    }
    return rest.length ? { k: 'andor', first, rest } : first;
  }

  private pipeline(): Node {
    let neg = false;
    if (this.isKw(this.peek(), '!')) {
      neg = true;
      this.p++;
    }
    const cmds = [this.command()];
    while (this.isOp(this.peek(), '|')) {
      this.p++;
      this.skipNewlines();
      cmds.push(this.command());
    }
    return cmds.length > 1 || neg ? { k: 'pipe', cmds, neg } : cmds[0];
  }

  private redirs(): Redirect[] {
    const out: Redirect[] = [];
    for (let t = this.peek(); t?.type === 'redir'; t = this.peek()) {
      out.push(t.r);
      this.p++;
    }
    return out;
  }

  private command(): Node {
    const t = this.peek();
    if (!t) throw new ShSyntaxError('eof', '', this.lastLine());
    if (this.isOp(t, '(')) {
      this.p++;
      const body = this.list([]);
      this.expect(')');
      return { k: 'group', body, sub: true, redirs: this.redirs() };
    }
    if (t.type === 'op') throw this.unexpected(t);
    if (t.type === 'word') {
      switch (t.kw) {
        case '{': {
          this.p++;
          const body = this.list(['}']);
          this.expect('}');
          return { k: 'group', body, sub: false, redirs: this.redirs() };
        }
        case 'while':
        case 'until': {
          this.p++;
          const cond = this.list(['do']);
          this.expect('do');
          const body = this.list(['done']);
          this.expect('done');
          return { k: 'loop', until: t.kw === 'until', cond, body };
        }
        case 'for':
          return this.forLoop();
        case 'if': {
          this.p++;
          const branches: [Node, Node][] = [];
          let otherwise: Node | undefined;
          for (;;) {
            const cond = this.list(['then']);
            this.expect('then');
            branches.push([cond, this.list(['elif', 'else', 'fi'])]);
            if (this.isKw(this.peek(), 'elif')) this.p++;
            else break;
          }
          if (this.isKw(this.peek(), 'else')) {
            this.p++;
            otherwise = this.list(['fi']);
          }
          this.expect('fi');
          return { k: 'if', branches, otherwise };
        }
        default:
          if (t.kw !== undefined && RESERVED.has(t.kw)) throw this.unexpected(t);
      }
      // name() { …; }
      const next = this.toks[this.p + 1];
      if (
        t.kw &&
        NAME_RE.test(t.kw) &&
        this.isOp(next, '(') &&
        this.isOp(this.toks[this.p + 2], ')')
      ) {
        this.p += 3;
        this.skipNewlines();
        return { k: 'func', name: t.kw, body: this.command() };
      }
    }
    return this.simple();
  }

  private forLoop(): Node {
    this.p++;
    const nameTok = this.peek();
    if (nameTok?.type !== 'word' || !nameTok.kw) {
      throw nameTok ? this.unexpected(nameTok) : new ShSyntaxError('eof', '', this.lastLine());
    }
    this.p++;
    this.skipNewlines();
    let words: Word[] | undefined;
    if (this.isKw(this.peek(), 'in')) {
      this.p++;
      words = [];
      for (let t = this.peek(); t?.type === 'word'; t = this.peek()) {
        words.push(t.word);
        this.p++;
      }
    }
    if (this.isOp(this.peek(), ';') || this.isOp(this.peek(), '\n')) this.p++;
    this.skipNewlines();
    this.expect('do');
    const body = this.list(['done']);
    this.expect('done');
    return { k: 'for', name: nameTok.kw, words, body };
  }

  private simple(): Node {
    const assigns: [string, Word][] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    const line = this.peek()?.line ?? 1;
    for (let t = this.peek(); t && t.type !== 'op'; t = this.peek()) {
      this.p++;
      if (t.type === 'redir') {
        redirs.push(t.r);
        continue;
      }
      const first = t.word[0];
      const lit = first?.t === 'lit' && !first.q ? first.v : undefined;
      const m = lit === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(lit);
      if (m && lit !== undefined && words.length === 0) {
        const value: Word = [{ t: 'lit', v: lit.slice(m[0].length), q: false }, ...t.word.slice(1)];
        assigns.push([m[1], value]);
      } else words.push(t.word);
    }
    if (!words.length && !assigns.length && !redirs.length) {
      const t = this.peek();
      throw t ? this.unexpected(t) : new ShSyntaxError('eof', '', this.lastLine());
    }
    return { k: 'simple', assigns, words, redirs, line };
  }
}

/** Parses a script; throws {@link ShSyntaxError}. */
function parseScript(src: string): Node {
  return new Parser(new Lexer(src).tokens()).parse();
}

/** sh's own message for a syntax error, per shell. */
function syntaxMessage(
  e: ShSyntaxError,
  flavour: ShellFlavour,
  argv0: string,
  src: string,
): string[] {
  const line = e.line;
  if (flavour === 'ash') {
    // busybox shell/ash.c raise_error_unexpected_syntax
    if (e.kind === 'quote') return [`${argv0}: syntax error: unterminated quoted string`];
    if (e.kind === 'eof') {
      return [
        `${argv0}: syntax error: unexpected end of file${e.want ? ` (expecting "${e.want}")` : ''}`,
      ];
    }
    return [`${argv0}: syntax error: unexpected "${e.token}"`];
  }
  if (flavour === 'dash') {
    if (e.kind === 'quote') return [`${argv0}: ${line}: Syntax error: Unterminated quoted string`];
    if (e.kind === 'eof') {
      return [
        `${argv0}: ${line}: Syntax error: end of file unexpected${e.want ? ` (expecting "${e.want}")` : ''}`,
      ];
    }
    return [`${argv0}: ${line}: Syntax error: "${e.token}" unexpected`];
  }
  if (e.kind === 'quote') {
    return [`${argv0}: -c: line ${line}: unexpected EOF while looking for matching \`${e.token}'`];
  }
  if (e.kind === 'eof')
    return [`${argv0}: -c: line ${line + 1}: syntax error: unexpected end of file`];
  return [
    `${argv0}: -c: line ${line}: syntax error near unexpected token \`${e.token}'`,
    `${argv0}: -c: line ${line}: \`${src.split('\n')[line - 1] ?? ''}'`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Execution
// ---------------------------------------------------------------------------------------------

type Gen<T> = Generator<ProgramStep, T, undefined>;

/** `exit N` (or a fatal error): unwinds to the top of the (sub)shell. */
class ExitSignal {
  constructor(readonly code: number) {}
}
/** The process blocks forever without output (`sleep infinity`, `tail -f`, an idle loop). */
class QuietForever {}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}

/** Where a file descriptor writes. */
type Sink =
  | { kind: 'out'; stream: 'stdout' | 'stderr' }
  | { kind: 'null' }
  | { kind: 'buf'; chunks: string[] }
  | { kind: 'file'; path: string };
interface Stdin {
  data: string;
  pos: number;
}
interface IO {
  stdout: Sink;
  stderr: Sink;
  stdin?: Stdin;
}

/** Loop iterations (or commands) without a step before the shell is declared quietly idle. */
const IDLE_LIMIT = 10_000;
const DAY_MS = 86_400_000;
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Builtins of every shell here: they exist even when the image has no such binary. */
const BUILTINS = new Set([
  'echo',
  'printf',
  'test',
  '[',
  'true',
  'false',
  ':',
  'exit',
  'export',
  'unset',
  'set',
  'trap',
  'wait',
  'cd',
  'pwd',
  'read',
  'shift',
  'return',
  'local',
  'eval',
  'exec',
  'break',
  'continue',
  'kill',
  'readonly',
  'umask',
  'ulimit',
  'type',
  'command',
  'let',
  'source',
  '.',
]);

const SIGNALS: Record<string, string> = {
  '0': 'EXIT',
  EXIT: 'EXIT',
  '1': 'HUP',
  HUP: 'HUP',
  '2': 'INT',
  INT: 'INT',
  '3': 'QUIT',
  QUIT: 'QUIT',
  '15': 'TERM',
  TERM: 'TERM',
};

function signalName(s: string): string | undefined {
  return SIGNALS[s.toUpperCase().replace(/^SIG/, '')];
}

/** busybox/coreutils `date` formatting of a UTC instant. */
export function formatDate(ms: number, fmt = '%a %b %e %H:%M:%S %Z %Y'): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const map: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    m: () => p2(d.getUTCMonth() + 1),
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => p2(d.getUTCHours()),
    k: () => String(d.getUTCHours()).padStart(2, ' '),
    I: () => p2(((d.getUTCHours() + 11) % 12) + 1),
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    N: () => String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0'),
    s: () => String(Math.floor(ms / 1000)),
    a: () => days[d.getUTCDay()],
    A: () =>
      ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()],
    b: () => months[d.getUTCMonth()],
    h: () => months[d.getUTCMonth()],
    B: () => new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(d),
    Z: () => 'UTC',
    z: () => '+0000',
    T: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    R: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`,
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    D: () => `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => (map[c] ? map[c]() : m));
}

/** Backslash escapes of `echo -e` and `printf`; `\c` stops all further output. */
function unescape(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i === s.length - 1) {
      out += s[i];
      continue;
    }
    const c = s[++i];
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      e: '\x1b',
      '\\': '\\',
    };
    if (c in simple) out += simple[c];
    else if (c === 'c') return { text: out, stop: true };
    else if (c === '0' || /[1-7]/.test(c)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(c === '0' ? i + 1 : i))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += c === '0' ? m.length : m.length - 1;
    } else out += `\\${c}`;
  }
  return { text: out, stop: false };
}

/** printf(1): %s %d %i %u %x %X %o %c %f %e %g %b %%, with flags, width and precision. */
function formatPrintf(fmt: string, args: string[]): string {
  let out = '';
  let ai = 0;
  do {
    const start = ai;
    let stop = false;
    out += fmt.replace(
      /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiuxXocfeEgGb%])|\\(?:[0-7]{1,3}|.)/g,
      (m, flags: string, w: string, prec: string, conv: string) => {
        if (stop) return '';
        if (m.startsWith('\\')) {
          const r = unescape(m);
          stop = r.stop;
          return r.text;
        }
        if (conv === '%') return '%';
        const arg = args[ai++] ?? '';
        let s: string;
        const num = () => {
          const n = /^'./.test(arg) ? arg.charCodeAt(1) : Number(arg || 0);
          return Number.isFinite(n) ? n : 0;
        };
        switch (conv) {
          case 'd':
          case 'i':
          case 'u':
            s = String(Math.trunc(num()));
            break;
          case 'x':
            s = Math.trunc(num()).toString(16);
            break;
          case 'X':
            s = Math.trunc(num()).toString(16).toUpperCase();
            break;
          case 'o':
            s = Math.trunc(num()).toString(8);
            break;
          case 'c':
            s = arg.slice(0, 1);
            break;
          case 'f':
            s = num().toFixed(prec === undefined ? 6 : Number(prec));
            break;
          case 'e':
          case 'E':
            s = num()
              .toExponential(prec === undefined ? 6 : Number(prec))
              .replace(/e([+-])(\d)$/, 'e$10$2');
            if (conv === 'E') s = s.toUpperCase();
            break;
          case 'g':
          case 'G':
            s = String(
              Number(num().toPrecision(prec === undefined ? 6 : Math.max(1, Number(prec)))),
            );
            break;
          case 'b': {
            const r = unescape(arg);
            stop = r.stop;
            s = r.text;
            break;
          }
          default:
            s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
        }
        if (flags?.includes('+') && /^[dif]$/.test(conv) && !s.startsWith('-')) s = `+${s}`;
        const width = w === '*' ? 0 : Number(w ?? 0);
        if (s.length < width) {
          if (flags?.includes('-')) s = s.padEnd(width);
          else if (flags?.includes('0') && /[diuxXofeg]/.test(conv)) {
            const neg = s.startsWith('-');
            s = (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), '0');
          } else s = s.padStart(width);
        }
        return s;
      },
    );
    if (stop || ai === start) break;
  } while (ai < args.length);
  return out;
}

/** A shell glob (`*`, `?`, `[…]`) as an anchored regular expression source. */
function globSource(pat: string): string {
  let re = '';
  for (const c of pat) {
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return re;
}

/** Parses a sleep(1) duration: `5`, `0.5`, `2s`, `1m`, `1h`, `1d`, `infinity`; NaN if invalid. */
export function parseSleepArg(a: string): number {
  if (a === 'inf' || a === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
  if (!m) return NaN;
  const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }[
    m[2] as '' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * mult;
}

/** `$((…))`: integer arithmetic with C precedence, variables read and assigned by name. */
function evalArith(
  src: string,
  get: (n: string) => string | undefined,
  set: (n: string, v: number) => void,
): number {
  const toks =
    src.match(
      /0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%]=|\+\+|--|\S/g,
    ) ?? [];
  let i = 0;
  const PREC: Record<string, number> = {
    '||': 1,
    '&&': 2,
    '|': 3,
    '^': 4,
    '&': 5,
    '==': 6,
    '!=': 6,
    '<': 7,
    '>': 7,
    '<=': 7,
    '>=': 7,
    '<<': 8,
    '>>': 8,
    '+': 9,
    '-': 9,
    '*': 10,
    '/': 10,
    '%': 10,
    '**': 11,
  };
  const num = (t: string) =>
    /^0[xX]/.test(t) ? parseInt(t, 16) : /^0\d/.test(t) ? parseInt(t, 8) : Number(t);
  const value = (name: string): number => {
    const v = (get(name) ?? '').trim();
    if (v === '') return 0;
    if (/^-?(0[xX][0-9a-fA-F]+|\d+)$/.test(v)) return v.startsWith('-') ? -num(v.slice(1)) : num(v);
    throw new Error('syntax');
  };
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||':
        return a || b ? 1 : 0;
      case '&&':
        return a && b ? 1 : 0;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&':
        return a & b;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '<':
        return a < b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '**':
        return a ** b;
      default:
        if (b === 0) throw new Error('zero');
        return op === '/' ? Math.trunc(a / b) : a % b;
    }
  };
  const unary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new Error('syntax');
    if (t === '-') return -unary();
    if (t === '+') return unary();
    if (t === '!') return unary() ? 0 : 1;
    if (t === '~') return ~unary();
    if (t === '(') {
      const v = assignment();
      if (toks[i++] !== ')') throw new Error('syntax');
      return v;
    }
    if ((t === '++' || t === '--') && NAME_RE.test(toks[i] ?? '')) {
      const name = toks[i++];
      const v = value(name) + (t === '++' ? 1 : -1);
      set(name, v);
      return v;
    }
    if (/^\d|^0[xX]/.test(t)) return num(t);
    if (NAME_RE.test(t)) {
      const v = value(t);
      if (toks[i] === '++' || toks[i] === '--') set(t, v + (toks[i++] === '++' ? 1 : -1));
      return v;
    }
    throw new Error('syntax');
  };
  const binary = (min: number): number => {
    let left = unary();
    for (let op = toks[i]; op !== undefined && (PREC[op] ?? 0) > min; op = toks[i]) {
      i++;
      left = apply(op, left, binary(op === '**' ? PREC[op] - 1 : PREC[op]));
    }
    return left;
  };
  const assignment = (): number => {
    const [name, op] = [toks[i], toks[i + 1]];
    if (name && NAME_RE.test(name) && /^([-+*/%]?=)$/.test(op ?? '') && op !== '==') {
      i += 2;
      const r = assignment();
      const v = op === '=' ? r : apply(op[0], value(name), r);
      set(name, v);
      return v;
    }
    const c = binary(0);
    if (toks[i] !== '?') return c;
    i++;
    const a = assignment();
    if (toks[i++] !== ':') throw new Error('syntax');
    const b = assignment();
    return c ? a : b;
  };
  if (toks.length === 0) return 0;
  const v = assignment();
  if (i < toks.length) throw new Error('syntax');
  return v;
}

const ROOT_DIRS: Record<ShellFlavour, string[]> = {
  ash: [
    'bin',
    'dev',
    'etc',
    'home',
    'lib',
    'media',
    'mnt',
    'opt',
    'proc',
    'root',
    'run',
    'sbin',
    'srv',
    'sys',
    'tmp',
    'usr',
    'var',
  ],
  dash: [
    'bin',
    'boot',
    'dev',
    'etc',
    'home',
    'lib',
    'lib64',
    'media',
    'mnt',
    'opt',
    'proc',
    'root',
    'run',
    'sbin',
    'srv',
    'sys',
    'tmp',
    'usr',
    'var',
  ],
  bash: [
    'bin',
    'boot',
    'dev',
    'etc',
    'home',
    'lib',
    'lib64',
    'media',
    'mnt',
    'opt',
    'proc',
    'root',
    'run',
    'sbin',
    'srv',
    'sys',
    'tmp',
    'usr',
    'var',
  ],
};
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The interpreter's state: variables, files, traps and the virtual-time bookkeeping. */
class Shell {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly funcs = new Map<string, Node>();
  readonly traps = new Map<string, string>();
  readonly fs = new Map<string, string>();
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
  private idle = 0;
  /** Steps yielded so far, and whether the clock or $RANDOM was read: for idle-loop detection. */
  private emitted = 0;
  private clockRead = false;
  private bgUntil = 0;
  private errexit = false;
  private condDepth = 0;
  private line = 1;
  private subStatus = 0;
  private cwd = '/';
  private rand: number;
  private lineBuf = { stdout: '', stderr: '' };
  private parsed = new Map<string, Node>();
  private readonly busybox: boolean;

  constructor(readonly ctx: ShellContext) {
    this.startedAt = ctx.now();
    for (const [k, v] of Object.entries(ctx.env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    this.busybox = ctx.flavour === 'ash';
    this.rand = [...ctx.hostname].reduce((h, c) => (h * 31 + c.charCodeAt(0)) & 0x7fffffff, 7);
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
    else if (sink.kind === 'file') this.fs.set(sink.path, (this.fs.get(sink.path) ?? '') + text);
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

  private *err(io: IO, msg: string): Gen<void> {
    yield* this.write(io.stderr, `${msg}\n`);
  }

  private *flush(): Gen<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.lineBuf[stream];
      this.lineBuf[stream] = '';
      if (rest) yield* this.emit(stream, rest);
    }
  }

  private delay(ms: number): void {
    if (ms === Infinity) throw new QuietForever();
    this.pending += ms;
    this.elapsed += ms;
  }

  /** Everything a loop condition can observe, but the clock. */
  private fingerprint(): string {
    return JSON.stringify([[...this.vars], [...this.fs], this.status, this.cwd, this.positional]);
  }

  private tick(): void {
    if (++this.idle > IDLE_LIMIT) throw new QuietForever();
  }

  /** Wall-clock ms (Unix epoch) of the shell's current virtual instant. */
  private wallNow(): number {
    return EPOCH_MS + this.startedAt + this.elapsed;
  }

  /** The shell's error prefix: `sh: `, dash `sh: 1: `, bash `bash: line 1: `. */
  private prefix(): string {
    const { flavour, argv0 } = this.ctx;
    if (flavour === 'dash') return `${argv0}: ${this.line}: `;
    if (flavour === 'bash') return `${argv0}: line ${this.line}: `;
    return `${argv0}: `;
  }

  private parseCached(src: string): Node {
    let n = this.parsed.get(src);
    if (!n) {
      n = parseScript(src);
      this.parsed.set(src, n);
    }
    return n;
  }

  // --- running a program -------------------------------------------------------------------

  /** Wraps a body into a {@link Program}: lazily stepped, with SIGTERM handled through `trap`. */
  program(body: () => Gen<number>): Program {
    const main = this.top(body);
    let exited = false;
    let quiet = false;
    const take = (gen: Gen<unknown>, limit: number): ProgramStep[] => {
      const steps: ProgramStep[] = [];
      while (steps.length < limit) {
        const r = gen.next();
        if (r.done) break;
        steps.push(r.value);
        if (r.value.type === 'exit') {
          exited = true;
          break;
        }
      }
      return steps;
    };
    return {
      listens: [],
      http: () => undefined,
      next: () => {
        if (exited || quiet) return undefined;
        const [step] = take(main, 1);
        // No step and no exit: the process blocks forever (an idle loop, `sleep infinity`).
        if (!step) quiet = true;
        return step;
      },
      terminate: () => {
        // PID 1 has no default signal actions: without a trap, SIGTERM is ignored until SIGKILL.
        const action = this.traps.get('TERM');
        if (exited || !action) return [];
        this.elapsed = this.ctx.now() - this.startedAt;
        this.pending = 0;
        this.idle = 0;
        return take(this.trapRun(action), 1000);
      },
    };
  }

  private *top(body: () => Gen<number>): Gen<void> {
    let code: number;
    try {
      code = yield* body();
    } catch (e) {
      if (e instanceof QuietForever) return;
      code = this.codeOf(e);
    }
    yield* this.finish(code);
  }

  private *trapRun(action: string): Gen<void> {
    try {
      yield* this.exec(this.parseCached(action), this.io);
    } catch (e) {
      if (e instanceof QuietForever) return;
      yield* this.finish(this.codeOf(e));
    }
  }

  private codeOf(e: unknown): number {
    if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.code;
    if (e instanceof LoopSignal) return this.status;
    throw e;
  }

  /** Runs the EXIT trap, flushes partial lines and yields the exit step. */
  private *finish(code: number): Gen<void> {
    const action = this.traps.get('EXIT');
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

  // --- the tree walker ---------------------------------------------------------------------

  *exec(node: Node, io: IO): Gen<number> {
    switch (node.k) {
      case 'simple':
        return yield* this.simple(node, io);
      case 'seq': {
        let st = this.status;
        for (const { node: n, bg } of node.items) {
          st = bg ? yield* this.background(n, io) : yield* this.exec(n, io);
          this.status = st;
          if (this.errexit && st !== 0 && this.condDepth === 0 && n.k === 'simple')
            throw new ExitSignal(st);
        }
        return st;
      }
      case 'andor': {
        this.condDepth++;
        let st: number;
        try {
          st = yield* this.exec(node.first, io);
          for (const [op, n] of node.rest) {
            this.status = st;
            if ((op === '&&') === (st === 0)) st = yield* this.exec(n, io);
          }
        } finally {
          this.condDepth--;
        }
        return (this.status = st);
      }
      case 'pipe': {
        let stdin = io.stdin;
        let st = 0;
        for (let i = 0; i < node.cmds.length; i++) {
          const last = i === node.cmds.length - 1;
          const chunks: string[] = [];
          const cio: IO = { ...io, stdin, stdout: last ? io.stdout : { kind: 'buf', chunks } };
          st = yield* this.exec(node.cmds[i], cio);
          stdin = { data: chunks.join(''), pos: 0 };
        }
        return (this.status = node.neg ? (st === 0 ? 1 : 0) : st);
      }
      case 'loop': {
        let st = 0;
        let previous: string | undefined;
        for (;;) {
          this.tick();
          // An iteration that printed nothing, read no clock and left the state as the previous
          // one did will repeat forever: the loop is idle (`while true; do sleep 1; done`).
          const emitted = this.emitted;
          this.clockRead = false;
          this.condDepth++;
          let c: number;
          try {
            c = yield* this.exec(node.cond, io);
          } finally {
            this.condDepth--;
          }
          if ((c === 0) === node.until) break;
          const r = yield* this.loopBody(node.body, io);
          st = r.status;
          if (r.brk) break;
          if (this.emitted === emitted && !this.clockRead) {
            const state = this.fingerprint();
            if (state === previous) throw new QuietForever();
            previous = state;
          } else previous = undefined;
        }
        return (this.status = st);
      }
      case 'for': {
        const items: string[] = [];
        if (node.words) for (const w of node.words) items.push(...(yield* this.expand(w)));
        else items.push(...this.positional);
        let st = 0;
        for (const item of items) {
          this.tick();
          this.vars.set(node.name, item);
          const r = yield* this.loopBody(node.body, io);
          st = r.status;
          if (r.brk) break;
        }
        return (this.status = st);
      }
      case 'if': {
        for (const [cond, body] of node.branches) {
          this.condDepth++;
          let c: number;
          try {
            c = yield* this.exec(cond, io);
          } finally {
            this.condDepth--;
          }
          if (c === 0) return yield* this.exec(body, io);
        }
        return node.otherwise ? yield* this.exec(node.otherwise, io) : (this.status = 0);
      }
      case 'group': {
        const rio = yield* this.redirect(node.redirs, io);
        if (!rio) return (this.status = 1);
        if (!node.sub) return yield* this.exec(node.body, rio);
        const saved = new Map(this.vars);
        try {
          return yield* this.exec(node.body, rio);
        } catch (e) {
          if (e instanceof QuietForever) throw e;
          return (this.status = this.codeOf(e));
        } finally {
          this.vars.clear();
          for (const [k, v] of saved) this.vars.set(k, v);
        }
      }
      case 'func':
        this.funcs.set(node.name, node.body);
        return (this.status = 0);
    }
  }

  private *loopBody(body: Node, io: IO): Gen<{ status: number; brk: boolean }> {
    try {
      return { status: yield* this.exec(body, io), brk: false };
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (--e.levels > 0) throw e;
      return { status: 0, brk: e.kind === 'break' };
    }
  }

  /** `cmd &`: a background `sleep` is tracked for `wait`; anything else runs in the foreground. */
  private *background(n: Node, io: IO): Gen<number> {
    if (n.k === 'simple' && n.words.length >= 2 && litOnly(n.words[0]) === 'sleep') {
      const args: string[] = [];
      for (const w of n.words.slice(1)) args.push(...(yield* this.expand(w)));
      const ms = args.reduce((a, s) => a + parseSleepArg(s), 0);
      if (!Number.isNaN(ms)) {
        this.bgUntil = Math.max(this.bgUntil, this.elapsed + ms);
        return 0;
      }
    }
    yield* this.exec(n, io);
    return 0;
  }

  private *simple(node: Extract<Node, { k: 'simple' }>, io: IO): Gen<number> {
    this.tick();
    this.line = node.line;
    this.subStatus = 0;
    const argv: string[] = [];
    for (const w of node.words) argv.push(...(yield* this.expand(w)));
    const assigned: [string, string][] = [];
    for (const [name, w] of node.assigns) assigned.push([name, yield* this.expandStr(w)]);
    const rio = yield* this.redirect(node.redirs, io);
    if (!rio) return (this.status = 1);
    if (argv.length === 0) {
      for (const [k, v] of assigned) this.vars.set(k, v);
      return (this.status = this.subStatus);
    }
    const saved = assigned.map(([k]) => [k, this.vars.get(k), this.exported.has(k)] as const);
    for (const [k, v] of assigned) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    try {
      return (this.status = yield* this.run(argv, rio));
    } finally {
      for (const [k, v, ex] of saved) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
        if (!ex) this.exported.delete(k);
      }
    }
  }

  private resolvePath(p: string): string {
    const abs = p.startsWith('/') ? p : `${this.cwd.replace(/\/$/, '')}/${p}`;
    const out: string[] = [];
    for (const seg of abs.split('/')) {
      if (seg === '..') out.pop();
      else if (seg && seg !== '.') out.push(seg);
    }
    return `/${out.join('/')}`;
  }

  /** A file's content: written files first, then the files the kubelet and runtime provide. */
  private readFile(p: string): string | undefined {
    const path = this.resolvePath(p);
    const written = this.fs.get(path);
    if (written !== undefined) return written;
    const { hostname, podIP, namespace } = this.ctx;
    switch (path) {
      case '/etc/hostname':
        return `${hostname}\n`;
      case '/etc/hosts':
        // k/k: pkg/kubelet/kubelet_pods.go managedHostsFileContent
        return [
          '# Kubernetes-managed hosts file.',
          '127.0.0.1\tlocalhost',
          '::1\tlocalhost ip6-localhost ip6-loopback',
          'fe00::0\tip6-localnet',
          'fe00::0\tip6-mcastprefix',
          'fe00::1\tip6-allnodes',
          'fe00::2\tip6-allrouters',
          `${podIP}\t${hostname}`,
          '',
        ].join('\n');
      case '/etc/resolv.conf':
        return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
      case `${SA_DIR}/namespace`:
        return namespace;
      case '/dev/null':
        return '';
      default:
        return undefined;
    }
  }

  private listDir(p: string): string[] | undefined {
    const path = this.resolvePath(p);
    const known: Record<string, string[]> = {
      '/': ROOT_DIRS[this.ctx.flavour],
      '/etc': ['hostname', 'hosts', 'resolv.conf'],
      [SA_DIR]: ['ca.crt', 'namespace', 'token'],
      '/tmp': [],
    };
    const entries = new Set(known[path] ?? []);
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const f of this.fs.keys())
      if (f.startsWith(prefix)) entries.add(f.slice(prefix.length).split('/')[0]);
    if (!known[path] && entries.size === 0) return undefined;
    return [...entries].sort();
  }

  private *redirect(redirs: Redirect[], io: IO): Gen<IO | undefined> {
    const out: IO = { ...io };
    for (const r of redirs) {
      const target = yield* this.expandStr(r.target);
      if (r.op === '>&') {
        const sink =
          target === '1'
            ? out.stdout
            : target === '2'
              ? out.stderr
              : target === '-'
                ? ({ kind: 'null' } as Sink)
                : undefined;
        if (sink && r.fd === 1) out.stdout = sink;
        else if (sink && r.fd === 2) out.stderr = sink;
        continue;
      }
      const path = this.resolvePath(target);
      if (r.op === '<') {
        const data = this.readFile(path);
        if (data === undefined) {
          yield* this.err(
            io,
            `${this.prefix()}${this.ctx.flavour === 'dash' ? `cannot open ${target}: No such file` : `can't open '${target}': No such file or directory`}`,
          );
          return undefined;
        }
        out.stdin = { data, pos: 0 };
        continue;
      }
      const special: Record<string, Sink> = {
        '/dev/null': { kind: 'null' },
        '/dev/stdout': io.stdout,
        '/dev/stderr': io.stderr,
        '/proc/1/fd/1': { kind: 'out', stream: 'stdout' },
        '/proc/1/fd/2': { kind: 'out', stream: 'stderr' },
      };
      const sink: Sink = special[path] ?? { kind: 'file', path };
      if (sink.kind === 'file' && (r.op === '>' || !this.fs.has(path))) this.fs.set(path, '');
      if (r.fd === 1) out.stdout = sink;
      else if (r.fd === 2) out.stderr = sink;
    }
    return out;
  }

  // --- expansion ---------------------------------------------------------------------------

  /** Expands a word into fields: parameter, command and arithmetic expansion, then splitting. */
  private *expand(w: Word): Gen<string[]> {
    const fields: string[] = [];
    let cur = '';
    let has = false;
    for (const p of w) {
      if (p.t === 'lit') {
        cur += p.v;
        has ||= p.q || p.v !== '';
        continue;
      }
      const v = yield* this.partValue(p);
      if (p.q) {
        cur += v;
        has = true;
        continue;
      }
      if (v === '') continue;
      const pieces = v.split(/[ \t\n]+/);
      pieces.forEach((piece, i) => {
        if (i > 0 && has) {
          fields.push(cur);
          cur = '';
          has = false;
        }
        if (piece) {
          cur += piece;
          has = true;
        }
      });
    }
    if (has) fields.push(cur);
    return fields;
  }

  private *expandStr(w: Word): Gen<string> {
    let s = '';
    for (const p of w) s += p.t === 'lit' ? p.v : yield* this.partValue(p);
    return s;
  }

  private param(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return '1';
      case '#':
        return String(this.positional.length);
      case '0':
        return this.ctx.argv0;
      case '@':
      case '*':
        return this.positional.join(' ');
      case '!':
      case '-':
        return '';
      case 'RANDOM':
        this.clockRead = true;
        this.rand = (this.rand * 1103515245 + 12345) & 0x7fffffff;
        return String(this.rand % 32768);
      case 'PWD':
        return this.cwd;
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  private *partValue(p: Exclude<Part, { t: 'lit' }>): Gen<string> {
    if (p.t === 'cmd') return yield* this.commandSubstitution(p.src);
    if (p.t === 'arith') {
      const src = yield* this.expandStr(new Lexer(p.src).word(true));
      try {
        return String(
          evalArith(
            src,
            (n) => this.param(n),
            (n, v) => void this.vars.set(n, String(v)),
          ),
        );
      } catch (e) {
        const zero = e instanceof Error && e.message === 'zero';
        const msg =
          this.ctx.flavour === 'ash'
            ? zero
              ? 'divide by zero'
              : 'arithmetic syntax error'
            : this.ctx.flavour === 'dash'
              ? `arithmetic expression: ${zero ? 'division by zero' : 'expecting primary'}: "${src}"`
              : `${src}: ${zero ? 'division by 0' : 'syntax error: operand expected'}`;
        yield* this.err(this.io, `${this.prefix()}${msg}`);
        throw new ExitSignal(2);
      }
    }
    const v = this.param(p.name);
    switch (p.op) {
      case '':
        return v ?? '';
      case '#len':
        return String((this.param(p.name) ?? '').length);
      case ':-':
        return v ? v : yield* this.expandStr(p.arg);
      case '-':
        return v !== undefined ? v : yield* this.expandStr(p.arg);
      case ':=':
      case '=':
        if (p.op === ':=' ? !v : v === undefined) {
          const d = yield* this.expandStr(p.arg);
          this.vars.set(p.name, d);
          return d;
        }
        return v ?? '';
      case ':+':
        return v ? yield* this.expandStr(p.arg) : '';
      case '+':
        return v !== undefined ? yield* this.expandStr(p.arg) : '';
      case ':?':
      case '?': {
        if (p.op === ':?' ? v : v !== undefined) return v ?? '';
        const msg = (yield* this.expandStr(p.arg)) || 'parameter not set';
        yield* this.err(this.io, `${this.prefix()}${p.name}: ${msg}`);
        throw new ExitSignal(2);
      }
      default: {
        const val = v ?? '';
        const re = new RegExp(`^(?:${globSource(yield* this.expandStr(p.arg))})$`, 's');
        const n = val.length;
        if (p.op === '#' || p.op === '##') {
          for (let k = 0; k <= n; k++) {
            const i = p.op === '#' ? k : n - k;
            if (re.test(val.slice(0, i))) return val.slice(i);
          }
        } else {
          for (let k = 0; k <= n; k++) {
            const i = p.op === '%' ? n - k : k;
            if (re.test(val.slice(i))) return val.slice(0, i);
          }
        }
        return val;
      }
    }
  }

  /** `$(…)`: runs in a subshell; its stdout, without trailing newlines, is the value. */
  private *commandSubstitution(src: string): Gen<string> {
    let node: Node;
    try {
      node = this.parseCached(src);
    } catch (e) {
      if (!(e instanceof ShSyntaxError)) throw e;
      for (const l of syntaxMessage(e, this.ctx.flavour, this.ctx.argv0, src))
        yield* this.err(this.io, l);
      this.subStatus = 2;
      return '';
    }
    const chunks: string[] = [];
    const saved = new Map(this.vars);
    const line = this.line;
    try {
      this.subStatus = yield* this.exec(node, {
        stdout: { kind: 'buf', chunks },
        stderr: this.io.stderr,
      });
    } catch (e) {
      if (e instanceof QuietForever) throw e;
      this.subStatus = this.codeOf(e);
    } finally {
      this.vars.clear();
      for (const [k, v] of saved) this.vars.set(k, v);
      this.line = line;
    }
    return chunks.join('').replace(/\n+$/, '');
  }

  // --- commands ----------------------------------------------------------------------------

  /** Runs one command: a function, a builtin, or an executable of the image. */
  *run(argv: string[], io: IO): Gen<number> {
    const cmd = argv[0];
    const fn = this.funcs.get(cmd);
    if (fn) {
      const saved = this.positional;
      this.positional = argv.slice(1);
      try {
        return yield* this.exec(fn, io);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.code;
        throw e;
      } finally {
        this.positional = saved;
      }
    }
    if (BUILTINS.has(cmd)) return yield* this.builtin(argv, io);
    const base = cmd.slice(cmd.lastIndexOf('/') + 1);
    if (!this.ctx.has(cmd)) {
      const { flavour } = this.ctx;
      const what =
        flavour === 'bash'
          ? cmd.includes('/')
            ? 'No such file or directory'
            : 'command not found'
          : 'not found';
      yield* this.err(io, `${this.prefix()}${cmd}: ${what}`);
      return 127;
    }
    if (BUILTINS.has(base)) return yield* this.builtin([base, ...argv.slice(1)], io);
    return yield* this.applet(base, argv, io);
  }

  private readStdin(io: IO): string {
    if (!io.stdin) return '';
    const rest = io.stdin.data.slice(io.stdin.pos);
    io.stdin.pos = io.stdin.data.length;
    return rest;
  }

  private *builtin(argv: string[], io: IO): Gen<number> {
    const [cmd, ...args] = argv;
    switch (cmd) {
      case ':':
      case 'true':
      case 'readonly':
      case 'umask':
      case 'ulimit':
      case 'kill':
        return 0;
      case 'false':
        return 1;
      case 'echo': {
        let newline = true;
        let esc = this.ctx.flavour === 'dash'; // dash's echo always interprets escapes, has no -e
        while (
          args.length &&
          (this.ctx.flavour === 'dash' ? args[0] === '-n' : /^-[neE]+$/.test(args[0]))
        ) {
          for (const c of args.shift()!.slice(1)) {
            if (c === 'n') newline = false;
            else esc = c === 'e';
          }
        }
        let text = args.join(' ');
        if (esc) {
          const r = unescape(text);
          text = r.text;
          if (r.stop) newline = false;
        }
        yield* this.write(io.stdout, newline ? `${text}\n` : text);
        return 0;
      }
      case 'printf':
        if (!args.length) {
          yield* this.err(
            io,
            this.busybox
              ? 'printf: usage: printf FORMAT [ARGUMENT...]'
              : `${this.prefix()}printf: usage: printf format [arg ...]`,
          );
          return this.busybox ? 1 : 2;
        }
        yield* this.write(io.stdout, formatPrintf(args[0], args.slice(1)));
        return 0;
      case 'test':
      case '[': {
        if (cmd === '[') {
          if (args[args.length - 1] !== ']') {
            yield* this.err(io, `${this.prefix()}[: missing ]`);
            return 2;
          }
          args.pop();
        }
        const r = this.test(args);
        if (typeof r === 'string') {
          yield* this.err(io, `${this.prefix()}${cmd}: ${r}`);
          return 2;
        }
        return r ? 0 : 1;
      }
      case 'exit': {
        const code = args.length ? Number(args[0]) : this.status;
        if (!Number.isInteger(code)) {
          yield* this.err(io, `${this.prefix()}exit: Illegal number: ${args[0]}`);
          throw new ExitSignal(2);
        }
        throw new ExitSignal(code & 255);
      }
      case 'return':
        throw new ReturnSignal(args.length ? Number(args[0]) & 255 : this.status);
      case 'break':
      case 'continue':
        throw new LoopSignal(cmd, Math.max(1, Number(args[0] ?? 1) || 1));
      case 'export':
      case 'local':
        for (const a of args.filter((x) => x !== '-p' && x !== '-n')) {
          const eq = a.indexOf('=');
          const name = eq >= 0 ? a.slice(0, eq) : a;
          if (eq >= 0) this.vars.set(name, a.slice(eq + 1));
          if (cmd === 'export') this.exported.add(name);
        }
        return 0;
      case 'unset':
        for (const a of args.filter((x) => !x.startsWith('-'))) {
          this.vars.delete(a);
          this.exported.delete(a);
          this.funcs.delete(a);
        }
        return 0;
      case 'set': {
        const dd = args.indexOf('--');
        for (const a of dd >= 0 ? args.slice(0, dd) : args) {
          if (/^-\w*e/.test(a)) this.errexit = true;
          if (/^\+\w*e/.test(a)) this.errexit = false;
        }
        if (dd >= 0) this.positional = args.slice(dd + 1);
        else if (args.length && !/^[-+]/.test(args[0])) this.positional = args;
        return 0;
      }
      case 'shift':
        this.positional = this.positional.slice(Number(args[0] ?? 1));
        return 0;
      case 'trap': {
        if (!args.length) {
          for (const [sig, action] of this.traps)
            yield* this.write(io.stdout, `trap -- '${action}' ${sig}\n`);
          return 0;
        }
        const [action, ...sigs] = signalName(args[0]) && args.length === 1 ? ['-', args[0]] : args;
        for (const s of sigs) {
          const name = signalName(s);
          if (!name) {
            yield* this.err(io, `${this.prefix()}trap: ${s}: bad trap`);
            return 1;
          }
          if (action === '-') this.traps.delete(name);
          else this.traps.set(name, action);
        }
        return 0;
      }
      case 'wait':
        if (this.bgUntil > this.elapsed) this.delay(this.bgUntil - this.elapsed);
        return 0;
      case 'cd': {
        const dir = this.resolvePath(args[0] ?? '/root');
        if (!this.listDir(dir) && !['/root', '/home', '/usr', '/var'].includes(dir)) {
          yield* this.err(
            io,
            `${this.prefix()}cd: can't cd to ${args[0]}: No such file or directory`,
          );
          return this.ctx.flavour === 'bash' ? 1 : 2;
        }
        this.cwd = dir;
        return 0;
      }
      case 'pwd':
        yield* this.write(io.stdout, `${this.cwd}\n`);
        return 0;
      case 'read': {
        const names = args.filter((a) => !a.startsWith('-'));
        const stdin = io.stdin;
        if (!stdin || stdin.pos >= stdin.data.length) return 1;
        const nl = stdin.data.indexOf('\n', stdin.pos);
        const line = stdin.data.slice(stdin.pos, nl < 0 ? undefined : nl);
        stdin.pos = nl < 0 ? stdin.data.length : nl + 1;
        const fields = line.trim().split(/[ \t]+/);
        (names.length ? names : ['REPLY']).forEach((n, i, all) => {
          this.vars.set(n, i === all.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? ''));
        });
        return 0;
      }
      case 'eval':
        return yield* this.script(args.join(' '));
      case 'exec': {
        if (!args.length) return 0;
        throw new ExitSignal(yield* this.run(args, io));
      }
      case 'let': {
        let v = 0;
        for (const a of args)
          v = evalArith(
            a,
            (n) => this.param(n),
            (n, x) => void this.vars.set(n, String(x)),
          );
        return v ? 0 : 1;
      }
      case 'type':
      case 'command': {
        const v = args[0] === '-v';
        const names = v ? args.slice(1) : args;
        if (cmd === 'command' && !v) return names.length ? yield* this.run(names, io) : 0;
        let st = 0;
        for (const n of names) {
          if (BUILTINS.has(n))
            yield* this.write(io.stdout, v ? `${n}\n` : `${n} is a shell builtin\n`);
          else if (this.ctx.has(n))
            yield* this.write(io.stdout, v ? `/usr/bin/${n}\n` : `${n} is /usr/bin/${n}\n`);
          else st = 1;
        }
        return st;
      }
      default:
        yield* this.err(io, `${this.prefix()}${cmd}: not supported in this simulation`);
        return 2;
    }
  }

  /** `test` / `[`: true, false, or an error message. */
  private test(a: string[]): boolean | string {
    const int = (s: string): number => {
      if (!/^\s*-?\d+\s*$/.test(s)) throw new Error(`${s}: bad number`);
      return Number(s);
    };
    const unary = (op: string, x: string): boolean => {
      switch (op) {
        case '-z':
          return x === '';
        case '-n':
          return x !== '';
        case '-d':
          return this.listDir(x) !== undefined;
        case '-e':
        case '-f':
        case '-r':
        case '-s':
        case '-w':
          return this.readFile(x) !== undefined && (op !== '-s' || this.readFile(x) !== '');
        default:
          return this.readFile(x) !== undefined || this.listDir(x) !== undefined;
      }
    };
    const binary = (x: string, op: string, y: string): boolean => {
      switch (op) {
        case '=':
        case '==':
          return x === y;
        case '!=':
          return x !== y;
        case '-eq':
          return int(x) === int(y);
        case '-ne':
          return int(x) !== int(y);
        case '-lt':
          return int(x) < int(y);
        case '-le':
          return int(x) <= int(y);
        case '-gt':
          return int(x) > int(y);
        default:
          return int(x) >= int(y);
      }
    };
    const BIN = ['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'];
    const UN = ['-z', '-n', '-d', '-e', '-f', '-r', '-s', '-w', '-x', '-L', '-h'];
    const evalExpr = (xs: string[]): boolean => {
      const o = xs.lastIndexOf('-o');
      if (o > 0) return evalExpr(xs.slice(0, o)) || evalExpr(xs.slice(o + 1));
      const an = xs.lastIndexOf('-a');
      if (an > 0) return evalExpr(xs.slice(0, an)) && evalExpr(xs.slice(an + 1));
      if (xs[0] === '!' && xs.length > 1) return !evalExpr(xs.slice(1));
      if (xs[0] === '(' && xs[xs.length - 1] === ')') return evalExpr(xs.slice(1, -1));
      if (xs.length === 0) return false;
      if (xs.length === 1) return xs[0] !== '';
      if (xs.length === 2 && UN.includes(xs[0])) return unary(xs[0], xs[1]);
      if (xs.length === 3 && BIN.includes(xs[1])) return binary(xs[0], xs[1], xs[2]);
      throw new Error(xs.length === 2 ? `${xs[0]}: unary operator expected` : 'syntax error');
    };
    try {
      return evalExpr(a);
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Reads the named files (or stdin) for text utilities; errors are printed, `ok` cleared. */
  private *inputs(files: string[], io: IO, tool: string): Gen<{ text: string; ok: boolean }> {
    if (!files.length || (files.length === 1 && files[0] === '-'))
      return { text: this.readStdin(io), ok: true };
    let text = '';
    let ok = true;
    for (const f of files) {
      const c = this.readFile(f);
      if (c === undefined) {
        ok = false;
        yield* this.err(
          io,
          this.busybox
            ? `${tool}: can't open '${f}': No such file or directory`
            : `${tool}: ${f}: No such file or directory`,
        );
      } else text += c;
    }
    return { text, ok };
  }

  private *applet(base: string, argv: string[], io: IO): Gen<number> {
    const args = argv.slice(1);
    const opts = args.filter((a) => /^-./.test(a));
    const operands = args.filter((a) => !/^-./.test(a));
    const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
    switch (base) {
      case 'sleep':
        return yield* this.sleep(args, io);
      case 'date': {
        this.clockRead = true;
        const plus = args.find((a) => a.startsWith('+'));
        const fmt = plus
          ? plus.slice(1)
          : args.includes('-R')
            ? '%a, %d %b %Y %H:%M:%S +0000'
            : args.includes('-I')
              ? '%F'
              : undefined;
        yield* this.write(io.stdout, `${formatDate(this.wallNow(), fmt)}\n`);
        return 0;
      }
      case 'hostname':
        yield* this.write(
          io.stdout,
          `${args.includes('-i') ? this.ctx.podIP : this.ctx.hostname}\n`,
        );
        return 0;
      case 'cat': {
        const r = yield* this.inputs(operands, io, 'cat');
        yield* this.write(io.stdout, r.text);
        return r.ok ? 0 : 1;
      }
      case 'env':
      case 'printenv': {
        if (base === 'env' && operands.length) {
          const i = operands.findIndex((a) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
          for (const a of operands.slice(0, i < 0 ? undefined : i)) {
            const eq = a.indexOf('=');
            this.vars.set(a.slice(0, eq), a.slice(eq + 1));
            this.exported.add(a.slice(0, eq));
          }
          if (i >= 0) return yield* this.run(operands.slice(i), io);
        }
        if (base === 'printenv' && operands.length) {
          let st = 0;
          for (const n of operands) {
            const v = this.exported.has(n) ? this.vars.get(n) : undefined;
            if (v === undefined) st = 1;
            else yield* this.write(io.stdout, `${v}\n`);
          }
          return st;
        }
        for (const k of this.exported) {
          const v = this.vars.get(k);
          if (v !== undefined) yield* this.write(io.stdout, `${k}=${v}\n`);
        }
        return 0;
      }
      case 'ls': {
        let st = 0;
        for (const p of operands.length ? operands : ['.']) {
          const entries = this.listDir(p);
          if (entries) yield* this.write(io.stdout, entries.map((e) => `${e}\n`).join(''));
          else if (this.readFile(p) !== undefined) yield* this.write(io.stdout, `${p}\n`);
          else {
            yield* this.err(
              io,
              this.busybox
                ? `ls: ${p}: No such file or directory`
                : `ls: cannot access '${p}': No such file or directory`,
            );
            st = this.busybox ? 1 : 2;
          }
        }
        return st;
      }
      case 'seq': {
        const n = operands.map(Number);
        const [first, step, last] =
          n.length >= 3 ? n : n.length === 2 ? [n[0], 1, n[1]] : [1, 1, n[0] ?? 0];
        if (n.some(Number.isNaN) || !step) {
          yield* this.err(io, `seq: invalid argument`);
          return 1;
        }
        const out: string[] = [];
        for (let v = first; step > 0 ? v <= last : v >= last; v += step) {
          this.tick();
          out.push(`${v}\n`);
        }
        yield* this.write(io.stdout, out.join(''));
        return 0;
      }
      case 'head':
      case 'tail': {
        const nOpt = /^-(\d+)$/.exec(opts.find((o) => /^-\d+$/.test(o)) ?? '')?.[1];
        const ni = args.indexOf('-n');
        const n = Number(ni >= 0 ? args[ni + 1] : (nOpt ?? 10));
        const files = operands.filter(
          (f, i) => !(ni >= 0 && args.indexOf(f) === ni + 1 && i === 0),
        );
        const follow = base === 'tail' && opts.some((o) => /^-\w*[fF]/.test(o));
        const r = yield* this.inputs(files, io, base);
        const ls = lines(r.text);
        const pick = base === 'head' ? ls.slice(0, n) : ls.slice(Math.max(0, ls.length - n));
        yield* this.write(io.stdout, pick.map((l) => `${l}\n`).join(''));
        if (follow && r.ok) throw new QuietForever(); // tail -f never ends
        return r.ok ? 0 : 1;
      }
      case 'grep': {
        const flags = opts.join('');
        const [pat, ...files] = operands;
        if (pat === undefined) {
          yield* this.err(io, 'Usage: grep [OPTIONS] PATTERN [FILE]...');
          return 2;
        }
        let re: RegExp;
        try {
          const src = flags.includes('F')
            ? pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            : flags.includes('E')
              ? pat
              : pat.replace(/\\\|/g, '|');
          re = new RegExp(src, flags.includes('i') ? 'i' : '');
        } catch {
          re = new RegExp(pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        }
        const r = yield* this.inputs(files, io, 'grep');
        const hits = lines(r.text).filter((l) => re.test(l) !== flags.includes('v'));
        if (flags.includes('c')) yield* this.write(io.stdout, `${hits.length}\n`);
        else if (!flags.includes('q'))
          yield* this.write(io.stdout, hits.map((l) => `${l}\n`).join(''));
        return !r.ok ? 2 : hits.length ? 0 : 1;
      }
      case 'wc': {
        const r = yield* this.inputs(operands, io, 'wc');
        const t = r.text;
        const counts = {
          l: (t.match(/\n/g) ?? []).length,
          w: t.split(/\s+/).filter(Boolean).length,
          c: t.length,
        };
        const want = (['l', 'w', 'c'] as const).filter((k) => opts.join('').includes(k));
        const cols = (want.length ? want : (['l', 'w', 'c'] as const)).map((k) => counts[k]);
        const text =
          want.length === 1
            ? String(cols[0])
            : cols.map((c) => String(c).padStart(want.length ? 7 : 8)).join(' ');
        yield* this.write(io.stdout, `${text}${operands.length ? ` ${operands.join(' ')}` : ''}\n`);
        return r.ok ? 0 : 1;
      }
      case 'sort': {
        const r = yield* this.inputs(operands, io, 'sort');
        const flags = opts.join('');
        const sorted = lines(r.text).sort((x, y) =>
          flags.includes('n') ? parseFloat(x) - parseFloat(y) : x < y ? -1 : x > y ? 1 : 0,
        );
        if (flags.includes('r')) sorted.reverse();
        const out = flags.includes('u') ? sorted.filter((l, i) => l !== sorted[i - 1]) : sorted;
        yield* this.write(io.stdout, out.map((l) => `${l}\n`).join(''));
        return r.ok ? 0 : 1;
      }
      case 'uniq': {
        const r = yield* this.inputs(operands, io, 'uniq');
        const ls = lines(r.text).filter((l, i, all) => l !== all[i - 1]);
        yield* this.write(io.stdout, ls.map((l) => `${l}\n`).join(''));
        return r.ok ? 0 : 1;
      }
      case 'tee': {
        const text = this.readStdin(io);
        for (const f of operands)
          this.fs.set(
            this.resolvePath(f),
            (opts.includes('-a') ? (this.fs.get(this.resolvePath(f)) ?? '') : '') + text,
          );
        yield* this.write(io.stdout, text);
        return 0;
      }
      case 'touch':
        for (const f of operands)
          if (!this.fs.has(this.resolvePath(f))) this.fs.set(this.resolvePath(f), '');
        return 0;
      case 'mkdir':
        for (const f of operands) this.fs.set(`${this.resolvePath(f)}/.keep`, '');
        return 0;
      case 'rm':
        for (const f of operands) this.fs.delete(this.resolvePath(f));
        return 0;
      case 'whoami':
        yield* this.write(io.stdout, 'root\n');
        return 0;
      case 'id':
        yield* this.write(io.stdout, 'uid=0(root) gid=0(root) groups=0(root)\n');
        return 0;
      case 'nproc':
        yield* this.write(io.stdout, '2\n');
        return 0;
      case 'uname': {
        const kernel = '6.8.0-1015-gcp';
        const a = opts.join('');
        const text = a.includes('a')
          ? `Linux ${this.ctx.hostname} ${kernel} #17~22.04.1-Ubuntu SMP Mon Sep  9 16:30:57 UTC 2024 x86_64${this.busybox ? ' Linux' : ' GNU/Linux'}`
          : a.includes('r')
            ? kernel
            : a.includes('m')
              ? 'x86_64'
              : a.includes('n')
                ? this.ctx.hostname
                : 'Linux';
        yield* this.write(io.stdout, `${text}\n`);
        return 0;
      }
      case 'sh':
      case 'ash':
      case 'dash':
      case 'bash': {
        // A nested shell: `-c` runs in a subshell; an interactive one (no tty) exits at once.
        const ci = args.indexOf('-c');
        if (ci < 0) return 0;
        const saved = new Map(this.vars);
        try {
          return yield* this.script(args[ci + 1] ?? '');
        } catch (e) {
          if (e instanceof QuietForever) throw e;
          return this.codeOf(e);
        } finally {
          this.vars.clear();
          for (const [k, v] of saved) this.vars.set(k, v);
        }
      }
      case 'wget':
        return yield* this.wget(args, io);
      case 'curl':
        return yield* this.curl(args, io);
      default:
        // Present in the image but not simulated: it runs and succeeds silently.
        return 0;
    }
  }

  private *sleep(args: string[], io: IO): Gen<number> {
    if (!args.length) {
      if (this.busybox) {
        yield* this.err(
          io,
          'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays',
        );
      } else
        yield* this.err(io, "sleep: missing operand\nTry 'sleep --help' for more information.");
      return 1;
    }
    let total = 0;
    for (const a of args) {
      const ms = parseSleepArg(a);
      if (Number.isNaN(ms)) {
        yield* this.err(
          io,
          this.busybox
            ? `sleep: invalid number '${a}'`
            : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.`,
        );
        return 1;
      }
      total += ms;
    }
    this.delay(total);
    return 0;
  }

  // --- HTTP clients --------------------------------------------------------------------------

  /** Asks the simulated network for a URL, spending the virtual time the attempt takes. */
  private fetch(
    url: string,
    timeoutMs: number,
  ): { outcome: HttpOutcome; host: string; port: number; path: string } {
    const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(url);
    const host = m?.[2] ?? url;
    const port = Number(m?.[3] ?? (m?.[1] === 'https' ? 443 : 80));
    const path = m?.[4] ?? '/';
    const full = `${m?.[1] ?? 'http'}://${host}${m?.[3] ? `:${port}` : ''}${path}`;
    const local = host === 'localhost' || host === '127.0.0.1';
    const outcome: HttpOutcome =
      this.ctx.http?.(full) ??
      (local ? { kind: 'refused', ip: '127.0.0.1' } : { kind: 'unresolvable' });
    // A cluster DNS NXDOMAIN walks the search path (ndots:5): a few ms; a dropped SYN waits it out.
    this.delay({ ok: 3, unresolvable: 12, refused: 1, timeout: timeoutMs }[outcome.kind]);
    return { outcome, host, port, path };
  }

  /** busybox wget (`wget -qO- http://web`, `wget -T 2 …`, `--spider`). */
  private *wget(args: string[], io: IO): Gen<number> {
    let quiet = false;
    let out: string | undefined;
    let timeout = 900;
    let spider = false;
    let url: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--spider') spider = true;
      else if (a === '-q' || a === '--quiet') quiet = true;
      else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10));
      else if (a.startsWith('--output-document=')) out = a.slice(18);
      else if (/^-[a-zA-Z]/.test(a)) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j];
          if (c === 'q') quiet = true;
          else if (c === 'O' || c === 'T' || c === 'U' || c === 'Y' || c === 'o') {
            const v = a.slice(j + 1) || args[++i] || '';
            if (c === 'O') out = v;
            if (c === 'T') timeout = Number(v);
            break;
          }
        }
      } else if (!a.startsWith('--')) url = a;
    }
    if (!url) {
      yield* this.err(
        io,
        'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...',
      );
      return 1;
    }
    const { outcome, host, port, path } = this.fetch(url, timeout * 1000);
    const hostPort = /:\d+/.test(url.replace(/^\w+:\/\//, '')) ? `${host}:${port}` : host;
    if (outcome.kind === 'unresolvable') {
      yield* this.err(io, `wget: bad address '${hostPort}'`);
      return 1;
    }
    const ip = ('ip' in outcome && outcome.ip) || (/^[\d.]+$/.test(host) ? host : host);
    if (!quiet) yield* this.err(io, `Connecting to ${hostPort} (${ip}:${port})`);
    if (outcome.kind === 'refused') {
      yield* this.err(io, `wget: can't connect to remote host (${ip}): Connection refused`);
      return 1;
    }
    if (outcome.kind === 'timeout') {
      yield* this.err(io, 'wget: download timed out');
      return 1;
    }
    if (outcome.status >= 400) {
      yield* this.err(
        io,
        `wget: server returned error: HTTP/1.1 ${outcome.status} ${STATUS_TEXT[outcome.status] ?? ''}`.trimEnd(),
      );
      return 1;
    }
    if (spider) {
      if (!quiet) yield* this.err(io, 'remote file exists');
      return 0;
    }
    const file =
      out ??
      (path
        .replace(/[?#].*$/, '')
        .split('/')
        .pop() ||
        'index.html');
    if (file === '-') {
      if (!quiet) yield* this.err(io, 'writing to stdout');
      yield* this.write(io.stdout, outcome.body);
      if (!quiet) {
        yield* this.err(
          io,
          `-                    100% |********************************|  ${String(outcome.body.length).padStart(4)}  0:00:00 ETA`,
        );
        yield* this.err(io, 'written to stdout');
      }
    } else {
      this.fs.set(this.resolvePath(file), outcome.body);
      if (!quiet) {
        yield* this.err(io, `saving to '${file}'`);
        yield* this.err(
          io,
          `${file.padEnd(20).slice(0, 20)} 100% |********************************|  ${String(outcome.body.length).padStart(4)}  0:00:00 ETA`,
        );
        yield* this.err(io, `'${file}' saved`);
      }
    }
    return 0;
  }

  /** curl 8 (`curl http://web`, `curl -sS -f -m 2 …`, `-o file`, `-I`). */
  private *curl(args: string[], io: IO): Gen<number> {
    let silent = false;
    let showError = false;
    let fail = false;
    let head = false;
    let include = false;
    let out: string | undefined;
    let timeout = 0;
    let url: string | undefined;
    const WITH_VALUE = 'oXHdumAewrxTEKbc';
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith('--')) {
        const [name, inline] = a.slice(2).split('=', 2);
        const value = () => inline ?? args[++i] ?? '';
        if (name === 'silent') silent = true;
        else if (name === 'show-error') showError = true;
        else if (name === 'fail' || name === 'fail-with-body') fail = true;
        else if (name === 'head') head = true;
        else if (name === 'include') include = true;
        else if (name === 'output') out = value();
        else if (name === 'max-time' || name === 'connect-timeout') timeout = Number(value());
        else if (
          [
            'request',
            'header',
            'data',
            'user',
            'user-agent',
            'write-out',
            'resolve',
            'cacert',
          ].includes(name)
        )
          value();
      } else if (/^-[a-zA-Z]/.test(a)) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j];
          if (c === 's') silent = true;
          else if (c === 'S') showError = true;
          else if (c === 'f') fail = true;
          else if (c === 'I') head = true;
          else if (c === 'i') include = true;
          else if (c === 'm' || WITH_VALUE.includes(c)) {
            const v = a.slice(j + 1) || args[++i] || '';
            if (c === 'o') out = v;
            if (c === 'm') timeout = Number(v);
            break;
          }
        }
      } else url ??= a;
    }
    if (!url) {
      yield* this.err(io, "curl: try 'curl --help' or 'curl --manual' for more information");
      return 2;
    }
    const { outcome, host, port } = this.fetch(url, timeout > 0 ? timeout * 1000 : 130_000);
    // Not a terminal: curl shows its progress meter on stderr unless -s.
    const meter = !silent;
    const errors = !silent || showError;
    if (meter) {
      yield* this.err(
        io,
        '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
      );
      yield* this.err(
        io,
        '                                 Dload  Upload   Total   Spent    Left  Speed',
      );
    }
    const zero = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
    const failWith = function* (this: Shell, code: number, msg: string): Gen<number> {
      if (meter || errors)
        yield* this.write(
          io.stderr,
          `${meter ? zero : ''}${errors ? `curl: (${code}) ${msg}` : ''}\n`,
        );
      return code;
    };
    if (outcome.kind === 'unresolvable')
      return yield* failWith.call(this, 6, `Could not resolve host: ${host}`);
    if (outcome.kind === 'refused') {
      return yield* failWith.call(
        this,
        7,
        `Failed to connect to ${host} port ${port} after 1 ms: Couldn't connect to server`,
      );
    }
    if (outcome.kind === 'timeout') {
      const ms = timeout > 0 ? timeout * 1000 + 1 : 130_001;
      return yield* failWith.call(this, 28, `Connection timed out after ${ms} milliseconds`);
    }
    if (fail && outcome.status >= 400) {
      return yield* failWith.call(this, 22, `The requested URL returned error: ${outcome.status}`);
    }
    const headers = `HTTP/1.1 ${outcome.status} ${STATUS_TEXT[outcome.status] ?? ''}\nContent-Length: ${outcome.body.length}\n\n`;
    const body = head ? headers : (include ? headers : '') + outcome.body;
    if (meter) {
      const n = String(body.length).padStart(5);
      yield* this.err(
        io,
        `100${n}  100${n}    0     0   ${String(body.length).padStart(4)}      0 --:--:-- --:--:-- --:--:--  ${String(body.length).padStart(4)}`,
      );
    }
    if (out !== undefined && out !== '-') this.fs.set(this.resolvePath(out), body);
    else yield* this.write(io.stdout, body);
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/**
 * Starts `sh -c '<script>'` (or `bash -c`): a lazily stepped {@link Program}.
 * `positional` are the arguments after the script (`$0` is the shell's name).
 * @example startShellScript(ctx, 'echo hello && sleep 5 && exit 3').next()
 */
export function startShellScript(
  ctx: ShellContext,
  script: string,
  positional: string[] = [],
): Program {
  const shell = new Shell(ctx);
  shell.positional = positional;
  return shell.program(() => shell.script(script));
}

/**
 * Starts one command without a shell (`["sleep", "3600"]`, `["echo", "hi"]`): the arguments are
 * used as they are, with no expansion, as the runtime execs them.
 */
export function startCommand(ctx: ShellContext, argv: string[]): Program {
  const shell = new Shell(ctx);
  return shell.program(() => shell.run(argv, shell.io));
}
