/**
 * Lint rule `kubeglass/no-import-cycles`: a runtime import that closes a cycle of runtime imports
 * is an error, reported on the import with the whole cycle. Cycles make module initialisation
 * order matter and hide layering; `import type` never closes one.
 *
 * Options: `{ root: 'src', allow: ['a.ts -> b.ts'] }`. Paths are relative to the working
 * directory. An allowed edge is left out of the graph; an allowed edge that no longer closes a
 * cycle is reported, so the list only shrinks.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { buildGraph, pathBetween, resolveImport } from './importGraph.js';

/** @type {Map<string, Map<string, string[]>>} */
const graphs = new Map();

/** @param {string} root */
function graphOf(root) {
  let g = graphs.get(root);
  if (!g) graphs.set(root, (g = buildGraph(root)));
  return g;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow runtime import cycles between project modules' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          allow: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      cycle:
        'Import cycle: {{cycle}}. Move what both need into a third module, or use import type.',
      stale:
        'Allowed import cycle edge "{{edge}}" no longer closes a cycle: delete it from the allow list.',
    },
  },
  create(context) {
    const cwd = context.cwd;
    const opts = context.options[0] ?? {};
    const root = resolve(cwd, opts.root ?? 'src');
    const file = resolve(cwd, context.filename);
    if (relative(root, file).startsWith('..')) return {};
    const allowed = new Set(
      (opts.allow ?? []).map((/** @type {string} */ e) => {
        const [a, b] = e.split('->').map((s) => resolve(cwd, s.trim()));
        return `${a}\n${b}`;
      }),
    );
    const skip = (/** @type {string} */ a, /** @type {string} */ b) => allowed.has(`${a}\n${b}`);
    const show = (/** @type {string[]} */ files) =>
      files.map((f) => relative(cwd, f).replaceAll('\\', '/')).join(' → ');
    const graph = graphOf(root);
    /** @type {Map<string, any>} the import declaration of each target */
    const importOf = new Map();

    /** @param {any} node an import or re-export declaration */
    function check(node) {
      if (!node.source || node.importKind === 'type' || node.exportKind === 'type') return;
      const target = resolveImport(file, node.source.value, existsSync);
      if (!target) return;
      if (!importOf.has(target)) importOf.set(target, node);
      if (skip(file, target)) return;
      const back = pathBetween(graph, target, file, skip);
      if (back)
        context.report({ node, messageId: 'cycle', data: { cycle: show([file, ...back]) } });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      'Program:exit'(node) {
        for (const edge of allowed) {
          const [a, b] = edge.split('\n');
          if (a !== file) continue;
          const at = importOf.get(b);
          if (!at || !pathBetween(graph, b, file, skip))
            context.report({ node: at ?? node, messageId: 'stale', data: { edge: show([a, b]) } });
        }
      },
    };
  },
};

/** The project's local ESLint plugin. */
export const kubeglassPlugin = { rules: { 'no-import-cycles': noImportCycles } };
