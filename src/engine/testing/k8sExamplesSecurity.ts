/**
 * The `security/` (Pod Security Standards), `priority-and-fairness/` and
 * `validatingadmissionpolicy/` examples, as a fresh v1.31 kind cluster takes them.
 */
import type { Example } from './k8sExampleTypes';

const VAP = 'validatingadmissionpolicy';
/** kubectl's refusal of a kind the API server does not serve (`kubectl apply`, v1.31). */
const notServed = (name: string, file: string, kind: string, apiVersion: string) =>
  `error: resource mapping not found for name: "${name}" namespace: "" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`;

export const SECURITY: Example[] = [
  // /docs/tutorials/security/ns-level-pss/ and /docs/concepts/security/pod-security-admission/:
  // the namespaces with their labels (the Pod Security admission that reads them is not
  // simulated: a pod breaking `restricted` would be refused there).
  ...['baseline', 'privileged', 'restricted'].map((level): Example => ({
    file: `security/podsecurity-${level}.yaml`,
    ends: { stored: [`namespace/my-${level}-namespace`] },
  })),
  { file: 'security/example-baseline-pod.yaml', ends: { running: 1 } },
  // /docs/concepts/cluster-administration/flow-control/
  // apf: stored, naming the bootstrap priority levels `exempt` and `catch-all` (so the APF
  // config controller marks them Dangling=False).
  {
    file: 'priority-and-fairness/health-for-strangers.yaml',
    ends: { stored: ['flowschema/health-for-strangers'] },
  },
  {
    file: 'priority-and-fairness/list-events-default-service-account.yaml',
    ends: { stored: ['flowschema/list-events-default-service-account'] },
  },
  // /docs/reference/access-authn-authz/validating-admission-policy/: the policies and bindings
  // are stored (their CEL is not evaluated here); the ReplicaLimit parameters need the page's
  // CustomResourceDefinition, which a fresh cluster does not have.
  {
    file: `${VAP}/basic-example-policy.yaml`,
    ends: { stored: ['validatingadmissionpolicy/demo-policy.example.com'] },
  },
  {
    file: `${VAP}/basic-example-binding.yaml`,
    ends: { stored: ['validatingadmissionpolicybinding/demo-binding-test.example.com'] },
  },
  {
    file: `${VAP}/policy-with-param.yaml`,
    ends: { stored: ['validatingadmissionpolicy/replicalimit-policy.example.com'] },
  },
  {
    file: `${VAP}/binding-with-param.yaml`,
    ends: { stored: ['validatingadmissionpolicybinding/replicalimit-binding-test.example.com'] },
  },
  {
    file: `${VAP}/binding-with-param-prod.yaml`,
    ends: { stored: ['validatingadmissionpolicybinding/replicalimit-binding-nontest'] },
  },
  {
    file: `${VAP}/replicalimit-param.yaml`,
    ends: {
      refused: notServed(
        'replica-limit-test.example.com',
        `${VAP}/replicalimit-param.yaml`,
        'ReplicaLimit',
        'rules.example.com/v1',
      ),
    },
  },
  {
    file: `${VAP}/replicalimit-param-prod.yaml`,
    ends: {
      refused: notServed(
        'replica-limit-prod.example.com',
        `${VAP}/replicalimit-param-prod.yaml`,
        'ReplicaLimit',
        'rules.example.com/v1',
      ),
    },
  },
  {
    // Stored; a real API server's type checking then reports `object.replicas` as unknown in
    // status.typeChecking (the page's point), which is not simulated.
    file: `${VAP}/typechecking.yaml`,
    ends: { stored: ['validatingadmissionpolicy/deploy-replica-policy.example.com'] },
  },
  {
    file: `${VAP}/typechecking-multiple-match.yaml`,
    ends: { stored: ['validatingadmissionpolicy/replica-policy.example.com'] },
  },
  {
    // A snippet: `...` ends the first document, the second has no apiVersion and kind.
    file: `${VAP}/failure-policy-ignore.yaml`,
    ends: { refused: 'error validating data: [apiVersion not set, kind not set]' },
  },
];
