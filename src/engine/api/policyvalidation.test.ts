/**
 * RBAC, PodDisruptionBudget and ValidatingAdmissionPolicy objects as kube-apiserver v1.31
 * defaults and validates them (k/k: pkg/apis/rbac/validation, pkg/apis/policy/validation), and
 * the columns kubectl prints for them.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';

const cluster = () => new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 3 }).start();

const role = (rules: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r }\nrules: ${rules}\n`;
const binding = (kind: string, ref: string, subjects: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: { name: b }\nroleRef: ${ref}\nsubjects: ${subjects}\n`;

describe('RBAC objects', () => {
  it('refuses rules without verbs, groups or resources, and non-resource URLs in a Role', () => {
    const c = cluster();
    expect(applySync(c, role('[{ resources: [pods] }]'), 'r.yaml').stderr).toContain(
      'The Role "r" is invalid: \n* rules[0].verbs: Required value: verbs must contain at least one value\n* rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    );
    expect(
      applySync(c, role('[{ verbs: [get], nonResourceURLs: ["/healthz"] }]'), 'r.yaml').stderr,
    ).toContain(
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    );
  });

  it('accepts names with colons, as the bootstrap roles have', () => {
    const c = cluster();
    const cr = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: "custom:x" }\nrules: [{ apiGroups: [""], resources: [endpoints], verbs: [create] }]\n`;
    expect(applySync(c, cr, 'cr.yaml').stdout).toBe(
      'clusterrole.rbac.authorization.k8s.io/custom:x created\n',
    );
    expect(kubectlSync(c, 'get clusterrole custom:x').stdout).toMatch(
      /^NAME\s+CREATED AT\ncustom:x\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
    );
  });

  it('defaults apiGroups, checks subjects, and never lets roleRef change', () => {
    const c = cluster();
    const ref = '{ kind: Role, name: pod-reader }';
    expect(
      applySync(c, binding('RoleBinding', ref, '[{ kind: User, name: jane }]'), 'b.yaml').stderr,
    ).toBe('');
    const out = kubectlSync(c, 'get rolebinding b -o wide').stdout;
    expect(out).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\n/);
    expect(out).toMatch(/\nb\s+Role\/pod-reader\s+\S+\s+jane\s*\n$/);
    expect(kubectlSync(c, 'get rolebinding b -o jsonpath={.subjects[0].apiGroup}').stdout).toBe(
      'rbac.authorization.k8s.io',
    );
    const changed = binding(
      'RoleBinding',
      '{ kind: Role, name: other }',
      '[{ kind: User, name: jane }]',
    );
    expect(applySync(c, changed, 'b.yaml').stderr).toContain(
      'The RoleBinding "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef',
    );
    const crb = binding(
      'ClusterRoleBinding',
      ref,
      '[{ kind: ServiceAccount, name: sa }, { kind: Robot, name: r }]',
    );
    expect(applySync(c, crb, 'c.yaml').stderr).toContain(
      'The ClusterRoleBinding "b" is invalid: \n* roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"\n* subjects[0].namespace: Required value\n* subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    );
  });
});

describe('PodDisruptionBudget and ValidatingAdmissionPolicy objects', () => {
  it('prints a budget with kubectl columns and refuses a bad percentage', () => {
    const c = cluster();
    const pdb = (v: string) =>
      `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: zk }\nspec: { minAvailable: ${v}, selector: { matchLabels: { app: zk } } }\n`;
    expect(applySync(c, pdb('"120%"'), 'p.yaml').stderr).toContain(
      'The PodDisruptionBudget "zk" is invalid: spec.minAvailable: Invalid value: "120%": must not be greater than 100%',
    );
    expect(applySync(c, pdb('2'), 'p.yaml').exitCode).toBe(0);
    expect(kubectlSync(c, 'get pdb').stdout).toMatch(
      /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nzk\s+2\s+N\/A\s+0\s+\S+\n$/,
    );
  });

  it('refuses a policy without validations and a binding without actions', () => {
    const c = cluster();
    const vap = `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: { name: p }\nspec: { matchConstraints: { resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments] }] } }\n`;
    expect(applySync(c, vap, 'v.yaml').stderr).toContain(
      'The ValidatingAdmissionPolicy "p" is invalid: spec.validations: Required value: validations or auditAnnotations must contain at least one item',
    );
    const vapb = `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: { name: b }\nspec: { policyName: p }\n`;
    expect(applySync(c, vapb, 'b.yaml').stderr).toContain(
      'spec.validationActions: Required value: at least one validation action is required',
    );
  });
});
