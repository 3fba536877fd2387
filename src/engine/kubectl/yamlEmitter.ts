/**
 * `kubectl get -o yaml` output. kubectl turns the object into JSON and then YAML with
 * sigs.k8s.io/yaml, i.e. go-yaml v2 (a port of libyaml's emitter). This emitter reproduces its
 * choices for JSON-shaped data: keys sorted with go-yaml's key order, sequences not indented under
 * their key, strings that would read as another type double-quoted (`"80"`, `"true"`,
 * `"2026-01-05T09:00:05Z"`, `""`), strings that cannot be plain single-quoted, multi-line strings
 * as `|` blocks, and long scalars folded at the first space past column 80.
 */

const BEST_WIDTH = 80;

/** go-yaml v2 sorter.go keyList.Less: letters after non-letters, digit runs compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const YAML_BOOL_NULL = new Set(
  (
    'y Y yes Yes YES on On ON n N no No NO off Off OFF true True TRUE false False FALSE ' +
    'null Null NULL ~ .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF <<'
  ).split(' '),
);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP_RE =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| )\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2})?)?$/;

/** go-yaml v2 resolve(): would this string, written plain, read back as something else? */
function resolvesToNonString(s: string): boolean {
  if (s === '') return true; // null
  if (YAML_BOOL_NULL.has(s)) return true;
  const c = s[0];
  if (c === '.') return FLOAT_RE.test(s) || !Number.isNaN(Number(s));
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (TIMESTAMP_RE.test(s)) return true;
    const plain = s.replace(/_/g, '');
    if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0|[1-9][0-9]*)$/.test(plain)) return true;
    if (FLOAT_RE.test(plain)) return true;
    if (/^[-+]?0b[01]+$/.test(plain)) return true;
  }
  return false;
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreak = (c: string): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankz = (c: string | undefined): boolean =>
  c === undefined || c === ' ' || c === '\t' || isBreak(c);
/** libyaml IS_PRINTABLE (with unicode output on, as go-yaml sets it). */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    cp >= 0x10000
  );
}

/** libyaml yaml_emitter_analyze_scalar (block context). */
function analyzeScalar(s: string): ScalarAnalysis {
  if (s === '')
    return {
      multiline: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  const ch = [...s];
  let blockIndicators = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(ch[1]);
  for (let i = 0; i < ch.length; i++) {
    const c = ch[i];
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWhitespace) blockIndicators = true;
      if (c === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === ch.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === ch.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    followedByWhitespace = isBlankz(ch[i + 2]);
  }
  const r: ScalarAnalysis = {
    multiline: lineBreaks,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) r.blockPlainAllowed = false;
  if (trailingSpace) r.blockAllowed = false;
  if (breakSpace) {
    r.blockPlainAllowed = false;
    r.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    r.blockPlainAllowed = false;
    r.singleQuotedAllowed = false;
    r.blockAllowed = false;
  }
  if (lineBreaks) r.blockPlainAllowed = false;
  if (blockIndicators) r.blockPlainAllowed = false;
  return r;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** go-yaml encoder.stringv + libyaml yaml_emitter_select_scalar_style. */
function selectStyle(s: string, simpleKey: boolean): Style {
  const a = analyzeScalar(s);
  let style: Style = s.includes('\n')
    ? 'literal'
    : resolvesToNonString(s) || BASE60_RE.test(s)
      ? 'double'
      : 'plain';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (s === '' && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

/** Accumulates output while tracking the column, as libyaml's emitter does for folding. */
class Out {
  text = '';
  column = 0;
  write(s: string): void {
    this.text += s;
    const nl = s.lastIndexOf('\n');
    this.column = nl >= 0 ? [...s.slice(nl + 1)].length : this.column + [...s].length;
  }
  /** libyaml yaml_emitter_write_indent: a line break unless already at a fresh line's start. */
  indent(n: number): void {
    const atLineStart = this.text.endsWith('\n');
    if (!(atLineStart && this.column <= n)) this.write('\n');
    this.write(' '.repeat(n - this.column));
  }
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** Writes a scalar (already preceded by its indicator context) at `indent` for continuation lines. */
function writeScalar(out: Out, s: string, indent: number, simpleKey: boolean): void {
  const style = selectStyle(s, simpleKey);
  const allowBreaks = !simpleKey;
  const ch = [...s];
  if (style === 'plain') {
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && out.column > BEST_WIDTH && ch[i + 1] !== ' ')
          out.indent(indent);
        else out.write(c);
        spaces = true;
      } else {
        out.write(c);
        spaces = false;
      }
    }
    return;
  }
  if (style === 'single') {
    out.write("'");
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          out.column > BEST_WIDTH &&
          i !== 0 &&
          i !== ch.length - 1 &&
          ch[i + 1] !== ' '
        ) {
          out.indent(indent);
        } else {
          out.write(c);
        }
        spaces = true;
      } else {
        out.write(c === "'" ? "''" : c);
        spaces = false;
      }
    }
    out.write("'");
    return;
  }
  if (style === 'double') {
    out.write('"');
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      const cp = c.codePointAt(0)!;
      if (!isPrintable(c) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        const esc = DOUBLE_ESCAPES[c];
        if (esc) out.write('\\' + esc);
        else if (cp <= 0xff) out.write('\\x' + cp.toString(16).toUpperCase().padStart(2, '0'));
        else if (cp <= 0xffff) out.write('\\u' + cp.toString(16).toUpperCase().padStart(4, '0'));
        else out.write('\\U' + cp.toString(16).toUpperCase().padStart(8, '0'));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== ch.length - 1) {
          out.indent(indent);
          if (ch[i + 1] === ' ') out.write('\\');
        } else {
          out.write(c);
        }
        spaces = true;
      } else {
        out.write(c);
        spaces = false;
      }
    }
    out.write('"');
    return;
  }
  // literal block scalar: `|`, `|-` (no trailing newline) or `|+` (several), indent hint on leading space
  let hints = '';
  if (ch[0] === ' ' || isBreak(ch[0])) hints += '2';
  if (!isBreak(ch[ch.length - 1])) hints += '-';
  else if (ch.length === 1 || isBreak(ch[ch.length - 2])) hints += '+';
  out.write('|' + hints);
  out.write('\n');
  let breaks = true;
  for (const c of ch) {
    if (isBreak(c)) {
      out.write('\n');
      breaks = true;
    } else {
      if (breaks) out.write(' '.repeat(indent));
      out.write(c);
      breaks = false;
    }
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64) as go-yaml prints floats; integers print plainly. */
function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

function isScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== 'object';
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

function writeScalarValue(out: Out, v: unknown, indent: number): void {
  if (v === null || v === undefined) out.write('null');
  else if (typeof v === 'boolean') out.write(v ? 'true' : 'false');
  else if (typeof v === 'number') out.write(formatNumber(v));
  else writeScalar(out, String(v), indent, false);
}

function sortedKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

/** Writes a block mapping whose first key starts at the current position, others at `indent`. */
function writeMapping(out: Out, obj: Record<string, unknown>, indent: number): void {
  sortedKeys(obj).forEach((key, i) => {
    if (i > 0) out.indent(indent);
    writeScalar(out, key, indent, true);
    out.write(':');
    writeValue(out, obj[key], indent, true);
  });
}

/** Writes a block sequence whose first `-` is at the current position, others at `indent`. */
function writeSequence(out: Out, arr: unknown[], indent: number): void {
  arr.forEach((item, i) => {
    if (i > 0) out.indent(indent);
    out.write('-');
    writeValue(out, item, indent, false);
  });
}

/** Writes a node after its `key:` or `-` indicator. */
function writeValue(out: Out, v: unknown, indent: number, inMapping: boolean): void {
  if (isScalar(v)) {
    out.write(' ');
    writeScalarValue(out, v, indent + 2);
  } else if (isEmptyCollection(v)) {
    out.write(Array.isArray(v) ? ' []' : ' {}');
  } else if (Array.isArray(v)) {
    if (inMapping) {
      // go-yaml writes a sequence under a mapping key without indenting it
      out.indent(indent);
      writeSequence(out, v, indent);
    } else {
      out.write(' ');
      writeSequence(out, v, indent + 2);
    }
  } else if (inMapping) {
    out.indent(indent + 2);
    writeMapping(out, v as Record<string, unknown>, indent + 2);
  } else {
    out.write(' ');
    writeMapping(out, v as Record<string, unknown>, indent + 2);
  }
}

/** Serialises a JSON-shaped value as go-yaml v2 (and so `kubectl get -o yaml`) would. */
export function emitYaml(value: unknown): string {
  const out = new Out();
  if (isScalar(value)) {
    writeScalarValue(out, value, 0);
  } else if (isEmptyCollection(value)) {
    out.write(Array.isArray(value) ? '[]' : '{}');
  } else if (Array.isArray(value)) {
    writeSequence(out, value, 0);
  } else {
    writeMapping(out, value as Record<string, unknown>, 0);
  }
  return out.text.endsWith('\n') ? out.text : out.text + '\n';
}
