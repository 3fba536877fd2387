/**
 * CEL as the API server compiles it for admission policies, webhook match conditions and CRD
 * validation rules (k/k staging/src/k8s.io/apiserver/pkg/admission/plugin/cel). `compile` parses
 * and checks that every name and function is declared (cel-go's checker: `undeclared reference to
 * 'x' (in container '')`); the field types of Kubernetes objects are checked by ./typecheck.ts.
 * Running a compiled expression is ./run.ts, loaded on demand with the functions.
 */
import type { Expr } from './ast';
import { CelCompileError, CelEvalError, type CelIssue } from './errors';
import { GLOBAL_NAMES, METHOD_NAMES, TYPE_NAMES } from './names';
import { parse } from './parser';

export { CelCompileError, CelEvalError };

export interface Program {
  readonly source: string;
  readonly ast: Expr;
}

const NAMESPACES = new Set(['optional', 'ip']);

/** cel-go's checker, for what it reports without field types: undeclared names and functions. */
function check(e: Expr, declared: ReadonlySet<string>, issues: CelIssue[]): void {
  const undeclared = (at: number, name: string) =>
    issues.push({ at, message: `undeclared reference to '${name}' (in container '')` });
  switch (e.k) {
    case 'lit':
      return;
    case 'ident':
      if (!declared.has(e.name) && !TYPE_NAMES.has(e.name)) undeclared(e.at, e.name);
      return;
    case 'select':
    case 'has':
      return check(e.operand, declared, issues);
    case 'index':
      check(e.operand, declared, issues);
      return check(e.index, declared, issues);
    case 'list':
      return e.elems.forEach((x) => check(x, declared, issues));
    case 'map':
      return e.entries.forEach(
        (x) => (check(x.key, declared, issues), check(x.value, declared, issues)),
      );
    case 'struct':
      return e.fields.forEach((f) => check(f.value, declared, issues));
    case 'cond':
      check(e.test, declared, issues);
      check(e.then, declared, issues);
      return check(e.else, declared, issues);
    case 'comprehension': {
      check(e.range, declared, issues);
      const inner = new Set(declared).add(e.variable);
      if (e.filter) check(e.filter, inner, issues);
      return check(e.body, inner, issues);
    }
    case 'call': {
      const operator = /^(_.*_|!_|-_|@in)$/.test(e.fn);
      if (
        e.target?.k === 'ident' &&
        !declared.has(e.target.name) &&
        NAMESPACES.has(e.target.name)
      ) {
        if (!GLOBAL_NAMES.has(`${e.target.name}.${e.fn}`))
          undeclared(e.at, `${e.target.name}.${e.fn}`);
      } else if (e.target) {
        check(e.target, declared, issues);
        if (!METHOD_NAMES.has(e.fn)) undeclared(e.at, e.fn);
      } else if (!operator && !GLOBAL_NAMES.has(e.fn)) {
        undeclared(e.at, e.fn);
      }
      return e.args.forEach((a) => check(a, declared, issues));
    }
  }
}

/** Parses and checks an expression; throws CelCompileError with cel-go's display text. */
export function compile(source: string, declared: Iterable<string>): Program {
  const ast = parse(source);
  const issues: CelIssue[] = [];
  check(ast, new Set(declared), issues);
  if (issues.length > 0) throw new CelCompileError(source, issues);
  return { source, ast };
}
