/**
 * The `access/` examples (RBAC, certificate signing, admission policies and webhooks) of the
 * pages under /docs/reference/access-authn-authz/ and /docs/tasks/: what `kubectl apply -f` of
 * each does on a fresh v1.31 kind cluster, as cluster-admin. ValidatingAdmissionPolicies are
 * stored as a real cluster stores them; their CEL is not evaluated here (see each entry).
 */
import type { Example } from './k8sExampleTypes';

/** kubectl's refusal of a kind the API server does not serve (`kubectl apply`, v1.31). */
const notServed = (name: string, file: string, kind: string, apiVersion: string) =>
  `error: resource mapping not found for name: "${name}" namespace: "" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`;

const CSR = 'access/delegated-certificate-signing-request';
const MAC = 'access/manifest-admission-control';
/** kubectl apply's refusal of a manifest without metadata.name (it asks the server first). */
const noName = (file: string) => `from server for: "${file}": resource name may not be empty`;

export const ACCESS: Example[] = [
  // RBAC (/docs/reference/access-authn-authz/rbac/): stored as cluster-admin applies them.
  { file: 'access/simple-role.yaml', ends: { stored: ['role/pod-reader'] } },
  { file: 'access/simple-clusterrole.yaml', ends: { stored: ['clusterrole/secret-reader'] } },
  {
    file: 'access/simple-rolebinding-with-role.yaml',
    ends: { stored: ['rolebinding/read-pods'] },
  },
  {
    // The page's namespace `development` is the learner's to create first.
    file: 'access/simple-rolebinding-with-clusterrole.yaml',
    before: ['create namespace development'],
    namespace: 'development',
    ends: { stored: ['rolebinding/read-secrets'] },
  },
  {
    file: 'access/simple-clusterrolebinding.yaml',
    ends: { stored: ['clusterrolebinding/read-secrets-global'] },
  },
  {
    // Its label makes the clusterrole-aggregation controller add its rule to `edit` and
    // `admin` (checked in controllers/clusterRoleAggregation.test.ts).
    file: 'access/endpoints-aggregated.yaml',
    ends: { stored: ['clusterrole/custom:aggregate-to-edit:endpoints'] },
  },
  // Certificate signing (/docs/reference/access-authn-authz/certificate-signing-requests/).
  {
    file: 'access/certificate-signing-request/clusterrole-approve.yaml',
    ends: { stored: ['clusterrole/csr-approver'] },
  },
  {
    file: 'access/certificate-signing-request/clusterrole-create.yaml',
    ends: { stored: ['clusterrole/csr-creator'] },
  },
  {
    file: 'access/certificate-signing-request/clusterrole-sign.yaml',
    ends: { stored: ['clusterrole/csr-signer'] },
  },
  {
    file: 'access/pod-certificate-request/clusterrole-sign.yaml',
    ends: { stored: ['clusterrole/pcr-signer'] },
  },
  {
    file: 'access/extensible-admission-controllers/webhook-auth-attest-clusterrole.yaml',
    ends: {
      stored: [
        'clusterrole/webhook-auth-attest-mygroup-example-com',
        'clusterrolebinding/webhook-auth-attest-mygroup-example-com-binding',
      ],
    },
  },
  // Delegated CSR signing (/docs/tasks/tls/delegate-certificate-signing/), its files in order.
  { file: `${CSR}/namespace.yaml`, ends: { stored: ['namespace/csr-signer-installer'] } },
  {
    file: `${CSR}/serviceaccount.yaml`,
    before: [`apply -f ${CSR}/namespace.yaml`],
    namespace: 'csr-signer-installer',
    ends: { stored: ['serviceaccount/installer'] },
  },
  { file: `${CSR}/clusterrole.yaml`, ends: { stored: ['clusterrole/installer-role'] } },
  {
    file: `${CSR}/clusterrolebinding.yaml`,
    ends: { stored: ['clusterrolebinding/insaller-binding'] },
  },
  {
    file: `${CSR}/domain-clusterrole.yaml`,
    ends: { stored: ['clusterrole/top-level-csr-approver'] },
  },
  {
    file: `${CSR}/validatingadmissionpolicy-parameters-configmap.yaml`,
    before: [`apply -f ${CSR}/namespace.yaml`],
    namespace: 'csr-signer-installer',
    ends: { stored: ['configmap/admission-policies-installer-csr-config'] },
  },
  {
    file: `${CSR}/installer-csr-validatingadmissionpolicy.yaml`,
    ends: { stored: ['validatingadmissionpolicy/installer-csr-policy'] },
  },
  {
    file: `${CSR}/installer-csr-validatingadmissionpolicybinding.yaml`,
    ends: { stored: ['validatingadmissionpolicybinding/installer-csr-policy-binding'] },
  },
  {
    file: `${CSR}/installer-csr-delegation-validatingadmissionpolicy.yaml`,
    ends: { stored: ['validatingadmissionpolicy/installer-csr-delegation-policy'] },
  },
  {
    file: `${CSR}/installer-csr-delegation-validatingadmissionpolicybinding.yaml`,
    ends: {
      stored: ['validatingadmissionpolicybinding/installer-csr-delegation-policy-binding'],
    },
  },
  {
    file: `${CSR}/specific-delegated-clusterrole.yaml`,
    ends: { stored: ['clusterrole/specific-csr-approver'] },
  },
  {
    // The page applies it as the installer (`--as`), whom the delegation policy refuses; as
    // cluster-admin on a cluster without the policy it is stored.
    file: `${CSR}/invalid-delegated-clusterrole.yaml`,
    ends: { stored: ['clusterrole/specific-csr-approver'] },
  },
  // ValidatingAdmissionPolicy (/docs/reference/access-authn-authz/validating-admission-policy/).
  {
    file: 'access/validating-admission-policy-audit-annotation.yaml',
    ends: { stored: ['validatingadmissionpolicy/demo-policy.example.com'] },
  },
  {
    file: 'access/deployment-replicas-policy.yaml',
    ends: {
      refused: notServed(
        'deploy-replica-policy.example.com',
        'access/deployment-replicas-policy.yaml',
        'ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1alpha1',
      ),
    },
  },
  {
    file: 'access/validating-admission-policy-match-conditions.yaml',
    ends: {
      refused: notServed(
        'demo-policy.example.com',
        'access/validating-admission-policy-match-conditions.yaml',
        'ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1alpha1',
      ),
    },
  },
  {
    // admissionregistration.k8s.io/v1beta1 is off by default in v1.31 (a beta API since v1.28).
    file: 'access/image-matches-namespace-environment.policy.yaml',
    ends: {
      refused: notServed(
        'image-matches-namespace-environment.policy.example.com',
        'access/image-matches-namespace-environment.policy.yaml',
        'ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1beta1',
      ),
    },
  },
  // Manifest-based admission control (v1.36 pages): files for the API server's disk. The
  // policies of them that v1.31 serves are stored when applied; the others are refused.
  {
    file: `${MAC}/admission-configuration.yaml`,
    ends: {
      refused: notServed(
        '',
        `${MAC}/admission-configuration.yaml`,
        'AdmissionConfiguration',
        'apiserver.config.k8s.io/v1',
      ),
    },
  },
  ...['default-pod-security-baseline', 'default-pod-security-configurable'].map(
    (name): Example => ({
      // MutatingAdmissionPolicy: alpha (v1alpha1) from v1.32 on; no v1 in v1.31.
      file: `${MAC}/${name}.yaml`,
      ends: {
        refused: notServed(
          name,
          `${MAC}/${name}.yaml`,
          'MutatingAdmissionPolicy',
          'admissionregistration.k8s.io/v1',
        ),
      },
    }),
  ),
  {
    file: `${MAC}/deny-privileged-policy.yaml`,
    ends: {
      stored: [
        'validatingadmissionpolicy/example-deny-privileged.static.k8s.io',
        'validatingadmissionpolicybinding/example-deny-privileged-binding.static.k8s.io',
      ],
    },
  },
  {
    file: `${MAC}/list-format-policy.yaml`,
    ends: {
      stored: [
        'validatingadmissionpolicy/example-require-labels.static.k8s.io',
        'validatingadmissionpolicybinding/example-require-labels-binding.static.k8s.io',
      ],
    },
  },
  {
    file: `${MAC}/protect-admission-resources.yaml`,
    ends: {
      stored: [
        'validatingadmissionpolicy/example-protect-admission-resources.static.k8s.io',
        'validatingadmissionpolicybinding/example-protect-admission-resources-binding.static.k8s.io',
      ],
    },
  },
  {
    file: `${MAC}/vap-min-replicas.yaml`,
    ends: { stored: ['validatingadmissionpolicy/enforce-multiple-replicas-deployments'] },
  },
  // apf: the page's caBundle placeholder is not base64, which the API server cannot decode.
  {
    file: `${MAC}/validating-webhook.yaml`,
    ends: {
      refused:
        'ValidatingWebhookConfiguration in version "v1" cannot be handled as a ValidatingWebhookConfiguration: illegal base64 data at input byte 0',
    },
  },
  // apf: snippets without a name, which kubectl apply refuses before sending anything.
  {
    file: 'access/admission-webhook-match-conditions.yaml',
    ends: { refused: noName('access/admission-webhook-match-conditions.yaml') },
  },
  {
    file: 'access/validating-webhook-configuration-match-conditions.yaml',
    ends: { refused: noName('access/validating-webhook-configuration-match-conditions.yaml') },
  },
  {
    // Not a manifest: an audit log event with `...` elisions, which kubectl cannot parse.
    file: 'access/audit-event-with-audit-annotation.yaml',
    ends: {
      refused:
        'error: error parsing access/audit-event-with-audit-annotation.yaml: error converting YAML to JSON: yaml: line 8: did not find expected',
    },
  },
];
