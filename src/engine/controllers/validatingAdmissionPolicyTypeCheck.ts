/**
 * The type check of a ValidatingAdmissionPolicy's expressions against the kinds it matches (k/k
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/typechecking.go), for
 * ./validatingAdmissionPolicyStatus.ts. Loaded on demand (../onDemand.ts) with the rest of CEL.
 */
import type { ValidatingAdmissionPolicy } from 'kubernetes-types/admissionregistration/v1';
import type { FieldTable } from '../api/fieldTable';
import table from '../api/generated/fields.json';
import { resourceForKind, resourceForPlural } from '../api/resources';
import type { Rule } from '../apiserver/admission/matching';
import { typeCheck } from '../cel/typecheck';

const FIELDS = table as FieldTable;
/** k/k typechecking.go maxTypesToCheck. */
const MAX_TYPES = 10;

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

const gvkString = (g: Gvk) => `${g.group ? `${g.group}/` : ''}${g.version}, Kind=${g.kind}`;

/**
 * k/k typesToCheck: the kinds the policy's resource rules name, without wildcards or
 * subresources, sorted by group, version and kind; at most ten. Only kinds the server knows the
 * fields of are checked (custom resources are not, as in v1.31).
 */
function typesToCheck(policy: ValidatingAdmissionPolicy): Gvk[] {
  const found = new Map<string, Gvk>();
  for (const rule of (policy.spec?.matchConstraints?.resourceRules ?? []) as Rule[]) {
    const groups = rule.apiGroups ?? [];
    const versions = rule.apiVersions ?? [];
    if (groups.some((g) => g.includes('*')) || versions.some((v) => v.includes('*'))) continue;
    const resources = (rule.resources ?? []).filter((r) => !/[*/]/.test(r));
    for (const group of [...groups].sort())
      for (const version of [...versions].sort())
        for (const resource of [...resources].sort()) {
          const info = resourceForPlural(resource);
          if (!info || info.group !== group || info.version !== version) continue;
          const gvk = { group, version, kind: info.kind };
          found.set(gvkString(gvk), gvk);
          if (found.size === MAX_TYPES) break;
        }
  }
  return [...found.values()].sort(
    (a, b) =>
      a.group.localeCompare(b.group) ||
      a.version.localeCompare(b.version) ||
      a.kind.localeCompare(b.kind),
  );
}

/** TypeChecker.Check: a warning per expression that fails against any matched kind. */
export function typeCheckPolicy(
  policy: ValidatingAdmissionPolicy,
): { fieldRef: string; warning: string }[] {
  const kinds = typesToCheck(policy).filter((g) => FIELDS.kinds[g.kind]);
  const paramKind = policy.spec?.paramKind;
  const paramInfo = paramKind?.kind ? resourceForKind(paramKind.kind) : undefined;
  const params =
    paramInfo && paramInfo.apiVersion === paramKind?.apiVersion && FIELDS.kinds[paramInfo.kind]
      ? `@${FIELDS.kinds[paramInfo.kind]}`
      : undefined;
  const warnings: { fieldRef: string; warning: string }[] = [];
  const checkAll = (source: string, fieldRef: string) => {
    const messages = kinds
      .map((g) => {
        const object = `@${FIELDS.kinds[g.kind]}`;
        const issues = typeCheck(source, { object, oldObject: object, params }, FIELDS.structs);
        return issues ? `${gvkString(g)}: ${issues}\n` : '';
      })
      .filter((m) => m);
    if (messages.length) warnings.push({ fieldRef, warning: messages.join('\n') });
  };
  (policy.spec?.validations ?? []).forEach((v, i) => {
    checkAll(v.expression, `spec.validations[${i}].expression`);
    if (v.messageExpression)
      checkAll(v.messageExpression, `spec.validations[${i}].messageExpression`);
  });
  return warnings;
}
