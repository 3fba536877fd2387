/**
 * Defaults and validation of API Priority and Fairness's kinds, FlowSchema and
 * PriorityLevelConfiguration (flowcontrol.apiserver.k8s.io/v1). k/k (v1.31):
 * pkg/apis/flowcontrol/v1/defaults.go and pkg/apis/flowcontrol/validation/validation.go; the
 * texts are the API server's. (The check that the mandatory `exempt` and `catch-all` objects keep
 * their fixed spec is left out: the config producer puts them back anyway.)
 */
import type {
  FlowSchema,
  LimitedPriorityLevelConfiguration,
  NonResourcePolicyRule,
  PolicyRulesWithSubjects,
  PriorityLevelConfiguration,
  ResourcePolicyRule,
  Subject,
} from 'kubernetes-types/flowcontrol/v1';
import { forbidden, invalid, notSupported, required, type FieldError } from './fielderrors';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './names';
import type { KubeObject } from './types';

/** k/k: flowcontrol.FlowSchemaMaxMatchingPrecedence. */
export const MAX_MATCHING_PRECEDENCE = 10000;

const SUPPORTED_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'proxy',
  'update',
  'watch',
];

/** Defaults of the two kinds; false when `o` is neither. */
export function defaultFlowControlObject(o: KubeObject): boolean {
  switch (o.kind) {
    case 'FlowSchema': {
      // SetDefaults_FlowSchemaSpec.
      const spec = ((o as FlowSchema).spec ??= { priorityLevelConfiguration: { name: '' } });
      if (!spec.matchingPrecedence) spec.matchingPrecedence = 1000;
      return true;
    }
    case 'PriorityLevelConfiguration': {
      const spec = (o as PriorityLevelConfiguration).spec;
      // SetDefaults_ExemptPriorityLevelConfiguration: both shares 0.
      if (spec?.exempt) {
        spec.exempt.nominalConcurrencyShares ??= 0;
        spec.exempt.lendablePercent ??= 0;
      }
      // SetDefaults_LimitedPriorityLevelConfiguration (30 nominal shares, nothing lent) and
      // SetDefaults_QueuingConfiguration (64 queues, hands of 8, 50 requests a queue).
      if (spec?.limited) {
        spec.limited.nominalConcurrencyShares ??= 30;
        spec.limited.lendablePercent ??= 0;
        const q = spec.limited.limitResponse?.queuing;
        if (q) {
          if (!q.handSize) q.handSize = 8;
          if (!q.queues) q.queues = 64;
          if (!q.queueLengthLimit) q.queueLengthLimit = 50;
        }
      }
      return true;
    }
  }
  return false;
}

/** The field errors of one of these kinds (undefined: neither). */
export function validateFlowControlObject(o: KubeObject): FieldError[] | undefined {
  switch (o.kind) {
    case 'FlowSchema':
      return validateFlowSchema(o as FlowSchema);
    case 'PriorityLevelConfiguration':
      return validatePriorityLevel(o as PriorityLevelConfiguration);
  }
  return undefined;
}

/** k/k: ValidateFlowSchemaSpec. */
function validateFlowSchema(fs: FlowSchema): FieldError[] {
  const spec = fs.spec ?? { priorityLevelConfiguration: { name: '' } };
  const errs: FieldError[] = [];
  const mp = spec.matchingPrecedence ?? 0;
  if (mp <= 0) errs.push(invalid('spec.matchingPrecedence', mp, 'must be a positive value'));
  if (mp > MAX_MATCHING_PRECEDENCE)
    errs.push(
      invalid('spec.matchingPrecedence', mp, `must not be greater than ${MAX_MATCHING_PRECEDENCE}`),
    );
  if (mp === 1 && fs.metadata?.name !== 'exempt')
    errs.push(
      invalid(
        'spec.matchingPrecedence',
        mp,
        "only the schema named 'exempt' may have matchingPrecedence 1",
      ),
    );
  const dm = spec.distinguisherMethod;
  if (dm && dm.type !== 'ByNamespace' && dm.type !== 'ByUser')
    errs.push(notSupported('spec.distinguisherMethod.type', dm.type, ['ByNamespace', 'ByUser']));
  const pl = spec.priorityLevelConfiguration?.name ?? '';
  if (!pl)
    errs.push(required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  else
    for (const msg of dns1123SubdomainErrors(pl))
      errs.push(invalid('spec.priorityLevelConfiguration.name', pl, msg));
  (spec.rules ?? []).forEach((r, i) => errs.push(...validateRule(r, `spec.rules[${i}]`)));
  return errs;
}

/** k/k: ValidateFlowSchemaPolicyRulesWithSubjects. */
function validateRule(rule: PolicyRulesWithSubjects, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.subjects?.length)
    errs.push(required(`${p}.subjects`, 'subjects must contain at least one value'));
  rule.subjects?.forEach((s, i) => errs.push(...validateSubject(s, `${p}.subjects[${i}]`)));
  if (!rule.resourceRules?.length && !rule.nonResourceRules?.length)
    errs.push(
      required(p, 'at least one of resourceRules and nonResourceRules has to be non-empty'),
    );
  rule.resourceRules?.forEach((r, i) =>
    errs.push(...validateResourceRule(r, `${p}.resourceRules[${i}]`)),
  );
  rule.nonResourceRules?.forEach((r, i) =>
    errs.push(...validateNonResourceRule(r, `${p}.nonResourceRules[${i}]`)),
  );
  return errs;
}

/** k/k: ValidateFlowSchemaSubject and the per-kind subject checks. */
function validateSubject(s: Subject, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const others = (keep: 'user' | 'group' | 'serviceAccount') => {
    const text = {
      user: "user is forbidden when subject kind is not 'User'",
      group: "group is forbidden when subject kind is not 'Group'",
      serviceAccount: "serviceAccount is forbidden when subject kind is not 'ServiceAccount'",
    };
    for (const f of ['serviceAccount', 'user', 'group'] as const)
      if (f !== keep && s[f]) errs.push(forbidden(`${p}.${f}`, text[f]));
  };
  switch (s.kind) {
    case 'ServiceAccount': {
      const sa = s.serviceAccount;
      if (!sa)
        errs.push(
          required(
            `${p}.serviceAccount`,
            "serviceAccount is required when subject kind is 'ServiceAccount'",
          ),
        );
      else {
        if (!sa.name) errs.push(required(`${p}.serviceAccount.name`));
        else if (sa.name !== '*')
          for (const msg of dns1123SubdomainErrors(sa.name))
            errs.push(invalid(`${p}.serviceAccount.name`, sa.name, msg));
        if (!sa.namespace)
          errs.push(
            required(`${p}.serviceAccount.namespace`, 'must specify namespace for service account'),
          );
        else
          for (const msg of dns1123LabelErrors(sa.namespace))
            errs.push(invalid(`${p}.serviceAccount.namespace`, sa.namespace, msg));
      }
      others('serviceAccount');
      break;
    }
    case 'User':
      if (!s.user) errs.push(required(`${p}.user`, "user is required when subject kind is 'User'"));
      else if (!s.user.name) errs.push(required(`${p}.user.name`));
      others('user');
      break;
    case 'Group':
      if (!s.group)
        errs.push(required(`${p}.group`, "group is required when subject kind is 'Group'"));
      else if (!s.group.name) errs.push(required(`${p}.group.name`));
      others('group');
      break;
    default:
      errs.push(notSupported(`${p}.kind`, s.kind, ['Group', 'ServiceAccount', 'User']));
  }
  return errs;
}

/** The verbs check both rule kinds share. */
function validateVerbs(verbs: string[] | undefined, p: string): FieldError[] {
  if (!verbs?.length) return [required(`${p}.verbs`, 'verbs must contain at least one value')];
  if (verbs.includes('*'))
    return verbs.length > 1
      ? [invalid(`${p}.verbs`, verbs, "if '*' is present, must not specify other verbs")]
      : [];
  if (verbs.some((v) => !SUPPORTED_VERBS.includes(v)))
    return [notSupported(`${p}.verbs`, verbs, SUPPORTED_VERBS)];
  return [];
}

/** `*` alone or not at all, in a list where it matches everything. */
function wildcardAlone(list: string[], p: string, what: string): FieldError[] {
  return list.length > 1 && list.includes('*')
    ? [invalid(p, list, `if '*' is present, must not specify other ${what}`)]
    : [];
}

/** k/k: ValidateFlowSchemaResourcePolicyRule. */
function validateResourceRule(r: ResourcePolicyRule, p: string): FieldError[] {
  const errs = validateVerbs(r.verbs, p);
  if (!r.apiGroups?.length)
    errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
  else errs.push(...wildcardAlone(r.apiGroups, `${p}.apiGroups`, 'api groups'));
  if (!r.resources?.length)
    errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  else errs.push(...wildcardAlone(r.resources, `${p}.resources`, 'resources'));
  const ns = r.namespaces ?? [];
  if (!ns.length && !r.clusterScope)
    errs.push(
      required(
        `${p}.namespaces`,
        'resource rules that are not cluster scoped must supply at least one namespace',
      ),
    );
  else if (ns.includes('*')) errs.push(...wildcardAlone(ns, `${p}.namespaces`, 'namespaces'));
  else
    ns.forEach((n, i) => {
      for (const msg of dns1123LabelErrors(n))
        errs.push(
          invalid(
            `${p}.namespaces[${i}]`,
            n,
            `each member of this list must be '*' or a DNS-1123 label; ${msg}`,
          ),
        );
    });
  return errs;
}

/** k/k: ValidateFlowSchemaNonResourcePolicyRule and ValidateNonResourceURLPath. */
function validateNonResourceRule(r: NonResourcePolicyRule, p: string): FieldError[] {
  const errs = validateVerbs(r.verbs, p);
  const urls = r.nonResourceURLs ?? [];
  if (!urls.length)
    errs.push(required(`${p}.nonResourceURLs`, 'nonResourceURLs must contain at least one value'));
  else if (urls.includes('*'))
    errs.push(...wildcardAlone(urls, `${p}.nonResourceURLs`, 'non-resource URLs'));
  else
    urls.forEach((u, i) => {
      const why = nonResourceURLError(u);
      if (why) errs.push(invalid(`${p}.nonResourceURLs[${i}]`, u, why));
    });
  return errs;
}

function nonResourceURLError(path: string): string | undefined {
  if (!path) return 'must not be empty';
  if (path === '/') return undefined;
  if (!path.startsWith('/')) return 'must start with slash';
  if (path.includes(' ')) return 'must not contain white-space';
  if (path.includes('//')) return 'must not contain double slash';
  const stars = path.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !path.endsWith('/*')))
    return 'wildcard can only do suffix matching';
  return undefined;
}

/** k/k: ValidatePriorityLevelConfigurationSpec (v1: zero nominal shares allowed). */
function validatePriorityLevel(pl: PriorityLevelConfiguration): FieldError[] {
  const spec: NonNullable<PriorityLevelConfiguration['spec']> = pl.spec ?? { type: '' };
  const errs: FieldError[] = [];
  const type = spec.type ?? '';
  if ((pl.metadata?.name === 'exempt') !== (type === 'Exempt'))
    errs.push(invalid('spec.type', type, "type must be 'Exempt' if and only if name is 'exempt'"));
  switch (type) {
    case 'Exempt':
      if (spec.limited)
        errs.push(forbidden('spec.limited', 'must be nil if the type is not Limited'));
      if (spec.exempt) {
        errs.push(...shares(spec.exempt.nominalConcurrencyShares, 'spec.exempt'));
        errs.push(...lendable(spec.exempt.lendablePercent, 'spec.exempt'));
      }
      break;
    case 'Limited':
      if (spec.exempt) errs.push(forbidden('spec.exempt', 'must be nil if the type is Limited'));
      if (!spec.limited)
        errs.push(required('spec.limited', 'must not be empty when type is Limited'));
      else errs.push(...validateLimited(spec.limited, 'spec.limited'));
      break;
    default:
      errs.push(notSupported('spec.type', type, ['Exempt', 'Limited']));
  }
  return errs;
}

function shares(v: number | undefined, p: string): FieldError[] {
  return v !== undefined && v < 0
    ? [invalid(`${p}.nominalConcurrencyShares`, v, 'must be a non-negative integer')]
    : [];
}

function lendable(v: number | undefined, p: string): FieldError[] {
  return v !== undefined && (v < 0 || v > 100)
    ? [invalid(`${p}.lendablePercent`, v, 'must be between 0 and 100, inclusive')]
    : [];
}

/** k/k: ValidateLimitedPriorityLevelConfiguration, ValidateLimitResponse and the queuing. */
function validateLimited(l: LimitedPriorityLevelConfiguration, p: string): FieldError[] {
  const errs = shares(l.nominalConcurrencyShares, p);
  const lr = l.limitResponse ?? { type: '' };
  const lp = `${p}.limitResponse`;
  switch (lr.type) {
    case 'Reject':
      if (lr.queuing)
        errs.push(
          forbidden(`${lp}.queuing`, 'must be nil if limited.limitResponse.type is not Limited'),
        );
      break;
    case 'Queue': {
      const q = lr.queuing;
      if (!q) {
        errs.push(
          required(`${lp}.queuing`, 'must not be empty if limited.limitResponse.type is Limited'),
        );
        break;
      }
      const qp = `${lp}.queuing`;
      const queues = q.queues ?? 0;
      const hand = q.handSize ?? 0;
      if ((q.queueLengthLimit ?? 0) <= 0)
        errs.push(invalid(`${qp}.queueLengthLimit`, q.queueLengthLimit ?? 0, 'must be positive'));
      if (queues <= 0) errs.push(invalid(`${qp}.queues`, queues, 'must be positive'));
      else if (queues > 10_000_000)
        errs.push(invalid(`${qp}.queues`, queues, 'must not be greater than 10000000'));
      if (hand <= 0) errs.push(invalid(`${qp}.handSize`, hand, 'must be positive'));
      else if (hand > queues)
        errs.push(invalid(`${qp}.handSize`, hand, `should not be greater than queues (${queues})`));
      else if (Math.ceil(hand * Math.log2(queues)) > 60)
        // k/k shufflesharding.RequiredEntropyBits against MaxHashBits (60).
        errs.push(
          invalid(
            `${qp}.handSize`,
            hand,
            `required entropy bits of deckSize ${queues} and handSize ${hand} should not be greater than 60`,
          ),
        );
      break;
    }
    default:
      errs.push(notSupported(`${lp}.type`, lr.type, ['Queue', 'Reject']));
  }
  errs.push(...lendable(l.lendablePercent, p));
  if (l.borrowingLimitPercent !== undefined && l.borrowingLimitPercent < 0)
    errs.push(
      invalid(
        `${p}.borrowingLimitPercent`,
        l.borrowingLimitPercent,
        'if specified, must be a non-negative integer',
      ),
    );
  return errs;
}
