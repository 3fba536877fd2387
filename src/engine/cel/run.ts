/**
 * Running compiled CEL (./index.ts compiles it): the interpreter and the function libraries.
 * Loaded on demand (../onDemand.ts) with the admission policies, webhook calls and CRD rules that
 * use it: a cluster evaluates CEL only once a learner writes an expression.
 */
import { CelEvalError } from './errors';
import type { Program } from './index';
import { Interpreter, LazyMap, type Activation } from './interpreter';

export { CelEvalError, LazyMap };
export type { Activation };

/** Evaluates a compiled expression; throws CelEvalError with cel-go's runtime error text. */
export function evaluate(program: Program, vars: Activation): unknown {
  return new Interpreter(vars).eval(program.ast);
}
