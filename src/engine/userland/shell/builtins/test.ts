/** `test` and `[`: string, integer and file tests with `!`, `-a`, `-o` and parentheses. */
import { expandStr } from '../expand';
import { listDir, readFile } from '../filesystem';
import { trace } from '../xtrace';
import type { Shell } from '../interpreter';
import type { Word } from '../syntax';
import type { Gen, IO } from '../types';

/** Runs `test ARGS`, `[ ARGS ]` or `[[ ARGS ]]` (`cmd`): 0 true, 1 false, 2 (with a message) an error. */
export function* test(sh: Shell, cmd: string, args: string[], io: IO): Gen<number> {
  if (cmd === '[' || cmd === '[[') {
    const close = cmd === '[' ? ']' : ']]';
    if (args[args.length - 1] !== close) {
      yield* sh.err(io, `${sh.prefix()}${cmd}: missing ${close}`);
      return 2;
    }
    args.pop();
  }
  const r = evalTest(sh, args, cmd === '[[' && sh.ctx.flavour === 'bash');
  if (r === 2) return 2;
  if (typeof r === 'string') {
    yield* sh.err(io, `${sh.prefix()}${cmd}: ${r}`);
    return 2;
  }
  return r ? 0 : 1;
}

/** One of bash's `[[ … ]]` `&&`/`||` operators, as the lexer keeps it (a word of its own). */
function condOperator(w: Word): '&&' | '||' | undefined {
  const p = w.length === 1 ? w[0] : undefined;
  return p?.t === 'lit' && !p.q && (p.v === '&&' || p.v === '||') ? p.v : undefined;
}

/**
 * bash's `[[ … ]]` keyword, from its unexpanded words (`[[` first): no field splitting, and
 * `&&`/`||` short-circuit as bash's cond_command evaluates them — the right side's expansions
 * (a `$(<file)`, a command substitution) are not performed when the left decides. `&&` binds
 * tighter than `||`. A condition with parentheses is expanded whole and evaluated as before.
 */
export function* doubleBracket(sh: Shell, words: Word[], io: IO): Gen<number> {
  const inner = words.slice(1);
  const lastWord = inner[inner.length - 1];
  const lit = (w: Word | undefined) =>
    w?.length === 1 && w[0].t === 'lit' && !w[0].q ? w[0].v : undefined;
  if (lit(lastWord) !== ']]' || inner.some((w) => lit(w) === '(' || lit(w) === ')')) {
    const argv: string[] = [];
    for (const w of inner) argv.push(yield* expandStr(sh, w));
    return yield* test(sh, '[[', argv, io);
  }
  inner.pop();
  // Terms of `||`, each a chain of `&&` factors, each a list of words.
  const terms: Word[][][] = [[[]]];
  for (const w of inner) {
    const op = condOperator(w);
    const term = terms[terms.length - 1];
    if (op === '&&') term.push([]);
    else if (op === '||') terms.push([[]]);
    else term[term.length - 1].push(w);
  }
  let st = 1;
  for (const term of terms) {
    st = 0;
    for (const factor of term) {
      const argv: string[] = [];
      for (const w of factor) argv.push(yield* expandStr(sh, w));
      if (sh.xtrace) {
        // bash prints a quoted pattern (the right of == or !=) with each character escaped.
        const shown = [...argv];
        const rhs = factor[2];
        if (['=', '==', '!='].includes(argv[1]) && rhs?.every((p) => p.t !== 'lit' || p.q))
          shown[2] = argv[2].replace(/[\s\S]/g, '\\$&');
        yield* trace(sh, io, ['[[', ...shown, ']]']);
      }
      const r = evalTest(sh, argv, sh.ctx.flavour === 'bash');
      if (r === 2) return 2;
      if (typeof r === 'string') {
        yield* sh.err(io, `${sh.prefix()}[[: ${r}`);
        return 2;
      }
      st = r ? 0 : 1;
      if (st !== 0) break;
    }
    if (st === 0) return 0;
  }
  return st;
}

/**
 * jobs: bash's `[[ STR =~ ERE ]]` — sets BASH_REMATCH (the match, then each group) or empties it;
 * an invalid expression is status 2 without a message, as bash's sh_regmatch returns it.
 */
function regexMatch(sh: Shell, str: string, ere: string): boolean | 'invalid' {
  // POSIX bracket classes become their JavaScript equivalents.
  const CLASSES: Record<string, string> = {
    digit: '0-9',
    alpha: 'A-Za-z',
    alnum: 'A-Za-z0-9',
    upper: 'A-Z',
    lower: 'a-z',
    space: ' \\t\\n\\r\\f\\v',
    xdigit: '0-9A-Fa-f',
    punct: '!-\\/:-@[-`{-~',
  };
  let re: RegExp;
  try {
    re = new RegExp(ere.replace(/\[:(\w+):\]/g, (all, c: string) => CLASSES[c] ?? all));
  } catch {
    return 'invalid';
  }
  for (const k of [...sh.vars.keys()])
    if (k === 'BASH_REMATCH' || k.startsWith('BASH_REMATCH[')) sh.vars.delete(k);
  const m = re.exec(str);
  if (!m) return false;
  sh.vars.set('BASH_REMATCH', m[0]);
  m.forEach((g, i) => sh.vars.set(`BASH_REMATCH[${i}]`, g ?? ''));
  return true;
}

/** `test` / `[`: true, false, or an error message. */
function evalTest(sh: Shell, a: string[], regex = false): boolean | string | 2 {
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
        return listDir(sh, x) !== undefined;
      case '-e':
      case '-f':
      case '-r':
      case '-s':
      case '-w':
        return readFile(sh, x) !== undefined && (op !== '-s' || readFile(sh, x) !== '');
      default:
        return readFile(sh, x) !== undefined || listDir(sh, x) !== undefined;
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
    // jobs: bash's `[[` joins with `&&` / `||` (the lexer keeps them as words there).
    const o = Math.max(xs.lastIndexOf('-o'), regex ? xs.lastIndexOf('||') : -1);
    if (o > 0) return evalExpr(xs.slice(0, o)) || evalExpr(xs.slice(o + 1));
    const an = Math.max(xs.lastIndexOf('-a'), regex ? xs.lastIndexOf('&&') : -1);
    if (an > 0) return evalExpr(xs.slice(0, an)) && evalExpr(xs.slice(an + 1));
    if (xs[0] === '!' && xs.length > 1) return !evalExpr(xs.slice(1));
    if (xs[0] === '(' && xs[xs.length - 1] === ')') return evalExpr(xs.slice(1, -1));
    if (xs.length === 0) return false;
    if (xs.length === 1) return xs[0] !== '';
    if (xs.length === 2 && UN.includes(xs[0])) return unary(xs[0], xs[1]);
    if (xs.length === 3 && BIN.includes(xs[1])) return binary(xs[0], xs[1], xs[2]);
    if (regex && xs.length === 3 && xs[1] === '=~') {
      const r = regexMatch(sh, xs[0], xs[2]);
      if (r === 'invalid') throw new RegexError();
      return r;
    }
    throw new Error(xs.length === 2 ? `${xs[0]}: unary operator expected` : 'syntax error');
  };
  try {
    return evalExpr(a);
  } catch (e) {
    if (e instanceof RegexError) return 2;
    return (e as Error).message;
  }
}

/** An invalid `=~` expression: `[[` gives 2 without a message. */
class RegexError extends Error {}
