/**
 * Parsing manifest text (the editor's buffer or a file given to `kubectl apply -f`) into API
 * objects, with source positions for every problem so the UI can draw markers and the CLI can
 * print kubectl's messages. Uses the `yaml` package's CST-preserving parser.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode, YAMLError } from 'yaml';
import type { KubeObject } from './types';

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

/** Rewrites the `yaml` package's duplicate-key error with the key and the first line it is on. */
function describeDuplicate(doc: ParsedDoc, err: YAMLError, lc: LineCounter): string {
  let message = 'mapping key already defined';
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const p of node.items) {
        const k = isScalar(p.key) ? p.key.value : undefined;
        const start = (p.key as YamlNode | null)?.range?.[0];
        if (k !== undefined && start !== undefined) {
          if (seen.has(k) && start === err.pos[0]) {
            message = `mapping key ${JSON.stringify(String(k))} already defined at line ${lc.linePos(seen.get(k) as number).line}`;
          }
          if (!seen.has(k)) seen.set(k, start);
        }
        visit(p.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(visit);
    }
  };
  visit(doc.contents);
  return message;
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
  const docs = parseAllDocuments(text, {
    lineCounter: lc,
    prettyErrors: false,
    // kubectl reads YAML with go-yaml v2, i.e. YAML 1.1 scalars: `yes`/`on`/`y` are booleans and
    // `0755` is octal. Timestamps stay strings, as they do when go-yaml decodes into interface{}.
    version: '1.1',
    customTags: (tags) =>
      tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const list: ParsedDoc[] = Array.isArray(docs) ? (docs as ParsedDoc[]) : [];
  const documents: ManifestDocument[] = [];
  for (const doc of list) {
    if (doc.errors.length === 0 && isEmptyDocument(doc)) continue;
    const errors: ManifestProblem[] = doc.errors.map((e) => ({
      message: e.code === 'DUPLICATE_KEY' ? describeDuplicate(doc, e, lc) : e.message,
      range: toRange(lc, e.pos[0], e.pos[1]),
      code: e.code,
    }));
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
    if (errors.length === 0) md.object = doc.toJS() as KubeObject;
    documents.push(md);
  }
  return { documents };
}

// The texts go-yaml (which kubectl uses) gives for the same mistakes.
const GO_YAML_MESSAGES: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  MULTILINE_IMPLICIT_KEY: "could not find expected ':'",
  TAB_AS_INDENT: 'found character that cannot start any token',
  BAD_INDENT: 'did not find expected key',
  UNEXPECTED_TOKEN: 'did not find expected key',
  BLOCK_IN_FLOW: "did not find expected ',' or ']'",
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
