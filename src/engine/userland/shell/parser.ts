/** The shell's grammar: lists, and-or lists, pipelines, compound commands; syntax messages. */
import { Lexer } from './lexer';
import { NAME_RE, ShSyntaxError, type Node, type Redirect, type Token, type Word } from './syntax';
import type { ShellFlavour } from './types';

const RESERVED = new Set(['then', 'do', 'done', 'fi', 'elif', 'else', '}', 'esac', 'in']);

class Parser {
  p = 0;
  constructor(
    private toks: Token[],
    /** bash's indexed arrays (`a=(x y)`); ash and dash have none. */
    private arrays = false,
  ) {}

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
        if (this.arrays && lit === m[0] && t.word.length === 1 && this.isOp(this.peek(), '(')) {
          assigns.push(...this.arrayAssign(m[1]));
          continue;
        }
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

  /**
   * bash: `name=(a b c)` — each element is kept as the variable `name[i]` (a name no script can
   * assign otherwise), and `name` itself is element 0, as `$name` is `${name[0]}` in bash.
   */
  private arrayAssign(name: string): [string, Word][] {
    this.p++;
    const elems: Word[] = [];
    for (let t = this.peek(); !this.isOp(t, ')'); t = this.peek()) {
      if (!t) throw new ShSyntaxError('eof', '', this.lastLine(), ')');
      if (t.type !== 'word' && !this.isOp(t, '\n')) throw this.unexpected(t);
      if (t.type === 'word') elems.push(t.word);
      this.p++;
    }
    this.p++;
    const out: [string, Word][] = elems.map((w, i) => [`${name}[${i}]`, w]);
    return [[name, elems[0] ?? []], ...out];
  }
}

/** Parses a script; throws {@link ShSyntaxError}. */
export function parseScript(src: string, arrays = false): Node {
  return new Parser(new Lexer(src, arrays).tokens(), arrays).parse();
}

/** sh's own message for a syntax error, per shell. */
export function syntaxMessage(
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
