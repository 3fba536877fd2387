/**
 * The tokenizer of the small Python of `python3 -c` (after CPython's Parser/tokenizer.c): names,
 * numbers, strings (with the r/b/f prefixes and triple quotes), operators, and the NEWLINE /
 * INDENT / DEDENT tokens that indentation produces; brackets and a trailing backslash join lines.
 */
import { PySyntaxError } from './errors';

export type TokKind =
  'name' | 'int' | 'float' | 'str' | 'fstr' | 'op' | 'newline' | 'indent' | 'dedent' | 'eof';

export interface Token {
  kind: TokKind;
  /** The name, the operator, a string's value (escapes done; an f-string's raw body). */
  text: string;
  line: number;
  /** 0-based column in its line, and the column after it (on its first line). */
  col: number;
  end: number;
}

const OPS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '->',
  ':=',
  '<<',
  '>>',
  ...'+-*/%<>=()[]{},:.;@&|^~',
];

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** A string literal's escapes (`\n`, `\x41`, `\u00e9`); unknown ones stay as written. */
export function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (all, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? all;
  });
}

/** Splits `src` into tokens; a bad character, string or indentation is a SyntaxError. */
export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  const indents = [0];
  let depth = 0; // open brackets: newlines inside them are not tokens
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atStart = true; // at the start of a logical line
  const col = () => i - lineStart;
  const newline = () => {
    line++;
    lineStart = i + 1;
  };
  while (i <= src.length) {
    if (atStart) {
      let width = 0;
      const from = i;
      for (; src[i] === ' ' || src[i] === '\t'; i++)
        width = src[i] === '\t' ? (Math.floor(width / 8) + 1) * 8 : width + 1;
      if (i >= src.length) break;
      if (src[i] === '#' || src[i] === '\n' || src[i] === '\r') {
        while (i < src.length && src[i] !== '\n') i++;
        newline();
        i++;
        continue;
      }
      atStart = false;
      const pos = { line, col: col(), end: col() };
      if (width > indents[indents.length - 1]) {
        indents.push(width);
        toks.push({ kind: 'indent', text: '', ...pos });
      } else {
        while (width < indents[indents.length - 1]) {
          indents.pop();
          toks.push({ kind: 'dedent', text: '', ...pos });
        }
        if (width !== indents[indents.length - 1])
          throw new PySyntaxError(
            'unindent does not match any outer indentation level',
            line,
            i - from,
            'IndentationError',
          );
      }
    }
    if (i >= src.length) break;
    const c = src[i];
    if (c === '\n') {
      if (depth === 0) {
        toks.push({ kind: 'newline', text: '', line, col: col(), end: col() });
        atStart = true;
      }
      newline();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i++;
      newline();
      i++;
      continue;
    }
    const start = col();
    const startLine = line;
    const rest = src.slice(i, i + 200);
    const str = /^([rRbBfFuU]{0,2})('''|"""|'|")/.exec(rest);
    if (str) {
      const prefix = str[1].toLowerCase();
      const q = str[2];
      i += str[0].length;
      let body = '';
      for (;;) {
        if (i >= src.length || (q.length === 1 && src[i] === '\n')) {
          throw new PySyntaxError(
            q.length === 1
              ? `unterminated string literal (detected at line ${line})`
              : `unterminated triple-quoted string literal (detected at line ${line})`,
            startLine,
            start + 1,
          );
        }
        if (src[i] === '\\') {
          if (src[i + 1] === '\n') newline();
          body += src.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (src.startsWith(q, i)) {
          i += q.length;
          break;
        }
        if (src[i] === '\n') newline();
        body += src[i++];
      }
      const raw = prefix.includes('r');
      const kind = prefix.includes('f') ? 'fstr' : 'str';
      const text = raw || kind === 'fstr' ? body : unescape(body);
      const end = startLine === line ? col() : start + 1;
      toks.push({ kind, text, line: startLine, col: start, end });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const num =
        /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)/.exec(
          rest,
        )!;
      const t = num[0];
      i += t.length;
      const isFloat = /[.eE]/.test(t) && !/^0[xX]/.test(t);
      const kind = isFloat ? 'float' : 'int';
      toks.push({ kind, text: t.replace(/_/g, ''), line, col: start, end: col() });
      continue;
    }
    const name = /^[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/.exec(rest);
    if (name) {
      i += name[0].length;
      toks.push({ kind: 'name', text: name[0], line, col: start, end: col() });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) {
      const code = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      const msg = '$?`!'.includes(c) ? 'invalid syntax' : `invalid character '${c}' (U+${code})`;
      throw new PySyntaxError(msg, line, start + 1);
    }
    i += op.length;
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) {
      if (depth === 0) throw new PySyntaxError(`unmatched '${op}'`, line, start + 1);
      depth--;
    }
    toks.push({ kind: 'op', text: op, line, col: start, end: col() });
  }
  if (depth > 0) {
    const open = [...toks].reverse().find((t) => t.kind === 'op' && '([{'.includes(t.text))!;
    throw new PySyntaxError(`'${open.text}' was never closed`, open.line, open.col + 1);
  }
  if (toks.length && toks[toks.length - 1].kind !== 'newline')
    toks.push({ kind: 'newline', text: '', line, col: col(), end: col() });
  for (let k = 1; k < indents.length; k++)
    toks.push({ kind: 'dedent', text: '', line, col: 0, end: 0 });
  toks.push({ kind: 'eof', text: '', line, col: 0, end: 0 });
  return toks;
}
