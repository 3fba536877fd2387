/**
 * `kubectl get -o go-template=…`: the part of Go's text/template that kubectl users write —
 * fields (`{{.metadata.name}}`, `{{$.kind}}`), `{{range …}}…{{else}}…{{end}}`,
 * `{{if …}}…{{else}}…{{end}}`, the functions `index`, `len`, `not`, `eq`, `ne`, `printf`
 * (`%s %d %v %q`), string and number literals, pipes into the last argument (`{{.x | printf "%q"}}`)
 * and trim markers (`{{- … -}}`). kubectl feeds the template the unstructured object: whole
 * numbers are int64 (`1000000`), a missing key prints `<no value>`, a map `map[k:v]`, and `index`
 * of a missing map fails. Checked against kubectl v1.31.9.
 * k8s: cli-runtime/pkg/printers/template.go; Go: text/template.
 */
import { goSprint } from './jsonpath';

/** A template that failed to parse or run; `message` is what kubectl prints. */
export class GoTemplateError extends Error {
  override name = 'GoTemplateError';
}

type Piece = { kind: 'text'; text: string } | { kind: 'action'; words: string[]; line: number };

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'print'; words: string[] }
  | { kind: 'range' | 'if'; words: string[]; body: Block[]; otherwise: Block[] };

const NO_VALUE = Symbol('no value');

/** Splits an action into words: string literals, `|`, and everything else up to a space. */
function words(src: string, line: number): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+)/y;
  let m: RegExpExecArray | null;
  const rest = src.trim();
  while (re.lastIndex < rest.length && (m = re.exec(rest))) out.push(m[1]);
  if (re.lastIndex < rest.length && rest.slice(re.lastIndex).trim()) {
    throw new GoTemplateError(`template: output:${line}: unexpected "${rest.slice(re.lastIndex)}"`);
  }
  return out;
}

function lex(template: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      pieces.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    let text = template.slice(i, open);
    const close = template.indexOf('}}', open + 2);
    const line = template.slice(0, open).split('\n').length;
    if (close < 0) throw new GoTemplateError(`template: output:${line}: unclosed action`);
    let inner = template.slice(open + 2, close);
    if (inner.startsWith('- ')) {
      text = text.trimEnd();
      inner = inner.slice(2);
    }
    let trimAfter = false;
    if (inner.endsWith(' -')) {
      trimAfter = true;
      inner = inner.slice(0, -2);
    }
    if (text) pieces.push({ kind: 'text', text });
    const trimmed = inner.trim();
    if (!trimmed.startsWith('/*'))
      pieces.push({ kind: 'action', words: words(trimmed, line), line });
    i = close + 2;
    if (trimAfter) while (i < template.length && /\s/.test(template[i])) i++;
  }
  return pieces;
}

const FUNCTIONS = new Set(['index', 'len', 'not', 'eq', 'ne', 'printf']);

/** Go checks function names when it parses: an unknown one is a parse error. */
function checkFunctions(ws: string[], line: number): string[] {
  ws.forEach((w, i) => {
    const head = i === 0 || ws[i - 1] === '|';
    if (head && w !== '|' && !FUNCTIONS.has(w) && !/^[.$"`\d-]|^(true|false)$/.test(w)) {
      throw new GoTemplateError(`template: output:${line}: function "${w}" not defined`);
    }
  });
  return ws;
}

function parse(pieces: Piece[]): Block[] {
  let pos = 0;
  const block = (top: boolean): { body: Block[]; end: 'end' | 'else' | 'eof' } => {
    const body: Block[] = [];
    while (pos < pieces.length) {
      const p = pieces[pos++];
      if (p.kind === 'text') {
        body.push(p);
        continue;
      }
      const [head, ...args] = p.words;
      if (head === 'end' || head === 'else') {
        if (top) throw new GoTemplateError(`template: output:${p.line}: unexpected {{${head}}}`);
        return { body, end: head };
      }
      if (head === 'range' || head === 'if') {
        const inner = block(false);
        let otherwise: Block[] = [];
        if (inner.end === 'else') otherwise = block(false).body;
        else if (inner.end === 'eof')
          throw new GoTemplateError(`template: output:${p.line}: unexpected EOF`);
        body.push({ kind: head, words: checkFunctions(args, p.line), body: inner.body, otherwise });
        continue;
      }
      if (!head) throw new GoTemplateError(`template: output:${p.line}: missing value for command`);
      body.push({ kind: 'print', words: checkFunctions(p.words, p.line) });
    }
    return { body, end: 'eof' };
  };
  return block(true).body;
}

function field(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const name of path.split('.').filter(Boolean)) {
    if (cur === NO_VALUE || cur === null || cur === undefined) return NO_VALUE;
    if (typeof cur !== 'object' || Array.isArray(cur)) {
      throw new GoTemplateError(`can't evaluate field ${name} in type ${goType(cur)}`);
    }
    const o = cur as Record<string, unknown>;
    cur = name in o ? o[name] : NO_VALUE;
  }
  return cur;
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

function truthy(v: unknown): boolean {
  if (v === NO_VALUE || v === null || v === undefined || v === false || v === 0 || v === '')
    return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** fmt.Print of one value, as text/template prints it. */
function print(v: unknown): string {
  if (v === NO_VALUE) return '<no value>';
  if (typeof v === 'number') return goFloat(v);
  return goSprint(v);
}

/**
 * A JSON number as kubectl's template sees it: the unstructured decoder keeps whole numbers as
 * int64 (`1000000`), others as float64, which %v prints with the shortest digits and in exponent
 * form when the exponent is below -4 or at least 6 (`0.5`, `1.5e+06`).
 */
function goFloat(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  if (Number.isInteger(v)) return String(v);
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(v);
}

function printf(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(/%([svdq%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (a === undefined) return `%!${verb}(MISSING)`;
    if (verb === 'q') return JSON.stringify(typeof a === 'string' ? a : print(a));
    if (verb === 'd' && typeof a === 'number') return String(Math.trunc(a));
    return print(a);
  });
}

class Runner {
  constructor(readonly root: unknown) {}

  /** Evaluates a pipeline: commands separated by `|`, each result fed as the next's last arg. */
  pipe(ws: string[], dot: unknown): unknown {
    const commands: string[][] = [[]];
    for (const w of ws) {
      if (w === '|') commands.push([]);
      else commands[commands.length - 1].push(w);
    }
    let value: unknown = undefined;
    commands.forEach((cmd, i) => {
      value = this.command(cmd, dot, i === 0 ? undefined : { v: value });
    });
    return value;
  }

  command(cmd: string[], dot: unknown, piped?: { v: unknown }): unknown {
    const [head, ...rest] = cmd;
    const args = () => [...rest.map((w) => this.term(w, dot)), ...(piped ? [piped.v] : [])];
    switch (head) {
      case 'index': {
        const [first, ...keys] = args();
        let cur = first;
        for (const k of keys) {
          if (cur === NO_VALUE || cur === null || cur === undefined) {
            throw new GoTemplateError('error calling index: index of untyped nil');
          }
          if (typeof cur !== 'object') {
            throw new GoTemplateError(
              `error calling index: can't index item of type ${goType(cur)}`,
            );
          }
          const o = cur as Record<string, unknown>;
          const key = typeof k === 'number' ? k : String(k);
          if (Array.isArray(cur) && (typeof key !== 'number' || key < 0 || key >= cur.length)) {
            throw new GoTemplateError(`error calling index: index out of range: ${String(k)}`);
          }
          cur = key in o ? o[key as string] : NO_VALUE;
        }
        return cur;
      }
      case 'len': {
        const [v] = args();
        if (typeof v === 'string' || Array.isArray(v)) return v.length;
        if (v && typeof v === 'object') return Object.keys(v).length;
        throw new GoTemplateError(`error calling len: len of type ${goType(v)}`);
      }
      case 'not':
        return !truthy(args()[0]);
      case 'eq':
      case 'ne': {
        const [a, ...bs] = args();
        const eq = bs.some((b) => a === b);
        return head === 'eq' ? eq : !eq;
      }
      case 'printf': {
        const [format, ...more] = args();
        return printf(String(format), more);
      }
    }
    if (rest.length || piped)
      throw new GoTemplateError(`can't give argument to non-function ${head}`);
    return this.term(head, dot);
  }

  term(w: string, dot: unknown): unknown {
    if (w === '.') return dot;
    if (w.startsWith('.')) return field(dot, w);
    if (w === '$') return this.root;
    if (w.startsWith('$.')) return field(this.root, w.slice(1));
    if (w.startsWith('"')) return JSON.parse(w) as string;
    if (w.startsWith('`')) return w.slice(1, -1);
    if (w === 'true' || w === 'false') return w === 'true';
    if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
    throw new GoTemplateError(`function "${w}" not defined`);
  }

  run(blocks: Block[], dot: unknown): string {
    let out = '';
    for (const b of blocks) {
      if (b.kind === 'text') out += b.text;
      else if (b.kind === 'print') out += print(this.pipe(b.words, dot));
      else if (b.kind === 'if') {
        out += this.run(truthy(this.pipe(b.words, dot)) ? b.body : b.otherwise, dot);
      } else {
        const v = this.pipe(b.words, dot);
        const items = Array.isArray(v)
          ? v
          : v && typeof v === 'object'
            ? Object.keys(v)
                .sort()
                .map((k) => (v as Record<string, unknown>)[k])
            : [];
        if (items.length === 0) out += this.run(b.otherwise, dot);
        for (const item of items) out += this.run(b.body, item);
      }
    }
    return out;
  }
}

/**
 * Runs a go-template against one object (or the `List` of a list request).
 * @throws GoTemplateError with kubectl's message (without the `error: ` prefix).
 */
export function goTemplate(template: string, data: unknown): string {
  let blocks: Block[];
  try {
    blocks = parse(lex(template));
  } catch (e) {
    if (e instanceof GoTemplateError)
      throw new GoTemplateError(`error parsing template ${template}, ${e.message}`);
    throw e;
  }
  try {
    return new Runner(data).run(blocks, data);
  } catch (e) {
    if (e instanceof GoTemplateError)
      throw new GoTemplateError(
        `error executing template "${template}": template: output:1: executing "output": ${e.message}`,
      );
    throw e;
  }
}
