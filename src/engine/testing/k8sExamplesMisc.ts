/**
 * corpus-apps: the corpus's small folders (./k8sExamples): concepts/, customresourcedefinition/,
 * audit/ and mutatingadmissionpolicy/.
 */
import type { Example } from './k8sExampleTypes';

/** kubectl's refusal of a kind the cluster does not serve. */
const noKind = (kind: string, apiVersion: string) =>
  `no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`;

export const MISC: Example[] = [
  // The LimitRange concept page. This revision of its LimitRange has no `type`: validation
  // refuses it (validateLimitRangeTypeName), so no default limit meets the 700m request and
  // both pods run.
  {
    file: 'concepts/policy/limit-range/problematic-limit-range.yaml',
    ends: {
      refused:
        `The LimitRange "cpu-resource-constraint" is invalid: \n* spec.limits[0].type: Invalid value: "": name part must be non-empty\n` +
        `* spec.limits[0].type: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    },
  },
  {
    file: 'concepts/policy/limit-range/example-conflict-with-limitrange-cpu.yaml',
    ends: { running: 1 },
  },
  {
    file: 'concepts/policy/limit-range/example-no-conflict-with-limitrange-cpu.yaml',
    ends: { running: 1 },
  },
  // "Extend the Kubernetes API with CustomResourceDefinitions" (field selectors).
  {
    file: 'customresourcedefinition/shirt-resource-definition.yaml',
    ends: { stored: ['customresourcedefinition.apiextensions.k8s.io/shirts.stable.example.com'] },
  },
  {
    file: 'customresourcedefinition/shirt-resources.yaml',
    before: ['apply -f customresourcedefinition/shirt-resource-definition.yaml'],
    ends: {
      stored: [
        'shirt.stable.example.com/example1',
        'shirt.stable.example.com/example2',
        'shirt.stable.example.com/example3',
      ],
    },
  },
  // kube-apiserver's --audit-policy-file, not an object the API serves.
  { file: 'audit/audit-policy.yaml', ends: { refused: noKind('Policy', 'audit.k8s.io/v1') } },
  // MutatingAdmissionPolicy is v1.32 alpha (v1beta1 and v1 later): v1.31 serves none of them.
  {
    file: 'mutatingadmissionpolicy/applyconfiguration-example-binding.yaml',
    ends: {
      refused: noKind('MutatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/v1'),
    },
  },
  {
    file: 'mutatingadmissionpolicy/applyconfiguration-example.yaml',
    ends: { refused: noKind('MutatingAdmissionPolicy', 'admissionregistration.k8s.io/v1alpha1') },
  },
  {
    file: 'mutatingadmissionpolicy/json-patch-example.yaml',
    ends: { refused: noKind('MutatingAdmissionPolicy', 'admissionregistration.k8s.io/v1beta1') },
  },
];
