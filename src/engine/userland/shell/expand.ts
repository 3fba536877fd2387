/** Word expansion: parameters, `${…}` operators, `$(…)`, `$((…))`, then field splitting. */
import { evalArith } from './arith';
import { readFile } from './filesystem';
import type { Shell } from './interpreter';
import { Lexer } from './lexer';
import { syntaxMessage } from './parser';
import { ExitSignal, QuietForever } from './signals';
import { ShSyntaxError, type Node, type Part, type Word } from './syntax';
import type { Gen } from './types';

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

/** Expands a word into fields: parameter, command and arithmetic expansion, then splitting. */
export function* expand(sh: Shell, w: Word): Gen<string[]> {
  const fields: string[] = [];
  let cur = '';
  let has = false;
  for (const p of w) {
    if (p.t === 'lit') {
      cur += p.v;
      has ||= p.q || p.v !== '';
      continue;
    }
    const v = yield* partValue(sh, p);
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

/** Expands a word into one string, without field splitting (assignments, redirections). */
export function* expandStr(sh: Shell, w: Word): Gen<string> {
  let s = '';
  for (const p of w) s += p.t === 'lit' ? p.v : yield* partValue(sh, p);
  return s;
}

/** A parameter's value: special parameters, positional ones, $RANDOM, $PWD, variables. */
export function param(sh: Shell, name: string): string | undefined {
  switch (name) {
    case '?':
      return String(sh.status);
    case '$':
      return '1';
    case '#':
      return String(sh.positional.length);
    case '0':
      return sh.ctx.argv0;
    case '@':
    case '*':
      return sh.positional.join(' ');
    case '!':
    case '-':
      return '';
    case 'RANDOM':
      sh.clockRead = true;
      sh.rand = (sh.rand * 1103515245 + 12345) & 0x7fffffff;
      return String(sh.rand % 32768);
    case 'PWD':
      return sh.cwd;
  }
  if (/^\d+$/.test(name)) return sh.positional[Number(name) - 1];
  return sh.vars.get(name);
}

/** The value of one expansion: `$(…)`, `$((…))`, or `${name…}` with its operator. */
function* partValue(sh: Shell, p: Exclude<Part, { t: 'lit' }>): Gen<string> {
  if (p.t === 'cmd') return yield* commandSubstitution(sh, p.src);
  if (p.t === 'arith') {
    const src = yield* expandStr(sh, new Lexer(p.src).word(true));
    try {
      return String(
        evalArith(
          src,
          (n) => param(sh, n),
          (n, v) => void sh.vars.set(n, String(v)),
        ),
      );
    } catch (e) {
      const zero = e instanceof Error && e.message === 'zero';
      const msg =
        sh.ctx.flavour === 'ash'
          ? zero
            ? 'divide by zero'
            : 'arithmetic syntax error'
          : sh.ctx.flavour === 'dash'
            ? `arithmetic expression: ${zero ? 'division by zero' : 'expecting primary'}: "${src}"`
            : `${src}: ${zero ? 'division by 0' : 'syntax error: operand expected'}`;
      yield* sh.err(sh.io, `${sh.prefix()}${msg}`);
      throw new ExitSignal(2);
    }
  }
  const v = param(sh, p.name);
  switch (p.op) {
    case '':
      return v ?? '';
    case '[]': {
      // bash: the subscript is arithmetic; `@`/`*` are all the elements.
      const sub = yield* expandStr(sh, p.arg);
      if (sub === '@' || sub === '*') {
        const all: string[] = [];
        for (let i = 0; sh.vars.has(`${p.name}[${i}]`); i++)
          all.push(sh.vars.get(`${p.name}[${i}]`)!);
        return all.join(' ');
      }
      let i: number;
      try {
        i = evalArith(
          sub || '0',
          (n) => param(sh, n),
          () => undefined,
        );
      } catch {
        yield* sh.err(sh.io, `${sh.prefix()}${sub}: syntax error: operand expected`);
        throw new ExitSignal(1);
      }
      return sh.vars.get(`${p.name}[${i}]`) ?? (i === 0 ? (v ?? '') : '');
    }
    case '#len':
      return String((param(sh, p.name) ?? '').length);
    case ':-':
      return v ? v : yield* expandStr(sh, p.arg);
    case '-':
      return v !== undefined ? v : yield* expandStr(sh, p.arg);
    case ':=':
    case '=':
      if (p.op === ':=' ? !v : v === undefined) {
        const d = yield* expandStr(sh, p.arg);
        sh.vars.set(p.name, d);
        return d;
      }
      return v ?? '';
    case ':+':
      return v ? yield* expandStr(sh, p.arg) : '';
    case '+':
      return v !== undefined ? yield* expandStr(sh, p.arg) : '';
    case ':?':
    case '?': {
      if (p.op === ':?' ? v : v !== undefined) return v ?? '';
      const msg = (yield* expandStr(sh, p.arg)) || 'parameter not set';
      yield* sh.err(sh.io, `${sh.prefix()}${p.name}: ${msg}`);
      throw new ExitSignal(2);
    }
    default: {
      const val = v ?? '';
      const re = new RegExp(`^(?:${globSource(yield* expandStr(sh, p.arg))})$`, 's');
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
function* commandSubstitution(sh: Shell, src: string): Gen<string> {
  // bash: `$(<file)` is the file's content, read without running a command.
  const from = sh.ctx.flavour === 'bash' ? /^\s*<\s*(\S+)\s*$/.exec(src) : null;
  if (from) {
    const name = yield* expandStr(sh, new Lexer(from[1]).word(false));
    const data = readFile(sh, name);
    if (data === undefined) {
      yield* sh.err(sh.io, `${sh.prefix()}${name}: No such file or directory`);
      sh.subStatus = 1;
      return '';
    }
    sh.subStatus = 0;
    return data.replace(/\n+$/, '');
  }
  let node: Node;
  try {
    node = sh.parseCached(src);
  } catch (e) {
    if (!(e instanceof ShSyntaxError)) throw e;
    for (const l of syntaxMessage(e, sh.ctx.flavour, sh.ctx.argv0, src)) yield* sh.err(sh.io, l);
    sh.subStatus = 2;
    return '';
  }
  const chunks: string[] = [];
  const saved = new Map(sh.vars);
  const line = sh.line;
  sh.subDepth++;
  try {
    sh.subStatus = yield* sh.exec(node, {
      stdout: { kind: 'buf', chunks },
      stderr: sh.io.stderr,
    });
  } catch (e) {
    if (e instanceof QuietForever) throw e;
    sh.subStatus = sh.codeOf(e);
  } finally {
    sh.subDepth--;
    sh.vars.clear();
    for (const [k, v] of saved) sh.vars.set(k, v);
    sh.line = line;
  }
  return chunks.join('').replace(/\n+$/, '');
}
