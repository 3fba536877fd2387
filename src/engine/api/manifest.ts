/**
 * Parsing manifest text (the editor's buffer or a file given to `kubectl apply -f`) into API
 * objects, with source positions for every problem so the UI can draw markers and the CLI can
 * print kubectl's messages. Uses the `yaml` package's CST-preserving parser.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { KubeObject } from './types';
import { parseStream, type StreamError } from './yamlStream';

export { MAX_DEPTH } from './yamlStream';

/**
 * The largest manifest read, in bytes of UTF-8: 3 MiB, the most kube-apiserver accepts in one
 * request (k/k: apiserver `MaxRequestBodyBytes`). Reading and applying that much takes seconds;
 * a larger text is refused before it is parsed.
 */
export const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;

/** The UTF-8 length of a string, counted without building the bytes. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A span of source text; lines and columns are 1-based, the end is exclusive. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ManifestProblem {
  message: string;
  range: SourceRange;
  /** The `yaml` parser's error code for syntax errors (`BLOCK_AS_IMPLICIT_KEY`…). */
  code?: string;
}

export interface ManifestDocument {
  /** Position among the non-empty documents of the text, from 0. */
  index: number;
  /** The object, present only when the document has no errors. */
  object?: KubeObject;
  errors: ManifestProblem[];
  range: SourceRange;
  /**
   * The range of the value at a field path as the API prints it
   * (`spec.template.spec.containers[0].image`, `data[app.conf]`), or of the nearest existing
   * ancestor key when the field is absent (a `Required value` lands on its parent).
   */
  fieldRange(path: string): SourceRange | undefined;
}

export interface ParsedManifest {
  documents: ManifestDocument[];
}

type ParsedDoc = Document.Parsed;

function toRange(lc: LineCounter, start: number, end: number): SourceRange {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** A range clipped to the first line of [start, end), for multi-line collections. */
function firstLineRange(text: string, lc: LineCounter, start: number, end: number): SourceRange {
  const nl = text.indexOf('\n', start);
  const stop = nl >= 0 && nl < end ? nl : end;
  return toRange(lc, start, stop);
}

/** Splits `a.b[0].c[key.with.dots]` into `['a', 'b', '0', 'c', 'key.with.dots']`. */
export function splitFieldPath(path: string): string[] {
  const segs: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '.') {
      if (cur) segs.push(cur);
      cur = '';
    } else if (ch === '[') {
      if (cur) segs.push(cur);
      cur = '';
      const close = path.indexOf(']', i);
      segs.push(path.slice(i + 1, close < 0 ? path.length : close));
      i = close < 0 ? path.length : close;
    } else {
      cur += ch;
    }
  }
  if (cur) segs.push(cur);
  return segs;
}

function isEmptyDocument(doc: ParsedDoc): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && (c.value === null || c.value === undefined));
}

// k/k: kubectl pkg/validation getObjectKind — the texts kubectl prints after
// `error validating data: ` for a document that is not an object or lacks apiVersion/kind.
function kindProblems(doc: ParsedDoc, text: string, lc: LineCounter): ManifestProblem[] {
  const c = doc.contents as YamlNode;
  const [start, end] = c.range ?? [0, 0];
  const range = firstLineRange(text, lc, start, end);
  if (!isMap(c)) return [{ message: 'invalid object to validate', range }];
  const problems: ManifestProblem[] = [];
  for (const field of ['apiVersion', 'kind']) {
    const pair = c.items.find((p) => isScalar(p.key) && p.key.value === field);
    const value = pair && isScalar(pair.value) ? pair.value.value : undefined;
    if (value === undefined || value === null || value === '') {
      problems.push({
        message: `${field} not set`,
        range: pair ? (keyRange(pair.key, text, lc) ?? range) : range,
      });
    } else if (typeof value !== 'string') {
      problems.push({
        message: `${field} isn't string type`,
        range: keyRange(pair?.value, text, lc) ?? range,
      });
    }
  }
  return problems;
}

function keyRange(node: unknown, text: string, lc: LineCounter): SourceRange | undefined {
  const r = (node as YamlNode | null)?.range;
  return r ? firstLineRange(text, lc, r[0], r[1]) : undefined;
}

function makeFieldRange(doc: ParsedDoc, text: string, lc: LineCounter) {
  return (path: string): SourceRange | undefined => {
    let node: unknown = doc.contents;
    let anchor: YamlNode | null = null;
    let found = true;
    for (const seg of splitFieldPath(path)) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg,
        );
        if (!pair) {
          found = false;
          break;
        }
        anchor = pair.key as YamlNode;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(seg) && Number(seg) < node.items.length) {
        node = node.items[Number(seg)];
        anchor = node as YamlNode;
      } else {
        found = false;
        break;
      }
    }
    const target = found && isScalar(node) ? (node as YamlNode) : anchor;
    const r = target?.range;
    if (!r) {
      const c = doc.contents as YamlNode | null;
      return c?.range ? firstLineRange(text, lc, c.range[0], c.range[1]) : undefined;
    }
    return isScalar(target) ? toRange(lc, r[0], r[1]) : firstLineRange(text, lc, r[0], r[1]);
  };
}

/**
 * Parses a multi-document YAML text. Every syntax error of every document is reported with its
 * own position; a document with errors has no `object`. Empty documents (only comments, a
 * trailing `---`, `null`) are skipped, as kubectl skips them.
 */
export function parseManifest(text: string): ParsedManifest {
  const lc = new LineCounter();
  const bytes = text.length > MAX_MANIFEST_BYTES ? text.length : utf8Length(text);
  if (bytes > MAX_MANIFEST_BYTES) return { documents: [tooLarge(bytes)] };
  const {
    docs: list,
    extra,
    truncated,
  } = parseStream(text, lc, {
    prettyErrors: false,
    // kubectl reads YAML with go-yaml v2, i.e. YAML 1.1 scalars: `yes`/`on`/`y` are booleans and
    // `0755` is octal. Timestamps stay strings, as they do when go-yaml decodes into interface{}.
    version: '1.1',
    customTags: (tags) =>
      tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const documents: ManifestDocument[] = [];
  for (const doc of list) {
    const found = extra.get(doc.range[0]) ?? [];
    if (doc.errors.length === 0 && found.length === 0 && isEmptyDocument(doc)) continue;
    const errors: ManifestProblem[] = merge(
      doc.errors.map((e) => ({ pos: e.pos, code: e.code, message: e.message })),
      found,
    ).map((e) => ({ message: e.message, range: toRange(lc, e.pos[0], e.pos[1]), code: e.code }));
    if (errors.length === 0) errors.push(...kindProblems(doc, text, lc));
    const c = doc.contents as YamlNode | null;
    const start = c?.range?.[0] ?? doc.range[0];
    const end = c?.range?.[1] ?? doc.range[1];
    const md: ManifestDocument = {
      index: documents.length,
      errors,
      range: toRange(lc, start, end),
      fieldRange: makeFieldRange(doc, text, lc),
    };
    if (errors.length === 0) {
      try {
        md.object = doc.toJS() as KubeObject;
      } catch {
        // The `yaml` package refuses to expand an alias bomb (more than 100 aliases resolved);
        // this document fails, the others stand.
        errors.push({
          message: 'document contains excessive aliasing',
          range: toRange(lc, start, start + 1),
          code: 'EXCESSIVE_ALIASING',
        });
      }
    }
    documents.push(md);
  }
  if (truncated) {
    const range = toRange(lc, truncated.pos[0], truncated.pos[1]);
    documents.push({
      index: documents.length,
      errors: [{ message: truncated.message, range, code: truncated.code }],
      range,
      fieldRange: () => range,
    });
  }
  return { documents };
}

/** The parser's errors and the stream's own, in the order of their positions. */
function merge(a: StreamError[], b: StreamError[]): StreamError[] {
  if (b.length === 0) return a;
  const out: StreamError[] = [];
  let j = 0;
  for (const e of a) {
    while (j < b.length && b[j].pos[0] < e.pos[0]) out.push(b[j++]);
    out.push(e);
  }
  return out.concat(b.slice(j));
}

function tooLarge(bytes: number): ManifestDocument {
  const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    index: 0,
    errors: [
      {
        message: `the manifest is ${bytes} bytes, more than the limit of ${MAX_MANIFEST_BYTES} bytes (3 MiB)`,
        range,
        code: 'TOO_LARGE',
      },
    ],
    range,
    fieldRange: () => range,
  };
}

// The texts go-yaml (which kubectl uses) gives for the same mistakes.
const GO_YAML_MESSAGES: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  MULTILINE_IMPLICIT_KEY: "could not find expected ':'",
  TAB_AS_INDENT: 'found character that cannot start any token',
  BAD_INDENT: 'did not find expected key',
  UNEXPECTED_TOKEN: 'did not find expected key',
  BLOCK_IN_FLOW: "did not find expected ',' or ']'",
  BAD_DQ_ESCAPE: 'found unknown escape character',
};

function goYamlMessage(problem: ManifestProblem): string {
  const code = problem.code ?? '';
  if (code === 'MISSING_CHAR') {
    if (/quote/i.test(problem.message)) return 'found unexpected end of stream';
    if (/- indicator/.test(problem.message)) return "did not find expected '-' indicator";
    if (/flow/i.test(problem.message)) return "did not find expected ',' or ']'";
  }
  if (code === 'BAD_INDENT' && /Flow sequence/.test(problem.message)) {
    return "did not find expected ',' or ']'";
  }
  if (code === 'DUPLICATE_KEY') return problem.message;
  return GO_YAML_MESSAGES[code] ?? problem.message;
}

/**
 * kubectl's line for a YAML syntax error (k/k: cli-runtime resource StreamVisitor, sigs.k8s.io/yaml):
 * `error: error parsing FILE: error converting YAML to JSON: yaml: line 7: mapping values are not
 * allowed in this context`, followed by ` (column N)` — kubectl gives only the line; the column is
 * the simulator's addition so the learner can find the spot.
 */
export function formatYamlError(file: string, problem: ManifestProblem): string {
  if (problem.code === 'TOO_LARGE') return `error: error reading ${file}: ${problem.message}`;
  return `error: error parsing ${file}: error converting YAML to JSON: yaml: line ${problem.range.line}: ${goYamlMessage(problem)} (column ${problem.range.column})`;
}

/**
 * kubectl's line for a document that is not an object or lacks apiVersion/kind
 * (k/k: kubectl pkg/validation ValidateSchema):
 * `error: error validating "FILE": error validating data: [apiVersion not set, kind not set]; if
 * you choose to ignore these errors, turn validation off with --validate=false`.
 */
export function formatValidationError(file: string, problems: readonly ManifestProblem[]): string {
  const msgs = problems.map((p) => p.message);
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  return `error: error validating ${JSON.stringify(file)}: error validating data: ${agg}; if you choose to ignore these errors, turn validation off with --validate=false`;
}
