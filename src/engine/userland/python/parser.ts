/**
 * A recursive-descent parser for the small Python (statements after CPython's Grammar/python.gram,
 * expressions by its precedence levels), with CPython's messages for the usual mistakes: `expected
 * ':'`, `Missing parentheses in call to 'print'`, the IndentationErrors.
 */
import type { Bare, Expr, Handler, Stmt } from './ast';
import { NotSimulated, PySyntaxError } from './errors';
import { ExprParser } from './parseExpr';
import { tokenize, type Token } from './lexer';

export const KEYWORDS = new Set(
  'False None True and as assert break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
const COMPOUND = new Set(['if', 'while', 'for', 'def', 'try', 'class', 'with']);

/** Parses a script into statements; throws {@link PySyntaxError}. */
export function parsePython(src: string): Stmt[] {
  return new Parser(tokenize(src), src).module();
}

class Parser extends ExprParser {
  module(): Stmt[] {
    const body: Stmt[] = [];
    while (this.t.kind !== 'eof') {
      if (this.t.kind === 'indent')
        throw new PySyntaxError(
          'unexpected indent',
          this.t.line,
          this.t.col + 1,
          'IndentationError',
        );
      body.push(...this.statement());
    }
    return body;
  }

  /** One line's simple statements (`a = 1; print(a)`) or one compound statement. */
  private statement(): Stmt[] {
    if (this.t.kind === 'name' && COMPOUND.has(this.t.text)) return [this.compound()];
    const out = [this.simple()];
    while (this.eat(';')) {
      if (this.t.kind === 'newline') break;
      out.push(this.simple());
    }
    if (this.t.kind !== 'newline') this.fail();
    this.i++;
    return out;
  }

  /** The indented block after `:` (or statements on the same line). */
  private block(what: string, header: Token): Stmt[] {
    this.expect(':');
    if (this.t.kind !== 'newline') return this.statement();
    this.i++;
    if (this.toks[this.i].kind !== 'indent') {
      throw new PySyntaxError(
        `expected an indented block after ${what} on line ${header.line}`,
        this.t.line,
        this.t.col + 1,
        'IndentationError',
      );
    }
    this.i++;
    const body: Stmt[] = [];
    while (!['dedent', 'eof'].includes(this.toks[this.i].kind)) body.push(...this.statement());
    this.eat('', 'dedent');
    return body;
  }

  private compound(): Stmt {
    const start = this.t;
    const kw = this.t.text;
    this.i++;
    if (kw === 'if') return this.ifStmt(start, "'if' statement");
    if (kw === 'while') {
      const test = this.namedExpr();
      const body = this.block("'while' statement", start);
      const orelse = this.isKw('else') ? this.elseBlock() : [];
      return { k: 'while', test, body, orelse, ...this.pos(start) };
    }
    if (kw === 'for') {
      const target = this.targetList();
      if (!this.eat('in', 'name')) this.fail();
      const iter = this.exprList();
      const body = this.block("'for' statement", start);
      const orelse = this.isKw('else') ? this.elseBlock() : [];
      return { k: 'for', target, iter, body, orelse, ...this.pos(start) };
    }
    if (kw === 'def') {
      const name = this.name();
      this.expect('(');
      const params = this.params(')');
      this.expect(')');
      if (this.eat('->')) this.expr();
      const body = this.block(`function definition`, start);
      return { k: 'def', name, params, body, ...this.pos(start) };
    }
    if (kw === 'try') return this.tryStmt(start);
    // `class` and `with` are beyond this interpreter: said as such, not as a SyntaxError.
    throw new NotSimulated(`'${kw}' statements`);
  }

  private ifStmt(start: Token, what: string): Stmt {
    const test = this.namedExpr();
    const body = this.block(what, start);
    let orelse: Stmt[] = [];
    const t = this.t;
    if (this.eat('elif', 'name')) orelse = [this.ifStmt(t, "'elif' statement")];
    else if (this.isKw('else')) orelse = this.elseBlock();
    return { k: 'if', test, body, orelse, ...this.pos(start) };
  }

  private elseBlock(): Stmt[] {
    const t = this.t;
    this.i++;
    return this.block("'else' statement", t);
  }

  private tryStmt(start: Token): Stmt {
    const body = this.block("'try' statement", start);
    const handlers: Handler[] = [];
    while (this.isKw('except')) {
      const t = this.t;
      this.i++;
      let type: Expr | undefined;
      let name: string | undefined;
      if (!this.is(':')) {
        type = this.expr();
        if (this.eat('as', 'name')) name = this.name();
      }
      handlers.push({ type, name, body: this.block("'except' statement", t), pos: this.pos(t) });
    }
    const orelse = handlers.length && this.isKw('else') ? this.elseBlock() : [];
    let final: Stmt[] = [];
    const f = this.t;
    if (this.eat('finally', 'name')) final = this.block("'finally' statement", f);
    if (!handlers.length && !final.length) this.fail("expected 'except' or 'finally' block");
    return { k: 'try', body, handlers, orelse, final, ...this.pos(start) };
  }

  private simple(): Stmt {
    const start = this.t;
    const kw = start.kind === 'name' ? start.text : '';
    const done = (s: Bare<Stmt>): Stmt => ({ ...s, ...this.pos(start) }) as Stmt;
    if (kw === 'pass' || kw === 'break' || kw === 'continue') {
      this.i++;
      return done({ k: kw });
    }
    if (kw === 'import') {
      this.i++;
      const names = [this.dotted()].map((name) => ({ name, as: this.asName() }));
      while (this.eat(',')) names.push({ name: this.dotted(), as: this.asName() });
      return done({ k: 'import', names });
    }
    if (kw === 'from') {
      this.i++;
      const module = this.dotted();
      if (!this.eat('import', 'name')) this.fail();
      const paren = this.eat('(');
      const names = [{ name: this.is('*') ? (this.i++, '*') : this.name(), as: this.asName() }];
      while (this.eat(',') && !this.is(')')) names.push({ name: this.name(), as: this.asName() });
      if (paren) this.expect(')');
      return done({ k: 'from', module, names });
    }
    if (kw === 'return') {
      this.i++;
      const value = this.endOfSimple() ? undefined : this.exprList();
      return done({ k: 'return', value });
    }
    if (kw === 'global' || kw === 'nonlocal') {
      this.i++;
      const names = [this.name()];
      while (this.eat(',')) names.push(this.name());
      return done({ k: 'global', names });
    }
    if (kw === 'raise') {
      this.i++;
      const exc = this.endOfSimple() ? undefined : this.expr();
      if (this.eat('from', 'name')) this.expr();
      return done({ k: 'raise', exc });
    }
    if (kw === 'assert') {
      this.i++;
      const test = this.expr();
      const msg = this.eat(',') ? this.expr() : undefined;
      return done({ k: 'assert', test, msg });
    }
    if (kw === 'del') {
      this.i++;
      const targets = [this.expr()];
      while (this.eat(',')) targets.push(this.expr());
      return done({ k: 'del', targets });
    }
    // Python 2's print statement: CPython 3 names the mistake.
    if (kw === 'print' && (this.peek().kind === 'str' || this.peek().kind === 'name'))
      throw new PySyntaxError(
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        start.line,
        start.col + 1,
        'SyntaxError',
        this.src.split('\n')[start.line - 1].trimEnd().length + 1,
      );
    const first = this.exprList();
    if (this.t.kind === 'op' && /^(\+|-|\*\*?|\/\/?|%|<<|>>|&|\||\^)=$/.test(this.t.text)) {
      const op = this.t.text.slice(0, -1);
      this.i++;
      return done({ k: 'aug', target: this.checkTarget(first), op, value: this.exprList() });
    }
    if (this.is('=')) {
      const targets = [this.checkTarget(first)];
      let value = first;
      while (this.eat('=')) {
        value = this.exprList();
        if (this.is('=')) targets.push(this.checkTarget(value));
      }
      return done({ k: 'assign', targets, value });
    }
    if (this.t.kind !== 'newline' && !this.is(';')) {
      // Two expressions side by side: CPython's "Perhaps you forgot a comma?" needs brackets.
      this.fail();
    }
    return done({ k: 'expr', e: first });
  }

  private endOfSimple(): boolean {
    return this.t.kind === 'newline' || this.is(';');
  }

  private dotted(): string {
    let n = this.name();
    while (this.eat('.')) n += `.${this.name()}`;
    return n;
  }
  private asName(): string | undefined {
    return this.eat('as', 'name') ? this.name() : undefined;
  }
}
