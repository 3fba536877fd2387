/**
 * `kubectl get -o custom-columns=HEADER:.path,…` and `--sort-by=.path`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go, sorter.go;
 * staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn_flags.go (RelaxedJSONPathExpression).
 */
import type { KubeObject } from '../api/types';
import { goSprint, jsonPathResults, JsonPathError } from './jsonpath';
import { escapeTerminal, GET_TABWRITER, tabwrite } from './table';

/**
 * RelaxedJSONPathExpression: `.a.b`, `a.b`, `{.a.b}` and `{a.b}` all mean `{.a.b}`.
 * @throws JsonPathError for an empty or unbalanced expression.
 */
export function relaxedJsonPath(path: string): string {
  if (!path) throw new JsonPathError('jsonpath expression cannot be empty');
  const m = /^\{?(\.?[^{}]+)\}?$/.exec(path);
  if (!m || path.startsWith('{') !== path.endsWith('}')) {
    throw new JsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  const inner = m[1];
  return `{${inner.startsWith('.') ? inner : `.${inner}`}}`;
}

/** One column: its header as written and its JSONPath template. */
interface Column {
  header: string;
  template: string;
}

/**
 * Parses the spec after `custom-columns=`.
 * @returns the columns, or kubectl's error text (with `error: `).
 */
export function parseCustomColumns(spec: string | undefined): Column[] | { error: string } {
  if (!spec) return { error: 'error: custom-columns format specified but no custom columns given' };
  const columns: Column[] = [];
  for (const part of spec.split(',')) {
    const colon = part.split(':');
    if (colon.length !== 2) {
      return {
        error: `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      };
    }
    try {
      columns.push({ header: colon[0], template: relaxedJsonPath(colon[1]) });
    } catch (e) {
      return { error: `error: ${(e as Error).message}` };
    }
  }
  return columns;
}

/**
 * The custom-columns table: headers as written, one row per object; several values of a column
 * joined by `,`, none shown as `<none>`, every value escaped for the terminal.
 */
export function printCustomColumns(
  columns: Column[],
  objects: KubeObject[],
  noHeaders = false,
): string {
  const lines: string[] = noHeaders ? [] : [columns.map((c) => c.header).join('\t')];
  for (const obj of objects) {
    const cells = columns.map((c) => {
      const results = jsonPathResults(c.template, obj);
      const values = results.flat();
      if (results.length === 0 || results[0].length === 0) values.unshift(undefined);
      return values
        .map((v) => (v === undefined ? '<none>' : escapeTerminal(goSprint(v))))
        .join(',');
    });
    lines.push(cells.join('\t'));
  }
  return tabwrite(lines.map((l) => l + '\n').join(''), GET_TABWRITER);
}

/**
 * `--sort-by`: a stable sort of the objects by the value the expression finds in each: numbers
 * by value, strings (and timestamps, which sort as text) lexically; objects without the field
 * first. kubectl refuses a field that is a map or a list. Checked against kubectl v1.31.9.
 * @returns the sorted objects, or kubectl's error text.
 */
export function sortObjects(
  objects: KubeObject[],
  sortBy: string,
): KubeObject[] | { error: string } {
  let template: string;
  try {
    template = relaxedJsonPath(sortBy);
  } catch (e) {
    return { error: `error: ${(e as Error).message}` };
  }
  const keys = new Map<KubeObject, unknown>();
  for (const obj of objects) {
    let found: unknown[];
    try {
      found = jsonPathResults(template, obj).flat();
    } catch (e) {
      return { error: `error: ${(e as Error).message}` };
    }
    const v = found[0];
    if (v !== null && typeof v === 'object') {
      // sorter.go: kubectl stops with this (through klog.Fatal).
      const type = Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
      return {
        error: `error: Field ${template} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: ${type}`,
      };
    }
    keys.set(obj, v);
  }
  const rank = (v: unknown) => (v === undefined || v === null ? 0 : 1);
  return [...objects].sort((a, b) => {
    const x = keys.get(a);
    const y = keys.get(b);
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const sx = String(x);
    const sy = String(y);
    return sx < sy ? -1 : sx > sy ? 1 : 0;
  });
}
