/**
 * Defaults and validation of the access and policy kinds: RBAC (rbac.authorization.k8s.io/v1),
 * PriorityClass (scheduling.k8s.io/v1), PodDisruptionBudget (policy/v1) and
 * ValidatingAdmissionPolicy with its binding (admissionregistration.k8s.io/v1); the last three,
 * which only a learner creates, are checked in ./learnerPolicyValidation.ts (loaded on demand).
 * k/k (v1.31): pkg/apis/rbac/v1/defaults.go, pkg/apis/rbac/validation/validation.go,
 * pkg/apis/scheduling/validation/validation.go, pkg/apis/admissionregistration/v1/defaults.go.
 * The texts are the API server's.
 */
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-types/admissionregistration/v1';
import {
  forbidden,
  goQuote,
  goRepr,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fielderrors';
import { onDemand } from '../onDemand';
import { dns1123SubdomainErrors } from './names';
import type { KubeObject } from './types';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** k/k: scheduling.SystemPriorityClassPrefix and HighestUserDefinablePriority. */
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** k/k: scheduling.SystemCriticalPriority. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;

/** k/k: scheduling.SystemPriorityClasses(), the two the API server creates at start. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: SYSTEM_CRITICAL_PRIORITY,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/**
 * k/k: path.IsValidPathSegmentName, the name rule of the RBAC kinds (ValidateRBACName), which
 * allows `:` (`system:node`, `custom:aggregate-to-edit:endpoints`).
 */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
}

/** Defaults of these kinds; false when `o` is not one of them. */
export function defaultPolicyObject(o: KubeObject): boolean {
  switch (o.kind) {
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      // SetDefaults_RoleBinding / _ClusterRoleBinding / _Subject.
      const b = o as unknown as RoleBinding;
      if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
      for (const s of b.subjects ?? [])
        if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
      return true;
    }
    case 'Role':
    case 'ClusterRole':
    case 'PodDisruptionBudget':
      return true;
    case 'PriorityClass': {
      // SetDefaults_PriorityClass.
      const pc = o as unknown as PriorityClass;
      pc.preemptionPolicy ??= 'PreemptLowerPriority';
      return true;
    }
    case 'ValidatingAdmissionPolicy': {
      // SetDefaults_ValidatingAdmissionPolicySpec, _MatchResources, _NamedRuleWithOperations.
      const spec = ((o as ValidatingAdmissionPolicy).spec ??= {});
      spec.failurePolicy ??= 'Fail';
      if (spec.matchConstraints) defaultMatchResources(spec.matchConstraints);
      return true;
    }
    case 'ValidatingAdmissionPolicyBinding': {
      const spec = ((o as ValidatingAdmissionPolicyBinding).spec ??= {});
      if (spec.matchResources) defaultMatchResources(spec.matchResources);
      return true;
    }
  }
  return false;
}

type MatchResources = NonNullable<
  NonNullable<ValidatingAdmissionPolicy['spec']>['matchConstraints']
>;

function defaultMatchResources(m: MatchResources): void {
  m.matchPolicy ??= 'Equivalent';
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  for (const r of (m.resourceRules ?? []) as { scope?: string }[]) r.scope ??= '*';
}

/** The field errors of one of these kinds (undefined: not one of them). */
export function validatePolicyObject(o: KubeObject, old?: KubeObject): FieldError[] | undefined {
  switch (o.kind) {
    case 'Role':
      return validateRules((o as ClusterRole).rules, true);
    case 'ClusterRole': {
      const cr = o as ClusterRole;
      const errs = validateRules(cr.rules, false);
      if (cr.aggregationRule && !cr.aggregationRule.clusterRoleSelectors?.length)
        errs.push(
          required(
            'aggregationRule.clusterRoleSelectors',
            'at least one clusterRoleSelector required if aggregationRule is non-nil',
          ),
        );
      return errs;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return validateBinding(
        o as unknown as RoleBinding,
        old as unknown as RoleBinding | undefined,
      );
    case 'PriorityClass':
      return validatePriorityClass(
        o as unknown as PriorityClass,
        old as unknown as PriorityClass | undefined,
      );
    // Kinds only a learner creates: their checks load on demand (./learnerPolicyValidation.ts).
    case 'PodDisruptionBudget':
    case 'ValidatingAdmissionPolicy':
    case 'ValidatingAdmissionPolicyBinding':
      return onDemand().validateLearnerPolicyObject(o);
  }
  return undefined;
}

/** k/k: ValidatePolicyRule, for each rule of a Role (namespaced) or ClusterRole. */
function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (rules ?? []).forEach((rule, i) => {
    const p = `rules[${i}]`;
    if (!rule.verbs?.length)
      errs.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    if (rule.nonResourceURLs?.length) {
      if (namespaced)
        errs.push(
          invalid(
            `${p}.nonResourceURLs`,
            rule.nonResourceURLs,
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length)
        errs.push(
          invalid(
            `${p}.nonResourceURLs`,
            rule.nonResourceURLs,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      return;
    }
    if (!rule.apiGroups?.length)
      errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!rule.resources?.length)
      errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

/** k/k: ValidateRoleBinding / ValidateClusterRoleBinding (and their updates' roleRef rule). */
function validateBinding(b: RoleBinding | ClusterRoleBinding, old?: RoleBinding): FieldError[] {
  const errs: FieldError[] = [];
  const namespaced = b.kind === 'RoleBinding';
  const ref = b.roleRef ?? ({} as RoleBinding['roleRef']);
  if (ref.apiGroup !== RBAC_GROUP)
    errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? ''))
    errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name', ''));
  else
    for (const msg of pathSegmentNameErrors(ref.name))
      errs.push(invalid('roleRef.name', ref.name, msg));
  (b.subjects ?? []).forEach((s, i) =>
    errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)),
  );
  if (
    old?.roleRef &&
    (old.roleRef.apiGroup !== ref.apiGroup ||
      old.roleRef.kind !== ref.kind ||
      old.roleRef.name !== ref.name)
  )
    errs.push(
      invalid(
        'roleRef',
        goRepr(
          `rbac.RoleRef{APIGroup:${goQuote(ref.apiGroup ?? '')}, Kind:${goQuote(ref.kind ?? '')}, Name:${goQuote(ref.name ?? '')}}`,
        ),
        'cannot change roleRef',
      ),
    );
  return errs;
}

/** k/k: ValidateRoleBindingSubject. */
function validateSubject(s: Subject, namespaced: boolean, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(required(`${p}.name`, ''));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name)
        for (const msg of dns1123SubdomainErrors(s.name))
          errs.push(invalid(`${p}.name`, s.name, msg));
      if (s.apiGroup) errs.push(notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${p}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP)
        errs.push(notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** k/k: ValidatePriorityClass and ValidatePriorityClassUpdate. */
function validatePriorityClass(pc: PriorityClass, old?: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata?.name ?? '';
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    // k/k: IsKnownSystemPriorityClass: the name, value and globalDefault of a built-in one.
    const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata?.name === name);
    const why = !known
      ? `${name} is not a known system priority class`
      : known.value !== pc.value
        ? `value of ${name} PriorityClass must be ${known.value}`
        : pc.globalDefault
          ? `globalDefault of ${name} PriorityClass must be false`
          : undefined;
    if (why)
      errs.push(
        forbidden(
          'metadata.name',
          `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}`,
        ),
      );
  } else if ((pc.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  const policies = ['Never', 'PreemptLowerPriority'];
  if (pc.preemptionPolicy && !policies.includes(pc.preemptionPolicy))
    errs.push(notSupported('preemptionPolicy', pc.preemptionPolicy, policies));
  if (old) {
    if (old.value !== pc.value) errs.push(forbidden('value', 'may not be changed in an update.'));
    if (old.preemptionPolicy !== pc.preemptionPolicy)
      errs.push(forbidden('preemptionPolicy', 'may not be changed in an update.'));
  }
  return errs;
}
