/**
 * kubectl's JSONPath templates (`-o jsonpath=...`): a port of the subset of
 * k8s.io/client-go/util/jsonpath that kubectl users meet: `{.a.b}`, `{.items[*].metadata.name}`,
 * `{.items[0]}`, slices `[1:3]`, `[-1]`, `{.spec.containers[*]['name','image']}`-free unions of
 * indexes `[0,2]`, wildcards `.*`, recursive descent `..name`, filters
 * `[?(@.type=="Ready")]`, `{range .items[*]}…{end}` and string literals `{"\n"}`.
 * kubectl runs it with missing keys allowed (`--allow-missing-template-keys=true`).
 */

type Node =
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'array'; params: SliceParams[] }
  | { type: 'filter'; left: Node[]; op: string; right: Node[] }
  | { type: 'root' }
  | { type: 'current' }
  | { type: 'literal'; value: string | number | boolean }
  | { type: 'range'; expr: Node[] }
  | { type: 'end' };

interface SliceParams {
  start?: number;
  end?: number;
  step?: number;
  /** A single index `[i]` (end derived as i+1). */
  single: boolean;
}

/** A template that failed to parse or evaluate; `message` is what kubectl prints after `error: `. */
export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

const TERMINATORS = new Set([
  ' ',
  '.',
  ',',
  '[',
  ']',
  '$',
  '@',
  '{',
  '}',
  '(',
  ')',
  '=',
  '!',
  '<',
  '>',
]);

class Parser {
  pos = 0;
  constructor(readonly input: string) {}

  fail(msg: string): never {
    throw new JsonPathError(msg);
  }

  /** The template: text, and actions in braces, each action a list of nodes. */
  parse(): Node[][] {
    const out: Node[][] = [];
    while (this.pos < this.input.length) {
      const open = this.input.indexOf('{', this.pos);
      if (open < 0) {
        out.push([{ type: 'text', text: this.input.slice(this.pos) }]);
        break;
      }
      if (open > this.pos) out.push([{ type: 'text', text: this.input.slice(this.pos, open) }]);
      this.pos = open + 1;
      out.push(this.parseAction());
    }
    return out;
  }

  parseAction(): Node[] {
    const nodes: Node[] = [];
    const rest = (): string => this.input.slice(this.pos);
    for (;;) {
      if (this.pos >= this.input.length) this.fail('unclosed action');
      const r = this.input[this.pos];
      if (nodes.length === 0 && rest().startsWith('range')) {
        this.pos += 'range'.length;
        const expr = this.parseAction();
        return [{ type: 'range', expr }];
      }
      if (rest().startsWith('end') && nodes.length === 0) {
        this.pos += 3;
        this.expectClose();
        return [{ type: 'end' }];
      }
      if (r === '}') {
        this.pos++;
        return nodes;
      }
      if (r === '\n') this.fail('unclosed action');
      if (r === ' ') {
        this.pos++;
      } else if (r === '@') {
        this.pos++;
        nodes.push({ type: 'current' });
      } else if (r === '$') {
        this.pos++;
        nodes.push({ type: 'root' });
      } else if (r === '[') {
        nodes.push(this.parseArray());
      } else if (r === '"' || r === "'") {
        nodes.push({ type: 'text', text: this.parseQuote() });
      } else if (r === '.') {
        nodes.push(...this.parseField());
      } else if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        const m = /^[-+]?[0-9.eE]+/.exec(rest())!;
        this.pos += m[0].length;
        nodes.push({ type: 'literal', value: Number(m[0]) });
      } else if (rest().startsWith('true') || rest().startsWith('false')) {
        const v = rest().startsWith('true');
        this.pos += v ? 4 : 5;
        nodes.push({ type: 'literal', value: v });
      } else {
        const cp = r.codePointAt(0)!;
        const hex = cp.toString(16).toUpperCase().padStart(4, '0');
        this.fail(`unrecognized character in action: U+${hex} '${r}'`);
      }
    }
  }

  expectClose(): void {
    while (this.input[this.pos] === ' ') this.pos++;
    if (this.input[this.pos] !== '}') this.fail('unclosed action');
    this.pos++;
  }

  parseQuote(): string {
    const q = this.input[this.pos];
    let i = this.pos + 1;
    let raw = '';
    for (; i < this.input.length && this.input[i] !== q; i++) {
      if (this.input[i] === '\\' && i + 1 < this.input.length) {
        raw += this.input[i] + this.input[i + 1];
        i++;
      } else {
        raw += this.input[i];
      }
    }
    if (i >= this.input.length) this.fail('unclosed quote');
    this.pos = i + 1;
    // strconv.Unquote of a Go string literal
    return raw.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        '"': '"',
        "'": "'",
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        '0': '\0',
      };
      if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
      return simple[e] ?? e;
    });
  }

  parseField(): Node[] {
    this.pos++; // '.'
    if (this.input[this.pos] === '.') {
      this.pos++;
      return [{ type: 'recursive' }, ...this.fieldName()];
    }
    return this.fieldName();
  }

  fieldName(): Node[] {
    if (this.input[this.pos] === '*') {
      this.pos++;
      return [{ type: 'wildcard' }];
    }
    let name = '';
    while (this.pos < this.input.length) {
      const c = this.input[this.pos];
      if (c === '\\' && this.input[this.pos + 1] === '.') {
        name += '.';
        this.pos += 2;
        continue;
      }
      if (TERMINATORS.has(c)) break;
      name += c;
      this.pos++;
    }
    return name === '' ? [] : [{ type: 'field', name }];
  }

  parseArray(): Node {
    const close = this.input.indexOf(']', this.pos);
    if (this.input[this.pos + 1] === '?') return this.parseFilter();
    if (close < 0) this.fail('unclosed array expect ]');
    const text = this.input.slice(this.pos + 1, close).replace(/ /g, '');
    this.pos = close + 1;
    if (text === '*') return { type: 'wildcard' };
    if (/^'[^']*'(,'[^']*')*$/.test(text)) {
      // ['a'] is a field; ['a','b'] a union of fields: only the first is kept here
      return { type: 'field', name: text.slice(1, text.indexOf("'", 1)) };
    }
    const params: SliceParams[] = [];
    for (const part of text.split(',')) {
      const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(part);
      if (!m || part === '') this.fail(`invalid array index ${part}`);
      const num = (s: string | undefined): number | undefined =>
        s === undefined || s === '' || s === ':' ? undefined : parseInt(s.replace(':', ''), 10);
      params.push({
        start: num(m[1]),
        end: num(m[2]),
        step: num(m[3]),
        single: m[2] === undefined,
      });
    }
    return { type: 'array', params };
  }

  parseFilter(): Node {
    const end = this.input.indexOf(')]', this.pos);
    if (end < 0 || this.input[this.pos + 2] !== '(') this.fail('unclosed array expect ]');
    const body = this.input.slice(this.pos + 3, end);
    this.pos = end + 2;
    const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(body);
    const sub = (s: string): Node[] => new Parser(s + '}').parseAction();
    if (!m) return { type: 'filter', left: sub(body), op: 'exists', right: [] };
    return { type: 'filter', left: sub(m[1]), op: m[2], right: sub(m[3]) };
  }
}

function sortedValues(obj: Record<string, unknown>): unknown[] {
  return Object.keys(obj)
    .sort()
    .map((k) => obj[k]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Evaluator {
  constructor(readonly root: unknown) {}

  walk(values: unknown[], nodes: Node[]): unknown[] {
    let cur = values;
    for (const node of nodes) cur = this.step(cur, node);
    return cur;
  }

  step(values: unknown[], node: Node): unknown[] {
    switch (node.type) {
      case 'root':
        return [this.root];
      case 'current':
        return values;
      case 'text':
        return [node.text];
      case 'literal':
        return [node.value];
      case 'field': {
        const out: unknown[] = [];
        for (const v of values) {
          if (isObject(v) && Object.prototype.hasOwnProperty.call(v, node.name))
            out.push(v[node.name]);
        }
        return out; // kubectl allows missing keys
      }
      case 'wildcard': {
        const out: unknown[] = [];
        for (const v of values) {
          if (Array.isArray(v)) out.push(...v);
          else if (isObject(v)) out.push(...sortedValues(v));
        }
        return out;
      }
      case 'recursive': {
        const out: unknown[] = [];
        const visit = (v: unknown): void => {
          out.push(v);
          if (Array.isArray(v)) v.forEach(visit);
          else if (isObject(v)) sortedValues(v).forEach(visit);
        };
        values.forEach(visit);
        return out;
      }
      case 'array':
        return this.array(values, node.params);
      case 'filter':
        return this.filter(values, node);
      default:
        return values;
    }
  }

  array(values: unknown[], params: SliceParams[]): unknown[] {
    const out: unknown[] = [];
    for (const v of values) {
      if (!Array.isArray(v)) throw new JsonPathError(`${goValueString(v)} is not array or slice`);
      const len = v.length;
      for (const p of params) {
        let start = p.start ?? 0;
        if (start < 0) start += len;
        let end = p.single ? start + 1 : (p.end ?? len);
        if (!p.single && end < 0) end += len;
        if (end === start) continue;
        if (start >= len || start < 0) {
          throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
        }
        if (end > len || end < 0) {
          throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
        }
        if (start > end) {
          throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
        }
        const step = p.step && p.step > 0 ? p.step : 1;
        for (let i = start; i < end; i += step) out.push(v[i]);
      }
    }
    return out;
  }

  filter(values: unknown[], node: Extract<Node, { type: 'filter' }>): unknown[] {
    const out: unknown[] = [];
    for (const v of values) {
      const items = Array.isArray(v) ? v : isObject(v) ? sortedValues(v) : [];
      for (const item of items) {
        const left = this.walk([item], node.left);
        if (node.op === 'exists') {
          if (left.length > 0) out.push(item);
          continue;
        }
        const right = this.walk([item], node.right);
        if (left.length === 0 || right.length === 0) continue;
        if (compare(left[0], node.op, right[0])) out.push(item);
      }
    }
    return out;
  }
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') return a === b || (typeof a === 'number' && typeof b === 'number' && a === b);
  if (op === '!=') return a !== b;
  if (op === '=~') return typeof a === 'string' && typeof b === 'string' && new RegExp(b).test(a);
  const x = a as number | string;
  const y = b as number | string;
  if (op === '<') return x < y;
  if (op === '>') return x > y;
  if (op === '<=') return x <= y;
  return x >= y;
}

/** Go's json.Marshal for the JSON-shaped value: sorted keys, no spaces, HTML-safe escapes. */
export function goJsonMarshal(v: unknown, indent?: string): string {
  const json = JSON.stringify(sortKeysDeep(v), null, indent);
  return (json ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Recursively sorts object keys in Go's map order (byte order). */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      if (v[k] !== undefined) out[k] = sortKeysDeep(v[k]);
    }
    return out;
  }
  return v;
}

/** fmt.Fprint of a decoded JSON value, as jsonpath's evalToText prints scalars. */
function goValueString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
    return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return goJsonMarshal(v);
}

/** PrintResults: maps and lists as compact JSON, scalars as text, joined by spaces. */
function printResults(results: unknown[]): string {
  return results
    .map((r) => (typeof r === 'object' && r !== null ? goJsonMarshal(r) : goValueString(r)))
    .join(' ');
}

/**
 * Evaluates a kubectl JSONPath template against an object (for a list, the `List` object with
 * `items`). Throws {@link JsonPathError} with kubectl's message on a bad template.
 * @example jsonPath('{.items[*].metadata.name}', list) // "web-1 web-2"
 */
export function jsonPath(template: string, obj: unknown): string {
  let actions: Node[][];
  try {
    actions = new Parser(template).parse();
  } catch (e) {
    if (e instanceof JsonPathError) {
      throw new JsonPathError(`error parsing jsonpath ${template}, ${e.message}`);
    }
    throw e;
  }
  const ev = new Evaluator(obj);
  try {
    return render(ev, actions, [obj]);
  } catch (e) {
    if (e instanceof JsonPathError) {
      throw new JsonPathError(
        `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${e.message}.`,
      );
    }
    throw e;
  }
}

function render(ev: Evaluator, actions: Node[][], current: unknown[]): string {
  let out = '';
  for (let i = 0; i < actions.length; i++) {
    const nodes = actions[i];
    const first = nodes[0];
    if (first?.type === 'range') {
      // find the matching {end}
      let depth = 1;
      let j = i + 1;
      for (; j < actions.length; j++) {
        if (actions[j][0]?.type === 'range') depth++;
        if (actions[j][0]?.type === 'end' && --depth === 0) break;
      }
      if (j >= actions.length) throw new JsonPathError('not in range, nothing to end');
      const body = actions.slice(i + 1, j);
      for (const item of ev.walk(current, first.expr)) out += render(ev, body, [item]);
      i = j;
      continue;
    }
    if (first?.type === 'end') throw new JsonPathError('not in range, nothing to end');
    if (first?.type === 'text' && nodes.length === 1) {
      out += first.text;
      continue;
    }
    out += printResults(ev.walk(current, nodes));
  }
  return out;
}

/**
 * The values each action of a template finds (text actions skipped), as `-o custom-columns` and
 * `--sort-by` read them (client-go jsonpath FindResults). Throws {@link JsonPathError}.
 */
export function jsonPathResults(template: string, obj: unknown): unknown[][] {
  const actions = new Parser(template).parse();
  const ev = new Evaluator(obj);
  return actions
    .filter((nodes) => !(nodes.length === 1 && nodes[0].type === 'text'))
    .map((nodes) => ev.walk([obj], nodes));
}

/** fmt.Sprint of a decoded JSON value, as Go prints it (`map[a:b]`, `[x y]`, `3`). */
export function goSprint(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goSprint(o[k])}`)
      .join(' ')}]`;
  }
  if (v === null || v === undefined) return '<nil>';
  return goValueString(v);
}
