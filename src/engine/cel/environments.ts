/**
 * The variables each kind of Kubernetes CEL expression may read (k/k staging/src/k8s.io/apiserver/
 * pkg/admission/plugin/cel/compile.go: the "composited" environments), and the message the API
 * server's validation gives an expression that does not compile.
 */
import { CelCompileError } from './errors';
import { compile, type Program } from './index';

/** Webhook matchConditions: the request, the objects and the authorizer. */
export const WEBHOOK_VARIABLES = ['object', 'oldObject', 'request', 'authorizer'] as const;

/** ValidatingAdmissionPolicy expressions add params, namespaceObject and variables. */
export const POLICY_VARIABLES = [
  ...WEBHOOK_VARIABLES,
  'params',
  'namespaceObject',
  'variables',
] as const;

/** Compiles, or returns the validation text `compilation failed: ERROR: <input>:…`. */
export function compileForValidation(
  source: string,
  declared: readonly string[],
): Program | { error: string } {
  try {
    return compile(source, declared);
  } catch (e) {
    if (e instanceof CelCompileError) return { error: `compilation failed: ${e.message}` };
    throw e;
  }
}

/**
 * A ValidatingAdmissionPolicy's expression, compiled for the API server's validation of the
 * policy (reached through onDemand(): the CEL compiler loads with the learner's tools).
 */
export function compilePolicyExpression(source: string): Program | { error: string } {
  return compileForValidation(source, POLICY_VARIABLES);
}

/** A webhook's matchCondition, compiled for the validation of its configuration (as above). */
export function compileWebhookCondition(source: string): Program | { error: string } {
  return compileForValidation(source, WEBHOOK_VARIABLES);
}
