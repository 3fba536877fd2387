/**
 * Table handlers for the RBAC kinds, PriorityClass, PodDisruptionBudget and
 * ValidatingAdmissionPolicy with its binding. k8s: pkg/printers/internalversion/printers.go
 * printRoleBinding, printClusterRoleBinding, printPriorityClass, printPodDisruptionBudget,
 * printValidatingAdmissionPolicy(Binding) (v1.31). Role and ClusterRole have no handler: the
 * API server's default table (NAME, CREATED AT).
 */
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-types/admissionregistration/v1';
import { labelSelectorToString } from '../../api/labels';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

/** rest.NewDefaultTableConvertor: the name and the creation time as RFC 3339. */
export const createdAtPrinter: KindPrinter = {
  columns: [NAME, { name: 'Created At' }],
  row: (obj) => [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? ''],
};

/** k/k: rbac.SubjectsStrings: users, groups and `namespace/name` of service accounts. */
export function subjectsStrings(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

/** RoleBinding and ClusterRoleBinding share their columns. */
export const roleBindingPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Role' },
    AGE,
    { name: 'Users', priority: 1 },
    { name: 'Groups', priority: 1 },
    { name: 'ServiceAccounts', priority: 1 },
  ],
  row(obj, now) {
    const b = obj as unknown as RoleBinding | ClusterRoleBinding;
    return [
      b.metadata?.name ?? '',
      `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      age(obj, now),
      ...subjectsStrings(b.subjects),
    ];
  },
};

export const priorityClassPrinter: KindPrinter = {
  columns: [NAME, { name: 'Value' }, { name: 'Global-Default' }, AGE, { name: 'PreemptionPolicy' }],
  row(obj, now) {
    const pc = obj as unknown as PriorityClass;
    return [
      pc.metadata?.name ?? '',
      String(pc.value ?? 0),
      String(pc.globalDefault ?? false),
      age(obj, now),
      pc.preemptionPolicy ?? '',
    ];
  },
};

export const podDisruptionBudgetPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Min Available' },
    { name: 'Max Unavailable' },
    { name: 'Allowed Disruptions' },
    AGE,
  ],
  row(obj, now) {
    const pdb = obj as PodDisruptionBudget;
    const v = (x: number | string | undefined) => (x === undefined ? 'N/A' : String(x));
    return [
      pdb.metadata?.name ?? '',
      v(pdb.spec?.minAvailable),
      v(pdb.spec?.maxUnavailable),
      String(pdb.status?.disruptionsAllowed ?? 0),
      age(obj, now),
    ];
  },
};

export const validatingAdmissionPolicyPrinter: KindPrinter = {
  columns: [NAME, { name: 'Validations' }, { name: 'ParamKind' }, AGE],
  row(obj, now) {
    const p = obj as ValidatingAdmissionPolicy;
    const pk = p.spec?.paramKind;
    return [
      p.metadata?.name ?? '',
      String(p.spec?.validations?.length ?? 0),
      pk ? `${pk.apiVersion ?? ''}/${pk.kind ?? ''}` : '<unset>',
      age(obj, now),
    ];
  },
};

export const validatingAdmissionPolicyBindingPrinter: KindPrinter = {
  columns: [NAME, { name: 'PolicyName' }, { name: 'ParamRef' }, AGE],
  row(obj, now) {
    const b = obj as ValidatingAdmissionPolicyBinding;
    const pr = b.spec?.paramRef;
    let param = '<unset>';
    if (pr?.name) param = pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
    else if (pr?.selector) param = labelSelectorToString(pr.selector);
    return [b.metadata?.name ?? '', b.spec?.policyName ?? '', param, age(obj, now)];
  },
};
