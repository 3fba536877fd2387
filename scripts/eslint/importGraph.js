/**
 * The runtime import graph of the project's TypeScript sources, for the `no-import-cycles` lint
 * rule. Only imports that survive compilation count: `import type`, `export type` and dynamic
 * `import()` do not. (Under `verbatimModuleSyntax`, `import { type A } from './a'` still loads
 * `./a`, so it counts.) Relative specifiers only: packages cannot import the project back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The specifiers a module loads at runtime, in source order.
 * @param {string} text
 * @param {string} fileName
 * @returns {string[]}
 */
export function runtimeImports(text, fileName) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  /** @type {string[]} */
  const out = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      if (s.importClause?.isTypeOnly) continue;
    } else if (ts.isExportDeclaration(s)) {
      if (!s.moduleSpecifier || s.isTypeOnly) continue;
    } else continue;
    if (ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
  }
  return out;
}

/**
 * The project file a relative specifier names, if any (`./a` → `a.ts`, `a.tsx`, `a/index.ts`).
 * @param {string} from absolute path of the importing file
 * @param {string} spec
 * @param {(path: string) => boolean} exists
 * @returns {string | undefined}
 */
export function resolveImport(from, spec, exists) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  candidates.push(join(base, 'index.tsx'));
  return candidates.find(exists);
}

/**
 * Every `.ts`/`.tsx` file under `root` (absolute paths) with the project files it imports at
 * runtime.
 * @param {string} root
 * @returns {Map<string, string[]>}
 */
export function buildGraph(root) {
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(root);
  const known = new Set(files);
  const exists = (/** @type {string} */ p) => known.has(p);
  /** @type {Map<string, string[]>} */
  const graph = new Map();
  for (const f of files) {
    const deps = runtimeImports(readFileSync(f, 'utf8'), f)
      .map((spec) => resolveImport(f, spec, exists))
      .filter((d) => d !== undefined);
    graph.set(f, deps);
  }
  return graph;
}

/**
 * The shortest chain of runtime imports from `from` back to `to`, both included, or undefined
 * when `from` never loads `to`. Edges for which `skip(a, b)` holds are left out.
 * @param {Map<string, string[]>} graph
 * @param {string} from
 * @param {string} to
 * @param {(a: string, b: string) => boolean} [skip]
 * @returns {string[] | undefined}
 */
export function pathBetween(graph, from, to, skip = () => false) {
  /** @type {Map<string, string | null>} */
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const cur = /** @type {string} */ (queue.shift());
    if (cur === to) {
      /** @type {string[]} */
      const path = [];
      for (let n = /** @type {string | null} */ (cur); n !== null; n = previous.get(n) ?? null)
        path.unshift(n);
      return path;
    }
    for (const next of graph.get(cur) ?? []) {
      if (previous.has(next) || skip(cur, next)) continue;
      previous.set(next, cur);
      queue.push(next);
    }
  }
  return undefined;
}
