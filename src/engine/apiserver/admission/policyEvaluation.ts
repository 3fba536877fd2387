/**
 * ValidatingAdmissionPolicy's evaluation (./validatingAdmissionPolicy.ts has the plugin): which
 * stored policies and bindings match a request, their parameters, and their CEL. Loaded on demand
 * (../../onDemand.ts): only a learner's policy is ever evaluated.
 */
import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-types/admissionregistration/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject, Status } from '../../api/types';
import { POLICY_VARIABLES } from '../../cel/environments';
import { CelEvalError, evaluateExpression, LazyMap } from '../../cel/run';
import { qualified } from '../errors';
import type { AdmissionLookups, Attributes } from './interfaces';
import { namespaceMatches, objectMatches, ruleMatches, type Rule } from './matching';

type Policy = ValidatingAdmissionPolicy;
type Binding = ValidatingAdmissionPolicyBinding;
type MatchResources = NonNullable<NonNullable<Policy['spec']>['matchConstraints']>;

/** One decision: a denial's message and reason (k/k PolicyDecision). */
interface Denial {
  message: string;
  reason?: string;
  policy: string;
  binding?: string;
}

/** k/k generic matcher: rules, excluded rules, namespace and object selectors. */
function resourcesMatch(m: MatchResources | undefined, a: Attributes, lookups: AdmissionLookups) {
  if (!m) return true;
  const rules = (m.resourceRules ?? []) as Rule[];
  if (rules.length && !rules.some((r) => ruleMatches(r, a, true))) return false;
  if (((m.excludeResourceRules ?? []) as Rule[]).some((r) => ruleMatches(r, a, true))) return false;
  return namespaceMatches(m.namespaceSelector, a, lookups) && objectMatches(m.objectSelector, a);
}

/** cel.CreateAdmissionRequest, as the `request` variable reads it (empty fields left out). */
export function admissionRequest(a: Attributes): Record<string, unknown> {
  const r = a.resource;
  const kind = { group: r.group, version: r.version, kind: r.kind };
  const resource = { group: r.group, version: r.version, resource: r.plural };
  const req: Record<string, unknown> = {
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    operation: a.operation,
    userInfo: {
      username: a.user?.username ?? 'system:apiserver',
      groups: a.user?.groups ?? ['system:masters'],
    },
  };
  if (a.subresource) req.subResource = req.requestSubResource = a.subresource;
  if (a.name) req.name = a.name;
  if (a.namespace && r.kind !== 'Namespace') req.namespace = a.namespace;
  if (a.dryRun) req.dryRun = true;
  return req;
}

/** generic.CollectParams: the parameter objects a binding names (or `[null]` without any). */
function collectParams(
  policy: Policy,
  binding: Binding,
  a: Attributes,
  lookups: AdmissionLookups,
): (KubeObject | null)[] | { error: string; policyLevel?: boolean } {
  const kind = policy.spec?.paramKind;
  const ref = binding.spec?.paramRef;
  if (!kind || !ref) return [null];
  const info: ResourceInfo | undefined = lookups.paramResource?.(
    kind.apiVersion ?? '',
    kind.kind ?? '',
  );
  if (!info) {
    const [group, version] = (kind.apiVersion ?? '').includes('/')
      ? (kind.apiVersion ?? '').split('/')
      : ['', kind.apiVersion ?? ''];
    return {
      error: `failed to configure policy: failed to find resource referenced by paramKind: '${group}/${version}, Kind=${kind.kind}'`,
      policyLevel: true,
    };
  }
  const namespace = info.namespaced ? (ref.namespace ?? a.namespace ?? '') : undefined;
  let params: KubeObject[];
  if (ref.name) {
    const key =
      namespace !== undefined
        ? `${info.etcdPrefix}/${namespace}/${ref.name}`
        : `${info.etcdPrefix}/${ref.name}`;
    const p = lookups.object?.(key);
    params = p ? [p] : [];
  } else {
    params = (lookups.objectsOf?.(info, namespace) ?? []).filter(
      (p) => !ref.selector || matchesLabelSelector(p.metadata?.labels ?? {}, ref.selector),
    );
  }
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny')
    return {
      error:
        'failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction',
    };
  // The API server adds the apiVersion and kind a typed object lacks (wrappedParam).
  return params.map((p) => ({ apiVersion: kind.apiVersion, kind: kind.kind, ...p }));
}

/** Evaluates one of a policy's expressions (k/k's filter error text on failure). */
const run = (source: string, vars: Map<string, unknown>) =>
  evaluateExpression(source, POLICY_VARIABLES, vars);

/** validator.Validate for one (policy, binding, param): the denials it makes. */
function validate(
  policy: Policy,
  param: KubeObject | null,
  a: Attributes,
  lookups: AdmissionLookups,
): Denial[] {
  const spec = policy.spec ?? {};
  const failClosed = (spec.failurePolicy ?? 'Fail') === 'Fail';
  const ns =
    a.namespace && a.resource.kind !== 'Namespace' ? lookups.namespace(a.namespace) : undefined;
  const vars = new Map<string, unknown>([
    ['object', a.object],
    ['oldObject', a.oldObject ?? null],
    ['request', admissionRequest(a)],
    ['params', param],
    ['namespaceObject', ns ?? null],
    ['authorizer', {}],
  ]);
  const variables = spec.variables ?? [];
  vars.set(
    'variables',
    new LazyMap(
      variables.map((v) => v.name),
      (name) => run(variables.find((v) => v.name === name)!.expression, vars),
    ),
  );
  const error = (e: unknown): Denial[] => {
    if (!(e instanceof CelEvalError)) throw e;
    return failClosed ? [{ message: e.message, policy: policy.metadata!.name! }] : [];
  };
  // matchConditions: any false skips the policy; otherwise an error fails per failurePolicy.
  const matched = matchConditions(spec.matchConditions ?? [], (src) => run(src, vars));
  if (matched === false) return [];
  if (matched !== true) return error(matched);
  const denials: Denial[] = [];
  for (const v of spec.validations ?? []) {
    let ok: unknown;
    try {
      ok = run(v.expression, vars);
    } catch (e) {
      denials.push(...error(e));
      continue;
    }
    if (ok === true) continue;
    let message = '';
    if (v.messageExpression) {
      try {
        const m = run(v.messageExpression, vars);
        if (typeof m === 'string' && !m.includes('\n')) message = m.trim();
      } catch (e) {
        if (!(e instanceof CelEvalError)) throw e;
      }
    }
    if (!message && v.message) message = v.message.trim();
    if (!message) message = `failed expression: ${v.expression.trim()}`;
    denials.push({ message, reason: v.reason ?? 'Invalid', policy: policy.metadata!.name! });
  }
  return denials;
}

/**
 * matchconditions.Matcher: false when a condition is false (errors or not), true when all hold,
 * or the error (an aggregate, as utilerrors prints one) when some failed and none was false.
 */
export function matchConditions(
  conditions: readonly { expression: string }[],
  run: (source: string) => unknown,
): boolean | CelEvalError {
  const errors: string[] = [];
  for (const c of conditions) {
    try {
      const v = run(c.expression);
      if (v === false) return false;
      if (v !== true)
        errors.push(`expression '${c.expression}' resulted in error: no such overload`);
    } catch (e) {
      if (!(e instanceof CelEvalError)) throw e;
      errors.push(e.message);
    }
  }
  if (errors.length === 0) return true;
  return new CelEvalError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
}

/** k/k reasonToCode. */
const CODES: Record<string, number> = {
  Unauthorized: 401,
  Forbidden: 403,
  Invalid: 422,
  RequestEntityTooLarge: 413,
};

/** admission.NewForbidden with the denial's reason and code (dispatcher.go). */
function refusal(d: Denial, a: Attributes): Status {
  const message = d.binding
    ? `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`
    : `ValidatingAdmissionPolicy '${d.policy}' denied request: ${d.message}`;
  const reason = d.reason ?? 'Invalid';
  const what = a.name ? `${qualified(a.resource)} "${a.name}"` : qualified(a.resource);
  return {
    apiVersion: 'v1',
    kind: 'Status',
    status: 'Failure',
    message: `${what} is forbidden: ${message}`,
    reason,
    code: CODES[reason] ?? 422,
    details: {
      name: a.name,
      group: a.resource.group || undefined,
      kind: a.resource.plural,
      causes: [{ reason: '', message, field: '' }],
    },
  };
}

/**
 * dispatcher.Dispatch: every matching (policy, binding, param), the first denial refused with
 * its reason; a `Warn` binding's failures added to the response's warnings.
 */
export function validatePolicies(
  stored: KubeObject[],
  a: Attributes,
  lookups: AdmissionLookups,
): Status | undefined {
  const policies = stored as Policy[];
  const bindings = (lookups.admissionConfigurations?.('ValidatingAdmissionPolicyBinding') ??
    []) as Binding[];
  const denied: Denial[] = [];
  for (const policy of policies) {
    const name = policy.metadata?.name ?? '';
    const own = bindings.filter((b) => b.spec?.policyName === name);
    if (own.length === 0 || !resourcesMatch(policy.spec?.matchConstraints, a, lookups)) continue;
    for (const binding of own) {
      if (!resourcesMatch(binding.spec?.matchResources, a, lookups)) continue;
      const params = collectParams(policy, binding, a, lookups);
      if ('error' in params) {
        // A configuration error refuses under failurePolicy Fail, whatever the actions.
        if ((policy.spec?.failurePolicy ?? 'Fail') === 'Fail')
          denied.push({
            message: params.error,
            policy: name,
            binding: params.policyLevel ? undefined : binding.metadata?.name,
          });
        continue;
      }
      for (const d of params.flatMap((p) => validate(policy, p, a, lookups))) {
        const actions = binding.spec?.validationActions ?? [];
        if (actions.includes('Deny')) denied.push({ ...d, binding: binding.metadata?.name });
        if (actions.includes('Warn'))
          a.warnings?.push(
            `Validation failed for ValidatingAdmissionPolicy '${name}' with binding '${binding.metadata?.name}': ${d.message}`,
          );
      }
    }
  }
  return denied.length > 0 ? refusal(denied[0]!, a) : undefined;
}
