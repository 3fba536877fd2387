/**
 * CEL's lexer and parser (cel-spec doc/langdef.md "Syntax"; cel-go parser/gen/CEL.g4), with the
 * standard macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`) expanded as cel-go's
 * parser does and the optional syntax (`a.?f`, `a[?i]`) Kubernetes enables. Syntax errors read as
 * cel-go's ANTLR messages do (`Syntax error: mismatched input '<EOF>' expecting …`).
 */
import type { Expr } from './ast';
import { CelCompileError, type CelIssue } from './errors';
import { Bytes } from './values';

type TokenKind = 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'ident' | 'op' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  value?: unknown;
  at: number;
}

const RESERVED = new Set([
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

// Longest first, so `<=` wins over `<`.
const OPERATORS = [
  '.?',
  '[?',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '?',
  ':',
  '.',
  ',',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
];

/** What ANTLR lists when a primary expression is expected (cel-go's message, verbatim). */
const EXPECTING_PRIMARY =
  "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";

class SyntaxError_ extends Error {
  constructor(readonly issue: CelIssue) {
    super(issue.message);
  }
}

const fail = (at: number, message: string): never => {
  throw new SyntaxError_({ at, message: `Syntax error: ${message}` });
};

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  '?': '?',
};

/** Reads a string literal's body starting after its opening quote(s); returns value and end. */
function readString(src: string, start: number, raw: boolean): { value: string; end: number } {
  const triple = src.startsWith(src[start]!.repeat(3), start);
  const quote = triple ? src[start]!.repeat(3) : src[start]!;
  let i = start + quote.length;
  let out = '';
  while (i < src.length) {
    if (src.startsWith(quote, i)) return { value: out, end: i + quote.length };
    const c = src[i]!;
    if (!triple && c === '\n') break;
    if (c === '\\' && !raw) {
      const n = src[i + 1] ?? '';
      if (n in ESCAPES) {
        out += ESCAPES[n];
        i += 2;
        continue;
      }
      const hex = n === 'x' || n === 'X' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (hex) {
        const digits = src.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) break;
        out += String.fromCodePoint(parseInt(digits, 16));
        i += 2 + hex;
        continue;
      }
      if (/[0-3]/.test(n) && /^[0-7]{3}$/.test(src.slice(i + 1, i + 4))) {
        out += String.fromCharCode(parseInt(src.slice(i + 1, i + 4), 8));
        i += 4;
        continue;
      }
      break;
    }
    out += c;
    i++;
  }
  return fail(start, `token recognition error at: '${src.slice(start, i + 1)}'`);
}

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const at = i;
    // String and bytes literals, with their r/b prefixes.
    const prefix = /^([rRbB]{0,2})(['"])/.exec(src.slice(i, i + 3));
    if (prefix && (prefix[1]!.length === 0 || /^[a-zA-Z]/.test(c))) {
      const p = prefix[1]!.toLowerCase();
      if (p === '' || p === 'r' || p === 'b' || p === 'rb' || p === 'br') {
        const { value, end } = readString(src, i + p.length, p.includes('r'));
        tokens.push({
          kind: p.includes('b') ? 'bytes' : 'string',
          text: src.slice(at, end),
          value: p.includes('b') ? new Bytes(value) : value,
          at,
        });
        i = end;
        continue;
      }
    }
    const num =
      /^(?:0[xX][0-9a-fA-F]+[uU]?|\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uU]?)/.exec(
        src.slice(i),
      );
    if (
      num &&
      !(c === '.' && /^\.\d/.test(src.slice(i)) && tokens.length > 0 && isOperand(tokens.at(-1)!))
    ) {
      const text = num[0];
      i += text.length;
      if (/[uU]$/.test(text)) {
        tokens.push({ kind: 'uint', text, value: Number(text.slice(0, -1)), at });
      } else if (/^0[xX]/.test(text) || /^\d+$/.test(text)) {
        tokens.push({ kind: 'int', text, value: Number(text), at });
      } else {
        tokens.push({ kind: 'double', text, value: Number(text), at });
      }
      continue;
    }
    const ident = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], at });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) fail(at, `token recognition error at: '${c}'`);
    tokens.push({ kind: 'op', text: op!, at });
    i += op!.length;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', at: src.length });
  return tokens;
}

/** A token after which `.5` is a member access, not a number (`a.5` is not CEL, `1.5` is). */
function isOperand(t: Token): boolean {
  return t.kind !== 'op' || t.text === ')' || t.text === ']' || t.text === '}';
}

const RELATIONS = new Set(['<', '<=', '>=', '>', '==', '!=']);
const MACROS: Record<string, number[]> = {
  all: [2],
  exists: [2],
  exists_one: [2],
  map: [2, 3],
  filter: [2],
};

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  private peek(): Token {
    return this.t[this.i]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private next(): Token {
    return this.t[this.i++]!;
  }
  private expect(text: string, expecting = `'${text}'`): Token {
    const t = this.peek();
    if (t.kind === 'op' && t.text === text) return this.next();
    return fail(t.at, `mismatched input '${t.text}' expecting ${expecting}`);
  }

  parse(): Expr {
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== 'eof') fail(t.at, `extraneous input '${t.text}' expecting <EOF>`);
    return e;
  }

  private expr(): Expr {
    const test = this.or();
    if (!this.isOp('?')) return test;
    const at = this.next().at;
    const then = this.or();
    this.expect(':');
    return { k: 'cond', at, test, then, else: this.expr() };
  }

  private or(): Expr {
    let e = this.and();
    while (this.isOp('||')) {
      const at = this.next().at;
      e = { k: 'call', at, fn: '_||_', args: [e, this.and()] };
    }
    return e;
  }

  private and(): Expr {
    let e = this.relation();
    while (this.isOp('&&')) {
      const at = this.next().at;
      e = { k: 'call', at, fn: '_&&_', args: [e, this.relation()] };
    }
    return e;
  }

  private relation(): Expr {
    let e = this.addition();
    for (;;) {
      const t = this.peek();
      const isIn = t.kind === 'ident' && t.text === 'in';
      if (!isIn && !(t.kind === 'op' && RELATIONS.has(t.text))) return e;
      this.next();
      e = { k: 'call', at: t.at, fn: isIn ? '@in' : `_${t.text}_`, args: [e, this.addition()] };
    }
  }

  private addition(): Expr {
    let e = this.multiplication();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      e = { k: 'call', at: t.at, fn: `_${t.text}_`, args: [e, this.multiplication()] };
    }
    return e;
  }

  private multiplication(): Expr {
    let e = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const t = this.next();
      e = { k: 'call', at: t.at, fn: `_${t.text}_`, args: [e, this.unary()] };
    }
    return e;
  }

  private unary(): Expr {
    if (this.isOp('!')) {
      const at = this.next().at;
      return { k: 'call', at, fn: '!_', args: [this.unary()] };
    }
    if (this.isOp('-')) {
      const at = this.next().at;
      const t = this.peek();
      // A negative literal is one literal (`-9223372036854775808` is an int).
      if ((t.kind === 'int' || t.kind === 'double') && !this.t[this.i + 1]?.text.match(/^[.[]$/)) {
        this.next();
        return this.member({ k: 'lit', at, value: -(t.value as number) });
      }
      return { k: 'call', at, fn: '-_', args: [this.unary()] };
    }
    return this.member(this.primary());
  }

  private member(e: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('.?')) {
        const dot = this.next();
        const id = this.peek();
        if (id.kind !== 'ident') fail(id.at, `mismatched input '${id.text}' expecting IDENTIFIER`);
        this.next();
        if (dot.text === '.' && this.isOp('(')) {
          const args = this.args(')');
          e = this.receiverCall(dot.at, id.text, e, args);
          continue;
        }
        e = { k: 'select', at: dot.at, operand: e, field: id.text, optional: dot.text === '.?' };
        continue;
      }
      if (this.isOp('[') || this.isOp('[?')) {
        const open = this.next();
        const index = this.expr();
        this.expect(']');
        e = { k: 'index', at: open.at, operand: e, index, optional: open.text === '[?' };
        continue;
      }
      if (this.isOp('{') && (e.k === 'ident' || (e.k === 'select' && isQualified(e)))) {
        e = this.struct(e);
        continue;
      }
      return e;
    }
  }

  private receiverCall(at: number, fn: string, target: Expr, args: Expr[]): Expr {
    const arities = MACROS[fn];
    if (arities?.includes(args.length)) {
      const v = args[0]!;
      if (v.k !== 'ident') {
        throw new SyntaxError_({ at: v.at, message: 'argument must be a simple name' });
      }
      const macro = fn as 'all' | 'exists' | 'exists_one' | 'map' | 'filter';
      if (args.length === 3)
        return {
          k: 'comprehension',
          at,
          macro,
          range: target,
          variable: v.name,
          filter: args[1],
          body: args[2]!,
        };
      return { k: 'comprehension', at, macro, range: target, variable: v.name, body: args[1]! };
    }
    return { k: 'call', at, fn, target, args };
  }

  private args(close: string): Expr[] {
    this.next(); // (
    const args: Expr[] = [];
    if (!this.isOp(close)) {
      args.push(this.expr());
      while (this.isOp(',')) {
        this.next();
        args.push(this.expr());
      }
    }
    this.expect(close);
    return args;
  }

  private struct(type: Expr): Expr {
    const at = this.next().at; // {
    const fields: { name: string; value: Expr }[] = [];
    while (!this.isOp('}')) {
      const t = this.peek();
      if (t.kind !== 'ident') fail(t.at, `mismatched input '${t.text}' expecting IDENTIFIER`);
      this.next();
      this.expect(':');
      fields.push({ name: t.text, value: this.expr() });
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expect('}');
    return { k: 'struct', at, type: qualifiedName(type), fields };
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'int':
      case 'uint':
      case 'double':
      case 'string':
      case 'bytes':
        this.next();
        return { k: 'lit', at: t.at, value: t.value };
      case 'ident': {
        this.next();
        if (t.text === 'true' || t.text === 'false' || t.text === 'null')
          return { k: 'lit', at: t.at, value: t.text === 'null' ? null : t.text === 'true' };
        if (t.text === 'in' || RESERVED.has(t.text)) fail(t.at, `reserved identifier: ${t.text}`);
        if (this.isOp('(')) {
          const args = this.args(')');
          if (t.text === 'has') {
            const a = args[0];
            if (args.length !== 1 || a?.k !== 'select' || a.optional)
              throw new SyntaxError_({ at: t.at, message: 'invalid argument to has() macro' });
            return { k: 'has', at: t.at, operand: a.operand, field: a.field };
          }
          return { k: 'call', at: t.at, fn: t.text, args };
        }
        return { k: 'ident', at: t.at, name: t.text };
      }
      case 'op':
        if (t.text === '(') {
          this.next();
          const e = this.expr();
          this.expect(')');
          return e;
        }
        if (t.text === '[') {
          return { k: 'list', at: t.at, elems: this.args(']') };
        }
        if (t.text === '{') {
          this.next();
          const entries: { key: Expr; value: Expr }[] = [];
          while (!this.isOp('}')) {
            const key = this.expr();
            this.expect(':');
            entries.push({ key, value: this.expr() });
            if (!this.isOp(',')) break;
            this.next();
          }
          this.expect('}');
          return { k: 'map', at: t.at, entries };
        }
        if (t.text === '.') {
          // A leading dot names the root scope: `.object` is `object`.
          this.next();
          const id = this.peek();
          if (id.kind === 'ident') {
            this.next();
            return { k: 'ident', at: id.at, name: id.text };
          }
        }
        break;
      case 'eof':
        break;
    }
    return fail(t.at, `mismatched input '${t.text}' expecting ${EXPECTING_PRIMARY}`);
  }
}

function isQualified(e: Expr): boolean {
  return e.k === 'ident' || (e.k === 'select' && !e.optional && isQualified(e.operand));
}

function qualifiedName(e: Expr): string {
  if (e.k === 'ident') return e.name;
  if (e.k === 'select') return `${qualifiedName(e.operand)}.${e.field}`;
  return '';
}

/** Parses an expression, or throws a CelCompileError displayed as cel-go displays it. */
export function parse(source: string): Expr {
  try {
    return new Parser(lex(source)).parse();
  } catch (e) {
    if (e instanceof SyntaxError_) throw new CelCompileError(source, [e.issue]);
    throw e;
  }
}
