/**
 * Label selectors and field selectors as the API server implements them
 * (k/k: staging/src/k8s.io/apimachinery/pkg/labels/selector.go, pkg/fields/selector.go,
 * pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector, pkg/apis/core/v1/conversion.go).
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { ParsedSelector, Requirement, SelectorOperator } from './labelparser';

export type { ParsedSelector, Requirement, SelectorOperator } from './labelparser';
export { parseLabelSelector } from './labelparser';
export type { FieldRequirement, ParsedFieldSelector } from './fieldselectors';
export { matchesFieldSelector, parseFieldSelector, supportedFieldLabels } from './fieldselectors';

// ---------------------------------------------------------------------------------------------
// Matching

/** k/k: Requirement.Matches. */
function requirementMatches(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value as string)) return false;
      const lv = Number.parseInt(value as string, 10);
      const rv = Number.parseInt(r.values[0], 10);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** True when every requirement of `parsed` matches `labels`. */
export function matchesParsedSelector(
  labels: Record<string, string> | undefined,
  parsed: ParsedSelector,
): boolean {
  const l = labels ?? {};
  return parsed.requirements.every((r) => requirementMatches(l, r));
}

const EXPRESSION_OPERATORS: Record<string, SelectorOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * Converts a `metav1.LabelSelector` into requirements (k/k: LabelSelectorAsSelector). Returns
 * undefined for a nil selector (matches nothing); throws on an invalid expression, with the
 * API's text (`"Foo" is not a valid label selector operator`).
 */
export function labelSelectorRequirements(
  sel: LabelSelector | undefined,
): Requirement[] | undefined {
  if (!sel) return undefined;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    reqs.push({ key: k, operator: '=', values: [v] });
  }
  for (const expr of sel.matchExpressions ?? []) {
    reqs.push(expressionRequirement(expr));
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function expressionRequirement(expr: LabelSelectorRequirement): Requirement {
  const op = EXPRESSION_OPERATORS[expr.operator];
  if (!op)
    throw new Error(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
  const values = [...new Set(expr.values ?? [])].sort();
  if ((op === 'in' || op === 'notin') && values.length === 0) {
    throw new Error(
      `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
    );
  }
  if ((op === 'exists' || op === '!') && values.length > 0) {
    throw new Error(
      `values: Invalid value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: values set must be empty for exists and does not exist`,
    );
  }
  return { key: expr.key, operator: op, values };
}

/**
 * Does a `metav1.LabelSelector` (Deployment, ReplicaSet, Job…) select these labels?
 * An empty selector (`{}`) matches everything; an undefined one matches nothing; an invalid
 * one (bad operator, `In` without values) matches nothing, as controllers skip it.
 */
export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  selector: LabelSelector | undefined,
): boolean {
  const parsed = parsedLabelSelector(selector);
  return parsed !== null && matchesParsedSelector(labels, parsed);
}

/**
 * Parsed selectors by selector object. A selector is remembered only while its `matchLabels` and
 * `matchExpressions` are the same frozen objects (informer objects are deep-frozen; a selector
 * literal around a pod's frozen labels qualifies too), so a cached parse can never go stale.
 */
const parsedSelectors = new WeakMap<
  LabelSelector,
  { ml: unknown; me: unknown; parsed: ParsedSelector | null }
>();

/** Absent, or frozen all the way down (an array of frozen expressions). */
function frozenOrAbsent(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Object.isFrozen(v)) return false;
  return !Array.isArray(v) || v.every((x) => Object.isFrozen(x) && frozenOrAbsent(x.values));
}

/** The selector's requirements, or null when it matches nothing (nil or invalid). */
function parsedLabelSelector(selector: LabelSelector | undefined): ParsedSelector | null {
  if (!selector) return null;
  const hit = parsedSelectors.get(selector);
  if (hit && hit.ml === selector.matchLabels && hit.me === selector.matchExpressions)
    return hit.parsed;
  let parsed: ParsedSelector | null;
  try {
    const reqs = labelSelectorRequirements(selector);
    parsed = reqs ? { requirements: reqs } : null;
  } catch {
    parsed = null;
  }
  if (frozenOrAbsent(selector.matchLabels) && frozenOrAbsent(selector.matchExpressions)) {
    parsedSelectors.set(selector, {
      ml: selector.matchLabels,
      me: selector.matchExpressions,
      parsed,
    });
  }
  return parsed;
}

/**
 * Does a map selector (`Service.spec.selector`, `pod.spec.nodeSelector`) select these labels?
 * Every key must be present with that value (k/k: labels.SelectorFromSet). Undefined matches
 * nothing and `{}` matches everything, like {@link matchesLabelSelector}. Note that a Service
 * whose selector is empty gets no endpoints: the API stores `selector: {}` as no selector, so
 * use {@link serviceSelects} for Services.
 */
export function matchesSelectorMap(
  labels: Record<string, string> | undefined,
  selector: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(
    ([k, v]) => Object.prototype.hasOwnProperty.call(l, k) && l[k] === v,
  );
}

/**
 * Service semantics (k/k: pkg/controller/endpointslice reconcile): a Service without a selector,
 * or with an empty one, selects no pods; otherwise it is a map selector.
 */
export function serviceSelects(
  labels: Record<string, string> | undefined,
  selector: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return matchesSelectorMap(labels, selector);
}

// ---------------------------------------------------------------------------------------------
// Printing

function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** The text of parsed requirements (k/k: internalSelector.String). */
export function parsedSelectorToString(parsed: ParsedSelector): string {
  return parsed.requirements.map(requirementString).join(',');
}

/**
 * A LabelSelector as kubectl prints it in the SELECTOR column and in `describe`
 * (k/k: metav1.FormatLabelSelector): `app=web,tier in (a,b)`; `<none>` when it selects
 * everything or nothing; `<error>` when invalid.
 */
export function labelSelectorToString(sel: LabelSelector | undefined): string {
  let reqs: Requirement[] | undefined;
  try {
    reqs = labelSelectorRequirements(sel);
  } catch {
    return '<error>';
  }
  const s = reqs ? parsedSelectorToString({ requirements: reqs }) : '';
  return s.length === 0 ? '<none>' : s;
}
