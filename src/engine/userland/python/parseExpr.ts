/**
 * Expressions of the small Python by CPython's precedence levels (Grammar/python.gram):
 * conditional, or/and/not, comparisons, binary operators, unary, power, calls, attributes,
 * subscripts and slices, atoms, comprehensions, lambdas and f-strings.
 */
import type { Bare, Expr, FField, Param } from './ast';
import { PySyntaxError, type Pos } from './errors';
import { tokenize, unescape, type Token } from './lexer';

const KEYWORDS = new Set(
  'False None True and as assert break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/** Token helpers and expressions; ./parser adds the statements. */
export class ExprParser {
  protected i = 0;
  constructor(
    protected readonly toks: Token[],
    protected readonly src: string,
  ) {}

  protected get t(): Token {
    return this.toks[this.i];
  }
  protected peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }
  protected is(text: string, kind: Token['kind'] = 'op'): boolean {
    return this.t.kind === kind && this.t.text === text;
  }
  protected isKw(text: string): boolean {
    return this.is(text, 'name');
  }
  protected eat(text: string, kind: Token['kind'] = 'op'): boolean {
    if (!this.is(text, kind)) return false;
    this.i++;
    return true;
  }
  protected fail(msg = 'invalid syntax', tok = this.t): never {
    throw new PySyntaxError(msg, tok.line, tok.col + 1);
  }
  protected expect(text: string): Token {
    const tok = this.t;
    if (!this.eat(text)) {
      // CPython points just past the token the colon should follow.
      const prev = this.toks[this.i - 1] ?? tok;
      if (text === ':') throw new PySyntaxError("expected ':'", prev.line, prev.end + 1);
      this.fail();
    }
    return tok;
  }
  protected pos(start: Token): Pos {
    const last = this.toks[this.i - 1] ?? start;
    return { line: start.line, col: start.col, end: last.line === start.line ? last.end : -1 };
  }

  /** `a, b` as a for-loop target (stops before `in`). */
  protected targetList(): Expr {
    const start = this.t;
    const first = this.binary(0);
    if (!this.is(',')) return this.checkTarget(first);
    const items = [first];
    while (this.eat(',') && !this.isKw('in')) items.push(this.binary(0));
    return this.checkTarget({ k: 'tuple', items, ...this.pos(start) });
  }

  /** Expressions separated by commas: a tuple without brackets. */
  protected exprList(): Expr {
    const start = this.t;
    const first = this.namedExpr();
    if (!this.is(',')) return first;
    const items = [first];
    while (this.eat(',') && this.startsExpr()) items.push(this.namedExpr());
    return { k: 'tuple', items, ...this.pos(start) };
  }

  protected startsExpr(): boolean {
    const t = this.t;
    if (t.kind === 'newline' || t.kind === 'eof') return false;
    if (t.kind === 'op') return '([{-+~'.includes(t.text) && t.text.length === 1;
    return !(
      t.kind === 'name' &&
      KEYWORDS.has(t.text) &&
      !/^(not|None|True|False|lambda)$/.test(t.text)
    );
  }

  protected namedExpr(): Expr {
    return this.expr();
  }

  expr(): Expr {
    const start = this.t;
    if (this.eat('lambda', 'name')) {
      const params = this.params(':');
      this.expect(':');
      return { k: 'lambda', params, body: this.expr(), ...this.pos(start) };
    }
    const body = this.orExpr();
    if (!this.isKw('if')) return body;
    this.i++;
    const test = this.orExpr();
    if (!this.eat('else', 'name')) this.fail("expected 'else' after 'if' expression");
    const orelse = this.expr();
    return { k: 'ifexp', test, body, orelse, ...this.pos(start) };
  }

  protected orExpr(): Expr {
    const start = this.t;
    let l = this.andExpr();
    while (this.eat('or', 'name'))
      l = { k: 'bool', op: 'or', l, r: this.andExpr(), ...this.pos(start) };
    return l;
  }
  protected andExpr(): Expr {
    const start = this.t;
    let l = this.notExpr();
    while (this.eat('and', 'name'))
      l = { k: 'bool', op: 'and', l, r: this.notExpr(), ...this.pos(start) };
    return l;
  }
  protected notExpr(): Expr {
    const start = this.t;
    if (this.eat('not', 'name'))
      return { k: 'unary', op: 'not', e: this.notExpr(), ...this.pos(start) };
    return this.comparison();
  }
  protected comparison(): Expr {
    const start = this.t;
    const first = this.binary(0);
    const ops: string[] = [];
    const rest: Expr[] = [];
    for (;;) {
      let op: string | undefined;
      if (this.t.kind === 'op' && ['<', '>', '==', '>=', '<=', '!='].includes(this.t.text))
        op = this.t.text;
      else if (this.isKw('in')) op = 'in';
      else if (this.isKw('not') && this.peek().text === 'in') op = 'not in';
      else if (this.isKw('is')) op = this.peek().text === 'not' ? 'is not' : 'is';
      if (!op) break;
      this.i += op.split(' ').length;
      ops.push(op);
      rest.push(this.binary(0));
    }
    return ops.length ? { k: 'cmp', first, ops, rest, ...this.pos(start) } : first;
  }

  /** Binary operators by precedence: | ^ & << >> + - * / // % @. */
  protected binary(level: number): Expr {
    const LEVELS = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];
    if (level >= LEVELS.length) return this.unary();
    const start = this.t;
    let l = this.binary(level + 1);
    while (this.t.kind === 'op' && LEVELS[level].includes(this.t.text)) {
      const opTok = this.toks[this.i++];
      const r = this.binary(level + 1);
      l = { k: 'bin', op: opTok.text, l, r, opCol: opTok.col, ...this.pos(start) };
    }
    return l;
  }
  protected unary(): Expr {
    const start = this.t;
    if (this.t.kind === 'op' && ['-', '+', '~'].includes(this.t.text)) {
      this.i++;
      return { k: 'unary', op: start.text, e: this.unary(), ...this.pos(start) };
    }
    return this.power();
  }
  protected power(): Expr {
    const start = this.t;
    const base = this.postfix();
    if (!this.is('**')) return base;
    const opTok = this.toks[this.i++];
    return { k: 'bin', op: '**', l: base, r: this.unary(), opCol: opTok.col, ...this.pos(start) };
  }

  protected postfix(): Expr {
    const start = this.t;
    let e = this.atom();
    for (;;) {
      if (this.eat('.')) e = { k: 'attr', e, name: this.name(), ...this.pos(start) };
      else if (this.eat('(')) {
        const args: Expr[] = [];
        const kw: { name: string; value: Expr }[] = [];
        while (!this.is(')')) {
          if (this.t.kind === 'name' && this.peek().text === '=' && this.peek().kind === 'op') {
            const name = this.name();
            this.i++;
            kw.push({ name, value: this.expr() });
          } else {
            const a = this.expr();
            args.push(this.isKw('for') ? this.comprehension(a, 'gen', this.t) : a);
          }
          if (!this.eat(',')) break;
        }
        this.expect(')');
        e = { k: 'call', fn: e, args, kw, ...this.pos(start) };
      } else if (this.eat('[')) {
        const index = this.subscript();
        this.expect(']');
        e = { k: 'sub', e, index, ...this.pos(start) };
      } else return e;
    }
  }

  protected subscript(): Expr {
    const start = this.t;
    const part = () => (this.is(':') || this.is(']') ? undefined : this.expr());
    const lo = part();
    if (!this.eat(':')) return lo ?? this.fail();
    const hi = part();
    const step = this.eat(':') ? part() : undefined;
    return { k: 'slice', lo, hi, step, ...this.pos(start) };
  }

  protected comprehension(elt: Expr, kind: 'list' | 'gen' | 'set', start: Token): Expr {
    this.i++; // for
    const target = this.targetList();
    if (!this.eat('in', 'name')) this.fail();
    const iter = this.orExpr();
    const conds: Expr[] = [];
    while (this.eat('if', 'name')) conds.push(this.orExpr());
    return { k: 'comp', kind, elt, target, iter, conds, ...this.pos(start) };
  }

  protected atom(): Expr {
    const t = this.t;
    const at = (e: Bare<Expr>): Expr => ({ ...e, ...this.pos(t) }) as Expr;
    if (t.kind === 'int') {
      this.i++;
      return at({
        k: 'num',
        v: BigInt(
          /^0\d/.test(t.text)
            ? this.fail(
                'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
                t,
              )
            : t.text,
        ),
      });
    }
    if (t.kind === 'float') {
      this.i++;
      return at({ k: 'num', v: Number(t.text) });
    }
    if (t.kind === 'str' || t.kind === 'fstr') {
      // Adjacent literals are joined ("a" "b").
      const parts: (string | FField)[] = [];
      let f = false;
      while (this.t.kind === 'str' || this.t.kind === 'fstr') {
        const s = this.toks[this.i++];
        if (s.kind === 'fstr') {
          f = true;
          parts.push(...this.fstring(s));
        } else parts.push(s.text);
      }
      return f ? at({ k: 'fstr', parts }) : at({ k: 'str', v: parts.join('') });
    }
    if (t.kind === 'name') {
      if (t.text === 'None' || t.text === 'True' || t.text === 'False') {
        this.i++;
        return at({ k: 'const', v: t.text === 'None' ? null : t.text === 'True' });
      }
      return at({ k: 'name', id: this.name() });
    }
    if (this.eat('(')) {
      if (this.eat(')')) return at({ k: 'tuple', items: [] });
      const first = this.expr();
      if (this.isKw('for')) {
        const c = this.comprehension(first, 'gen', t);
        this.expect(')');
        return c;
      }
      if (this.eat(')')) return first;
      const items = [first];
      while (this.eat(',') && !this.is(')')) items.push(this.expr());
      this.expect(')');
      return at({ k: 'tuple', items });
    }
    if (this.eat('[')) {
      const items: Expr[] = [];
      if (!this.is(']')) {
        const first = this.expr();
        if (this.isKw('for')) {
          const c = this.comprehension(first, 'list', t);
          this.expect(']');
          return c;
        }
        items.push(first);
        while (this.eat(',') && !this.is(']')) items.push(this.expr());
      }
      this.expect(']');
      return at({ k: 'list', items });
    }
    if (this.eat('{')) {
      const keys: Expr[] = [];
      const values: Expr[] = [];
      const items: Expr[] = [];
      while (!this.is('}')) {
        const key = this.expr();
        if (this.eat(':')) {
          keys.push(key);
          values.push(this.expr());
        } else items.push(key);
        if (!this.eat(',')) break;
      }
      this.expect('}');
      return items.length ? at({ k: 'set', items }) : at({ k: 'dict', keys, values });
    }
    if (t.kind === 'newline' || t.kind === 'eof') this.fail('invalid syntax', t);
    return this.fail();
  }

  /** An f-string's body: literal text and `{expr!conv:spec}` fields. */
  protected fstring(tok: Token): (string | FField)[] {
    const s = tok.text;
    const parts: (string | FField)[] = [];
    let lit = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if ((c === '{' || c === '}') && s[i + 1] === c) {
        lit += c;
        i += 2;
        continue;
      }
      if (c === '}')
        throw new PySyntaxError("f-string: single '}' is not allowed", tok.line, tok.col + 1);
      if (c !== '{') {
        lit += c;
        i++;
        continue;
      }
      if (lit) parts.push(unescape(lit));
      lit = '';
      let depth = 0;
      let j = i + 1;
      for (; j < s.length; j++) {
        if ('([{'.includes(s[j])) depth++;
        else if (')]'.includes(s[j]) || (s[j] === '}' && depth > 0)) depth--;
        else if (
          depth === 0 &&
          (s[j] === '}' || s[j] === ':' || (s[j] === '!' && s[j + 1] !== '='))
        )
          break;
      }
      let text = s.slice(i + 1, j);
      if (!text.trim())
        throw new PySyntaxError(
          "f-string: valid expression required before '}'",
          tok.line,
          tok.col + 1,
        );
      const self = /=\s*$/.test(text) && !/[=!<>]=\s*$/.test(text) ? text : undefined;
      if (self) text = text.replace(/=\s*$/, '');
      const field: FField = { expr: this.fieldExpr(text, tok), spec: [], self };
      if (s[j] === '!') {
        field.conv = s[j + 1] as FField['conv'];
        j += 2;
      }
      if (s[j] === ':') {
        let k = j + 1;
        let d = 0;
        for (; k < s.length && (s[k] !== '}' || d > 0); k++)
          d += s[k] === '{' ? 1 : s[k] === '}' ? -1 : 0;
        field.spec = this.fstring({ ...tok, text: s.slice(j + 1, k) });
        j = k;
      }
      if (s[j] !== '}') throw new PySyntaxError("f-string: expecting '}'", tok.line, tok.col + 1);
      parts.push(field);
      i = j + 1;
    }
    if (lit) parts.push(unescape(lit));
    return parts;
  }

  protected fieldExpr(text: string, tok: Token): Expr {
    const toks = tokenize(`(${text})`).filter((t) => t.kind !== 'newline' && t.kind !== 'eof');
    toks.push({ kind: 'eof', text: '', line: 1, col: 0, end: 0 });
    // Positions are the f-string's own: errors point at its line.
    for (const t of toks) {
      t.line = tok.line;
      t.col = tok.col;
      t.end = -1;
    }
    return new ExprParser(toks, this.src).expr();
  }
  protected checkTarget(e: Expr): Expr {
    if (e.k === 'name' || e.k === 'attr' || e.k === 'sub') return e;
    if (e.k === 'tuple' || e.k === 'list') {
      e.items.forEach((x) => this.checkTarget(x));
      return e;
    }
    const what =
      e.k === 'call'
        ? 'function call'
        : e.k === 'num' || e.k === 'str' || e.k === 'const'
          ? 'literal'
          : 'expression';
    throw new PySyntaxError(
      `cannot assign to ${what} here. Maybe you meant '==' instead of '='?`,
      e.line,
      e.col + 1,
    );
  }
  protected name(): string {
    if (this.t.kind !== 'name' || KEYWORDS.has(this.t.text)) this.fail();
    return this.toks[this.i++].text;
  }
  protected params(close: string): Param[] {
    const out: Param[] = [];
    while (!this.is(close)) {
      const name = this.name();
      const dflt = this.eat('=') ? this.expr() : undefined;
      out.push({ name, dflt });
      if (!this.eat(',')) break;
    }
    return out;
  }
}
