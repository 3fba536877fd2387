/**
 * apf: validation of a ResourceQuota's `scopes` and `scopeSelector` as v1.31 has it (k/k:
 * pkg/apis/core/validation/validation.go validateResourceQuotaScopes and
 * validateScopedResourceSelectorRequirement; pkg/apis/core/helper/helpers.go). v1.31 knows five
 * scopes plus CrossNamespacePodAffinity: the `VolumeAttributesClass` scope came in v1.33
 * (kubernetes/kubernetes#124360), so a v1.31 server refuses it as an unsupported scope.
 */
import { goQuote, goRepr, invalid, required, type FieldError } from './fielderrors';

interface ScopeRequirement {
  scopeName?: string;
  operator?: string;
  values?: string[];
}
interface QuotaSpec {
  hard?: Record<string, unknown>;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopeRequirement[] };
}

const STANDARD_SCOPES = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
]);

/** k/k helper: podObjectCountQuotaResources and podComputeQuotaResources. */
const POD_COUNT = new Set(['pods']);
const POD_COMPUTE = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);

/** k/k helper: standardQuotaResources (and the hugepages prefixes). */
const STANDARD_QUOTA = new Set([
  ...POD_COMPUTE,
  'ephemeral-storage',
  'requests.ephemeral-storage',
  'limits.ephemeral-storage',
  'requests.storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);
const isStandardQuota = (r: string) =>
  STANDARD_QUOTA.has(r) || r.startsWith('hugepages-') || r.startsWith('requests.hugepages-');

/** k/k helper: IsResourceQuotaScopeValidForResource. */
function scopeValidFor(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_COUNT.has(resource) || POD_COMPUTE.has(resource);
    case 'BestEffort':
      return POD_COUNT.has(resource);
    default:
      return true;
  }
}

const goScopes = (scopes: string[]) =>
  goRepr(`[]core.ResourceQuotaScope{${scopes.map(goQuote).join(', ')}}`);

/** Go `%#v` of the ScopeSelector, as field.Invalid prints it. */
function goSelector(reqs: ScopeRequirement[]): unknown {
  const items = reqs.map((r) => {
    const values = r.values ? `[]string{${r.values.map(goQuote).join(', ')}}` : '[]string(nil)';
    return `core.ScopedResourceSelectorRequirement{ScopeName:${goQuote(r.scopeName ?? '')}, Operator:${goQuote(r.operator ?? '')}, Values:${values}}`;
  });
  return goRepr(
    `core.ScopeSelector{MatchExpressions:[]core.ScopedResourceSelectorRequirement{${items.join(', ')}}}`,
  );
}

/** The conflicting pairs k/k refuses in one quota. */
const CONFLICTS = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

export function validateResourceQuotaScopes(spec: QuotaSpec): FieldError[] {
  const errs: FieldError[] = [];
  const hard = Object.keys(spec.hard ?? {})
    .filter(isStandardQuota)
    .sort();
  const scopes = spec.scopes ?? [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (!STANDARD_SCOPES.has(scope))
      errs.push(invalid('spec.scopes', goScopes(scopes), 'unsupported scope'));
    for (const k of hard)
      if (!scopeValidFor(scope, k))
        errs.push(
          invalid('spec.scopes', goScopes(scopes), 'unsupported scope applied to resource'),
        );
    seen.add(scope);
  }
  for (const pair of CONFLICTS)
    if (pair.every((s) => seen.has(s)))
      errs.push(invalid('spec.scopes', goScopes(scopes), 'conflicting scopes'));
  const reqs = spec.scopeSelector?.matchExpressions;
  if (!reqs) return errs;
  const p = 'spec.scopeSelector.matchExpressions';
  const selected = new Set<string>();
  for (const req of reqs) {
    const name = req.scopeName ?? '';
    if (!STANDARD_SCOPES.has(name)) errs.push(invalid(`${p}.scopeName`, name, 'unsupported scope'));
    for (const k of hard)
      if (!scopeValidFor(name, k))
        errs.push(invalid(p, goSelector(reqs), 'unsupported scope applied to resource'));
    if (name !== 'PriorityClass' && STANDARD_SCOPES.has(name) && req.operator !== 'Exists')
      errs.push(
        invalid(
          `${p}.operator`,
          req.operator ?? '',
          "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (!req.values?.length)
          errs.push(
            required(
              `${p}.values`,
              "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
            ),
          );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (req.values?.length)
          errs.push(
            invalid(
              `${p}.values`,
              req.values,
              "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
            ),
          );
        break;
      default:
        errs.push(invalid(`${p}.operator`, req.operator ?? '', 'not a valid selector operator'));
    }
    selected.add(name);
  }
  for (const pair of CONFLICTS)
    if (pair.every((s) => selected.has(s)))
      errs.push(invalid(p, goSelector(reqs), 'conflicting scopes'));
  return errs;
}
