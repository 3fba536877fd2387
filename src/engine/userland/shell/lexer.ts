/** The shell's tokenizer: words with their quoting and expansions, operators, redirections. */
import {
  matchClose,
  litOnly,
  NAME_RE,
  OP_CHARS,
  ShSyntaxError,
  type Part,
  type Redirect,
  type Token,
  type Word,
} from './syntax';

/** Splits a script into tokens; `word(true)` also reads the inside of double quotes. */
export class Lexer {
  i = 0;
  line = 1;
  /** jobs: bash's `[[ … ]]`, whose `=~` operand is a regular expression (parentheses, `|`). */
  constructor(
    private s: string,
    private bash = false,
  ) {}

  tokens(): Token[] {
    const out: Token[] = [];
    const s = this.s;
    let dbl = false;
    while (this.i < s.length) {
      const prev = out[out.length - 1];
      if (prev?.type === 'word') {
        if (prev.raw === '[[') dbl = this.bash;
        if (prev.raw === ']]') dbl = false;
      }
      // Inside bash's `[[ … ]]`, `&&` and `||` join its conditions (not commands).
      const two = s.slice(this.i, this.i + 2);
      if (dbl && (two === '&&' || two === '||')) {
        this.i += 2;
        out.push({
          type: 'word',
          word: [{ t: 'lit', v: two, q: false }],
          raw: two,
          line: this.line,
        });
        continue;
      }
      if (dbl && prev?.type === 'word' && prev.raw === '=~' && /[^\s\n]/.test(s[this.i])) {
        const start = this.i;
        const word = this.regexWord();
        out.push({
          type: 'word',
          word,
          raw: s.slice(start, this.i),
          kw: undefined,
          line: this.line,
        });
        continue;
      }
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

  /**
   * jobs: the right of `=~` in bash's `[[`: parentheses and `|` belong to the pattern (bash's
   * parse_cond_command reads it as one word); quoted parts match literally, so their regular
   * expression characters are escaped here.
   */
  private regexWord(): Word {
    const s = this.s;
    const parts: Word = [];
    let depth = 0;
    while (this.i < s.length) {
      const c = s[this.i];
      // An unbalanced `(` does not swallow the closing `]]`.
      const blank = c === ' ' || c === '\t' || c === '\n';
      if (blank && (depth === 0 || /^\s*\]\]/.test(s.slice(this.i)))) break;
      if (c === '(') depth++;
      if (c === ')') depth = Math.max(0, depth - 1);
      if (c === "'" || c === '"' || c === '\\') {
        let end = this.i + 1;
        if (c === "'") end = s.indexOf("'", this.i + 1);
        else if (c === '"') end = this.closingDq(this.i + 1);
        if (end < 0) throw new ShSyntaxError('quote', c, this.line);
        const w = new Lexer(s.slice(this.i, end + 1)).word(false);
        this.i = end + 1;
        for (const p of w)
          parts.push(p.t === 'lit' ? { ...p, v: p.v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } : p);
        continue;
      }
      if (c === '$') {
        parts.push(this.dollar(false));
        continue;
      }
      parts.push({ t: 'lit', v: c, q: true });
      this.i++;
    }
    return parts;
  }

  private closingDq(from: number): number {
    for (let k = from; k < this.s.length; k++) {
      if (this.s[k] === '\\') k++;
      else if (this.s[k] === '"') return k;
    }
    return -1;
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
      // bash: `${name[subscript]}`, an element of an indexed array (expand.ts).
      if (after.startsWith('[') && after.endsWith(']')) {
        return { t: 'param', name, op: '[]', arg: new Lexer(after.slice(1, -1)).word(true), q };
      }
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
