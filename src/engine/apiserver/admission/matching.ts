/**
 * What admission webhooks and admission policies share to decide whether a request concerns them
 * (k/k staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/predicates: rules.Matcher,
 * namespace.Matcher, object.Matcher).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { AdmissionLookups, Attributes } from './interfaces';

const EXEMPT = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

/**
 * k/k rules.IsExemptAdmissionConfigurationResource: webhooks and admission policies never see
 * the objects that configure them (so a bad one can always be fixed).
 */
export function isExemptAdmissionConfiguration(kind: string): boolean {
  return EXEMPT.has(kind);
}

/** A RuleWithOperations (admissionregistration/v1). */
export interface Rule {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  resourceNames?: string[];
  scope?: string;
}

const has = (list: string[] | undefined, v: string) =>
  !!list && (list.includes('*') || list.includes(v));

/**
 * k/k rules.Matcher.resource: `pods` matches the resource only, `pods/status` that subresource,
 * `pods/*` every subresource of pods, `*` every resource (not subresources), `*\/*` everything.
 */
function resourceMatches(resources: string[] | undefined, a: Attributes): boolean {
  const res = a.resource.plural;
  const sub = a.subresource ?? '';
  return (resources ?? []).some((r) => {
    if (r === '*/*') return true;
    if (r === '*') return sub === '';
    const [rr, rs = ''] = r.split('/', 2);
    return (rr === '*' || rr === res) && (rs === '*' ? true : rs === sub);
  });
}

/** k/k rules.Matcher: operation, group, version, resource (and subresource), scope. */
export function ruleMatches(r: Rule, a: Attributes, names = false): boolean {
  const scope = r.scope ?? '*';
  if (scope === 'Cluster' && a.resource.namespaced) return false;
  if (scope === 'Namespaced' && !a.resource.namespaced) return false;
  if (names && r.resourceNames?.length && !r.resourceNames.includes(a.name)) return false;
  return (
    has(r.operations, a.operation) &&
    has(r.apiGroups, a.resource.group) &&
    has(r.apiVersions, a.resource.version) &&
    resourceMatches(r.resources, a)
  );
}

/** A selector that is absent or empty selects everything. */
export function selects(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  return !sel || matchesLabelSelector(labels, sel);
}

/**
 * k/k namespace.Matcher: a Namespace matches on its own labels; a namespaced object on its
 * namespace's; a cluster-scoped object always.
 */
export function namespaceMatches(
  sel: LabelSelector | undefined,
  a: Attributes,
  lookups: AdmissionLookups,
): boolean {
  if (a.resource.kind === 'Namespace') return selects(sel, a.object.metadata?.labels ?? {});
  if (!a.resource.namespaced || !a.namespace) return true;
  const ns = lookups.namespace(a.namespace);
  return selects(sel, ns?.metadata?.labels ?? {});
}

/** k/k object.Matcher: the object's labels, or the old object's. */
export function objectMatches(sel: LabelSelector | undefined, a: Attributes): boolean {
  return (
    selects(sel, a.object.metadata?.labels ?? {}) ||
    (!!a.oldObject && selects(sel, a.oldObject.metadata?.labels ?? {}))
  );
}
