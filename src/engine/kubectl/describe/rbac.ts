/**
 * `kubectl describe role|clusterrole|rolebinding|clusterrolebinding`: the PolicyRule table (each
 * rule broken down to one resource, the simple ones compacted back by verb, sorted by the rule's
 * Go String()), and a binding's role and subjects. No events: these describers print none.
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go RoleDescriber, ClusterRoleDescriber,
 * RoleBindingDescriber, ClusterRoleBindingDescriber, CombineResourceGroup;
 * staging/src/k8s.io/kubectl/pkg/util/rbac (BreakdownRule, CompactRules, SortableRuleSlice).
 */
import type { KubeObject } from '../../api/types';
import type { PolicyRule, Subject } from '../../apiserver/authorization/rbac';
import {
  LEVEL_0,
  LEVEL_1,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

/** Go's `%v` of a []string. */
const list = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

/**
 * BreakdownRule: one rule per group × resource × verb (× resource name), and one per verb ×
 * non-resource URL; CompactRules gathers the verbs of the resource ones back.
 */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  const verbs = rule.verbs ?? [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of verbs) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (rule.resourceNames?.length)
          for (const name of rule.resourceNames) out.push({ ...base, resourceNames: [name] });
        else out.push(base);
      }
  for (const verb of verbs)
    for (const url of rule.nonResourceURLs ?? [])
      out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** CompactRules: simple rules for the same group, resource and name gather their verbs. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const isSimple =
      (rule.resourceNames?.length ?? 0) <= 1 &&
      !rule.nonResourceURLs?.length &&
      rule.apiGroups?.length === 1 &&
      rule.resources?.length === 1;
    if (!isSimple) {
      out.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? null]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...rule, verbs: [...(rule.verbs ?? [])] });
    else
      for (const v of rule.verbs ?? []) if (!existing.verbs!.includes(v)) existing.verbs!.push(v);
  }
  return [...out, ...simple.values()];
}

/** The generated protobuf String() of a PolicyRule, by which kubectl sorts the table. */
const ruleString = (r: PolicyRule) =>
  `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;

/** CombineResourceGroup: `deployments.apps/scale`. */
function combineResourceGroup(
  resources: string[] | undefined,
  groups: string[] | undefined,
): string {
  if (!resources?.length) return '';
  const [resource, sub] = resources[0].split(/\/(.*)/s);
  let out = resource;
  if (groups?.length && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

/**
 * The rows of a PolicyRule table (Resources, Non-Resource URLs, Resource Names, Verbs): each rule
 * broken down, the simple ones compacted, sorted stably by the rule's Go string (byte order, as
 * Go's strings.Compare). `describe role` and `auth can-i --list` print these.
 */
export function policyRuleRows(rules: PolicyRule[]): string[][] {
  return compact(rules.flatMap(breakdown))
    .map((r) => ({ r, s: ruleString(r) }))
    .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0))
    .map(({ r }) => [
      combineResourceGroup(r.resources, r.apiGroups),
      list(r.nonResourceURLs),
      list(r.resourceNames),
      list(r.verbs),
    ]);
}

/** Role and ClusterRole (the latter has no namespace to print: neither does the former). */
export function describeRole(obj: KubeObject): string {
  const rules = (obj as { rules?: PolicyRule[] | null }).rules ?? [];
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
  w.write(LEVEL_0, 'PolicyRule:\n');
  w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
  for (const row of policyRuleRows(rules)) w.write(LEVEL_1, `${row.join('\t')}\n`);
  return w.toString();
}

/** RoleBinding and ClusterRoleBinding. */
export function describeRoleBinding(obj: KubeObject): string {
  const binding = obj as KubeObject & {
    roleRef?: { kind: string; name: string };
    subjects?: Subject[] | null;
  };
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
  w.write(LEVEL_0, 'Role:\n');
  w.write(LEVEL_1, `Kind:\t${binding.roleRef?.kind ?? ''}\n`);
  w.write(LEVEL_1, `Name:\t${binding.roleRef?.name ?? ''}\n`);
  w.write(LEVEL_0, 'Subjects:\n');
  w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
  w.write(LEVEL_1, '----\t----\t---------\n');
  for (const s of binding.subjects ?? [])
    w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  return w.toString();
}
