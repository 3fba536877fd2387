/**
 * Running compiled CEL (./index.ts compiles it): the interpreter and the function libraries.
 * Loaded on demand (../onDemand.ts) with the admission policies, webhook calls and CRD rules that
 * use it: a cluster evaluates CEL only once a learner writes an expression.
 */
import { compileForValidation } from './environments';
import { CelEvalError } from './errors';
import type { Program } from './index';
import { Interpreter, LazyMap, type Activation } from './interpreter';

export { CelEvalError, LazyMap };
export type { Activation };

/** Evaluates a compiled expression; throws CelEvalError with cel-go's runtime error text. */
export function evaluate(program: Program, vars: Activation): unknown {
  return new Interpreter(vars).eval(program.ast);
}

/** Expressions compiled once per set of variables (the same source compiles the same way). */
const compiled = new Map<string, Program | { error: string }>();

/** The compiled `source`; one that does not compile throws its validation text. */
function programFor(source: string, declared: readonly string[]): Program {
  const key = `${declared.join(',')}\n${source}`;
  let p = compiled.get(key);
  if (!p) compiled.set(key, (p = compileForValidation(source, declared)));
  if ('error' in p) throw new CelEvalError(p.error);
  return p;
}

/** Compiles `source` (once) and evaluates it. */
export function evaluateSource(
  source: string,
  declared: readonly string[],
  vars: Activation,
): unknown {
  return evaluate(programFor(source, declared), vars);
}

/**
 * As the admission plugins' CEL filter runs an expression (k/k plugin/cel/filter.go): an
 * evaluation error reads `expression '<source>' resulted in error: <error>`; one that does not
 * compile, its validation text.
 */
export function evaluateExpression(
  source: string,
  declared: readonly string[],
  vars: Activation,
): unknown {
  const p = programFor(source, declared);
  try {
    return evaluate(p, vars);
  } catch (e) {
    if (e instanceof CelEvalError)
      throw new CelEvalError(`expression '${source}' resulted in error: ${e.message}`);
    throw e;
  }
}
