/**
 * The YAML stream under `parseManifest`, with bounded cost for any input: the `yaml` package's
 * lexer, parser and composer driven one token at a time, so that a nest too deep is refused as
 * soon as it is seen, and duplicate keys found in one linear pass (the package's own check
 * compares each key with every earlier one: a map of 200,000 keys took minutes).
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Parser } from 'yaml';
import type { CST, Document, LineCounter, Node as YamlNode } from 'yaml';

/**
 * The deepest nesting of maps and lists a manifest may have. go-yaml refuses more than 10,000
 * levels (`exceeded max depth of 10000`); ours is lower because the composer recurses once per
 * level and a browser worker's stack ends near a thousand. No Kubernetes object comes close.
 */
export const MAX_DEPTH = 100;

/** An error of the stream, as a position range and the text go-yaml gives for it. */
export interface StreamError {
  pos: [number, number];
  code: string;
  message: string;
}

export interface ParsedStream {
  docs: Document.Parsed[];
  /** Errors found outside the `yaml` package, by the offset of their document. */
  extra: Map<number, StreamError[]>;
  /** A document cut short because it nests too deeply; nothing after it is read. */
  truncated?: StreamError;
}

type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

/** The offset where the nesting of a document's tree first exceeds `MAX_DEPTH`, if it does. */
function tooDeepAt(doc: CST.Document): number | undefined {
  const stack: [CST.Token | undefined, number][] = [[doc.value, 0]];
  while (stack.length) {
    const [tok, depth] = stack.pop()!;
    if (!tok) continue;
    if (tok.type === 'block-map' || tok.type === 'block-seq' || tok.type === 'flow-collection') {
      if (depth + 1 > MAX_DEPTH) return tok.offset;
      for (const item of (tok as CollectionToken).items) {
        const it = item as { key?: CST.Token | null; value?: CST.Token };
        if (it.key) stack.push([it.key, depth + 1]);
        if (it.value) stack.push([it.value, depth + 1]);
      }
    }
  }
  return undefined;
}

function depthError(offset: number): StreamError {
  return {
    pos: [offset, offset + 1],
    code: 'MAX_DEPTH',
    message: `exceeded max depth of ${MAX_DEPTH}`,
  };
}

/**
 * Duplicate keys of every map in a document, in one pass: each map remembers its keys in a
 * hash map (k/k: sigs.k8s.io/yaml refuses them, `mapping key "x" already defined at line N`).
 * Keys compare as the `yaml` package compares them: scalars by value, anything else never.
 */
function duplicateKeys(doc: Document.Parsed, lc: LineCounter): StreamError[] {
  const out: StreamError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const p of node.items) {
        const start = (p.key as YamlNode | null)?.range?.[0];
        if (isScalar(p.key) && start !== undefined && !Number.isNaN(p.key.value)) {
          const first = seen.get(p.key.value);
          if (first === undefined) seen.set(p.key.value, start);
          else
            out.push({
              pos: [start, start + 1],
              code: 'DUPLICATE_KEY',
              message: `mapping key ${JSON.stringify(String(p.key.value))} already defined at line ${lc.linePos(first).line}`,
            });
        }
        stack.push(p.key, p.value);
      }
    } else if (isSeq(node)) {
      for (const x of node.items) stack.push(x);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isAlias(node)) {
      // An alias points at a node already visited where it was defined.
    }
  }
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * Watches the lexer's tokens for nesting the parser could not survive (it recurses once per
 * level too). Flow nesting is counted exactly and limited to `MAX_DEPTH`; block nesting is
 * estimated from the open indentation levels plus the `-`/`?` indicators of the line, an
 * overestimate of at most twice, and stopped past twice the limit; the exact check is then
 * `tooDeepAt` on each parsed document.
 */
class NestingGuard {
  private flow = 0;
  private readonly indents: number[] = [];
  private atLineStart = true;
  private lineIndent = 0;
  private indicators = 0;

  tooDeep(lexeme: string): boolean {
    if (lexeme === '[' || lexeme === '{') return ++this.flow > MAX_DEPTH;
    if (lexeme === ']' || lexeme === '}') {
      this.flow = Math.max(0, this.flow - 1);
      return false;
    }
    if (lexeme === '---' || lexeme === '...') {
      this.flow = 0;
      this.indents.length = 0;
      return false;
    }
    if (lexeme === '\n' || lexeme === '\r\n') {
      this.atLineStart = true;
      this.lineIndent = 0;
      this.indicators = 0;
      return false;
    }
    if (this.flow > 0 || lexeme === '') return false;
    if (/^ +$/.test(lexeme)) {
      if (this.atLineStart) this.lineIndent = lexeme.length;
      return false;
    }
    // The lexer's own markers (document mode, scalar start) are control characters.
    if (lexeme < ' ') return false;
    if (this.atLineStart) {
      this.atLineStart = false;
      if (lexeme.startsWith('#')) return false;
      const s = this.indents;
      while (s.length && s[s.length - 1] > this.lineIndent) s.pop();
      if (!s.length || s[s.length - 1] < this.lineIndent) s.push(this.lineIndent);
    }
    if (lexeme === '-' || lexeme === '?') this.indicators++;
    return this.indents.length + this.indicators > 2 * MAX_DEPTH;
  }
}

/**
 * Reads every document of `text`. A flow nest deeper than `MAX_DEPTH` stops the read where it
 * is seen (kubectl stops at the first document it cannot decode); a block nest too deep makes
 * its document an error and the others are read.
 */
export function parseStream(
  text: string,
  lc: LineCounter,
  options: ConstructorParameters<typeof Composer>[0],
): ParsedStream {
  const parser = new Parser(lc.addNewLine);
  const composer = new Composer({ ...options, uniqueKeys: false });
  const docs: Document.Parsed[] = [];
  const extra = new Map<number, StreamError[]>();
  const compose = (tokens: Iterable<CST.Token>) => {
    for (const tok of tokens) {
      if (tok.type === 'document') {
        const at = tooDeepAt(tok);
        if (at !== undefined) {
          extra.set(tok.offset, [depthError(at)]);
          tok.value = undefined;
        }
      }
      for (const d of composer.next(tok)) docs.push(d as Document.Parsed);
    }
  };
  lc.addNewLine(0);
  const nesting = new NestingGuard();
  for (const lexeme of new Lexer().lex(text)) {
    if (nesting.tooDeep(lexeme)) {
      for (const d of composer.end(false, parser.offset)) docs.push(d as Document.Parsed);
      addDuplicates(docs, extra, lc);
      return { docs, extra, truncated: depthError(parser.offset) };
    }
    compose(parser.next(lexeme));
  }
  compose(parser.end());
  for (const d of composer.end()) docs.push(d as Document.Parsed);
  addDuplicates(docs, extra, lc);
  return { docs, extra };
}

function addDuplicates(
  docs: Document.Parsed[],
  extra: Map<number, StreamError[]>,
  lc: LineCounter,
): void {
  for (const d of docs) {
    if (extra.has(d.range[0])) continue;
    const dups = duplicateKeys(d, lc);
    if (dups.length) extra.set(d.range[0], dups);
  }
}
