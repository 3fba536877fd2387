/** The shell's syntax tree, tokens and syntax errors, shared by the lexer, parser and executor. */

/** A piece of a word: a literal, `$name`/`${name…}`, `$(…)` or `` `…` ``, or `$((…))`. */
export type Part =
  | { t: 'lit'; v: string; q: boolean }
  | { t: 'param'; name: string; op: string; arg: Word; q: boolean }
  | { t: 'cmd'; src: string; q: boolean }
  | { t: 'arith'; src: string; q: boolean };
/** A word: its literal and expanded parts, each remembering whether it was quoted. */
export type Word = Part[];
/** `fd>target`, `fd>>target`, `fd<target`, `fd>&target`. */
export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}
/** A node of the syntax tree. */
export type Node =
  | { k: 'simple'; assigns: [string, Word][]; words: Word[]; redirs: Redirect[]; line: number }
  | { k: 'pipe'; cmds: Node[]; neg: boolean }
  | { k: 'andor'; first: Node; rest: ['&&' | '||', Node][] }
  | { k: 'seq'; items: { node: Node; bg: boolean }[] }
  | { k: 'loop'; until: boolean; cond: Node; body: Node }
  | { k: 'for'; name: string; words: Word[] | undefined; body: Node }
  | { k: 'if'; branches: [Node, Node][]; otherwise?: Node }
  | { k: 'group'; body: Node; sub: boolean; redirs: Redirect[] }
  | { k: 'func'; name: string; body: Node };

/** A token: a word (`kw` when it is an unquoted literal), an operator, or a redirection. */
export type Token =
  | { type: 'word'; word: Word; raw: string; kw?: string; line: number }
  | { type: 'op'; v: string; line: number }
  | { type: 'redir'; r: Redirect; line: number };

/** A syntax error: `unexpected` token, end of file (`eof`, expecting `want`), or open `quote`. */
export class ShSyntaxError extends Error {
  constructor(
    readonly kind: 'unexpected' | 'eof' | 'quote',
    readonly token: string,
    readonly line: number,
    readonly want = '',
  ) {
    super(kind);
  }
}

/** Characters that end a word and start an operator. */
export const OP_CHARS = ';&|()<>\n';
/** A variable name at the start of a string. */
export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The text of a word that is one unquoted literal (a possible keyword), else undefined. */
export function litOnly(w: Word): string | undefined {
  return w.length === 1 && w[0].t === 'lit' && !w[0].q ? w[0].v : undefined;
}

/** Finds the index of the `close` matching an already-open `open` at `i`, skipping quotes. */
export function matchClose(
  s: string,
  i: number,
  open: string,
  close: string,
  line: number,
): number {
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
