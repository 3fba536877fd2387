/**
 * The part of cel-go's checker that needs Kubernetes types (k/k staging/src/k8s.io/apiserver/pkg/
 * admission/plugin/policy/validating/typechecking.go): with `object` and `oldObject` typed as the
 * matched kind, a field the kind does not have is an error, `undefined field 'replicas'`, at the
 * `.` that selects it. Types come from the API server's field table (../api/fieldTable): `@Name`
 * a struct, `[]T` a list, `map[]T` a map; anything else is not looked into.
 */
import type { Expr } from './ast';
import { display, type CelIssue } from './errors';
import { parse } from './parser';

export type Structs = Readonly<Record<string, Readonly<Record<string, string>>>>;

function fieldType(structs: Structs, type: string | undefined, field: string): string | undefined {
  return type?.startsWith('@') ? structs[type.slice(1)]?.[field] : undefined;
}

function elementType(type: string | undefined): string | undefined {
  if (type?.startsWith('[]')) return type.slice(2);
  if (type?.startsWith('map[]')) return type.slice(5);
  return undefined;
}

function check(
  e: Expr,
  scope: ReadonlyMap<string, string | undefined>,
  structs: Structs,
  issues: CelIssue[],
): string | undefined {
  const sub = (x: Expr, s = scope) => check(x, s, structs, issues);
  switch (e.k) {
    case 'ident':
      return scope.get(e.name);
    case 'select':
    case 'has': {
      const t = sub(e.operand);
      if (!t?.startsWith('@')) {
        // A map's keys are not checked; a list has no fields (not reported here).
        return t?.startsWith('map[]') ? t.slice(5) : undefined;
      }
      const f = fieldType(structs, t, e.field);
      if (f === undefined) {
        issues.push({ at: e.at, message: `undefined field '${e.field}'` });
        return undefined;
      }
      return e.k === 'has' ? undefined : f;
    }
    case 'index':
      sub(e.index);
      return elementType(sub(e.operand));
    case 'comprehension': {
      const range = sub(e.range);
      // Over a list the variable is an element; over a map, a key (a string).
      const v = range?.startsWith('[]') ? range.slice(2) : undefined;
      const inner = new Map(scope).set(e.variable, v);
      if (e.filter) sub(e.filter, inner);
      const body = sub(e.body, inner);
      if (e.macro === 'filter') return range;
      if (e.macro === 'map') return body === undefined ? undefined : `[]${body}`;
      return undefined;
    }
    case 'call':
      if (e.target) sub(e.target);
      e.args.forEach((a) => sub(a));
      return undefined;
    case 'list':
      e.elems.forEach((x) => sub(x));
      return undefined;
    case 'map':
      e.entries.forEach((x) => (sub(x.key), sub(x.value)));
      return undefined;
    case 'struct':
      e.fields.forEach((f) => sub(f.value));
      return undefined;
    case 'cond':
      sub(e.test);
      sub(e.then);
      sub(e.else);
      return undefined;
    case 'lit':
      return undefined;
  }
}

/**
 * The issues of `source` with the given variables typed (`object: '@Deployment'`), displayed as
 * cel-go does, or '' when it checks (or does not parse: validation reports that).
 */
export function typeCheck(
  source: string,
  types: Readonly<Record<string, string | undefined>>,
  structs: Structs,
): string {
  let ast: Expr;
  try {
    ast = parse(source);
  } catch {
    return '';
  }
  const issues: CelIssue[] = [];
  check(ast, new Map(Object.entries(types)), structs, issues);
  return issues.map((i) => display(source, i)).join('\n');
}
