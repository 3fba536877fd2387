/**
 * ValidatingAdmissionPolicy, as the pages "Validating Admission Policy" and "Delegate certificate
 * signing" (its Test it out) walk through it: the policy and binding from the examples, a
 * Deployment over the limit refused with kube-apiserver's text, the scale subresource the rule
 * does not cover, an expression that does not compile, a paramKind the server does not serve, and
 * the type checking kube-controller-manager writes into a policy's status, and the installer
 * ServiceAccount (`--as`) refused a ClusterRole outside its domain, as the page prints it. Real
 * kubectl v1.31.9 run against this cluster served over HTTP (`npm run sim -- serve`) printed this
 * transcript line for line. Regenerate with `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/admissionPolicyGolden.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));
const example = (f: string) => readFileSync(join(here, '..', 'testing', 'k8s-examples', f), 'utf8');
const CSR = 'access/delegated-certificate-signing-request';

const FILES: Record<string, string> = {
  'policy.yaml': example('validatingadmissionpolicy/basic-example-policy.yaml'),
  'binding.yaml': example('validatingadmissionpolicy/basic-example-binding.yaml'),
  'param-policy.yaml': example('validatingadmissionpolicy/policy-with-param.yaml'),
  'typechecking.yaml': example('validatingadmissionpolicy/typechecking.yaml'),
  'typechecking-multiple-match.yaml': example(
    'validatingadmissionpolicy/typechecking-multiple-match.yaml',
  ),
  'param-binding.yaml': example('validatingadmissionpolicy/binding-with-param.yaml'),
  'warn-binding.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: warn-everywhere
spec:
  policyName: demo-policy.example.com
  validationActions: [Warn]
`,
  'broken.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: broken
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.spec.replicas <="
  - expression: "object.metadata.name.startWith('demo')"
`,
};
for (const f of [
  'namespace.yaml',
  'serviceaccount.yaml',
  'clusterrole.yaml',
  'clusterrolebinding.yaml',
  'domain-clusterrole.yaml',
  'validatingadmissionpolicy-parameters-configmap.yaml',
  'installer-csr-validatingadmissionpolicy.yaml',
  'installer-csr-validatingadmissionpolicybinding.yaml',
  'installer-csr-delegation-validatingadmissionpolicy.yaml',
  'installer-csr-delegation-validatingadmissionpolicybinding.yaml',
  'specific-delegated-clusterrole.yaml',
  'invalid-delegated-clusterrole.yaml',
])
  FILES[f] = example(`${CSR}/${f}`);

const INSTALLER = '--as system:serviceaccount:csr-signer-installer:installer';

const STEPS = [
  'apply -f policy.yaml',
  'apply -f binding.yaml',
  'create namespace test',
  'label namespace test environment=test',
  'create deployment nginx --image=nginx --replicas=6 -n test',
  'create deployment nginx --image=nginx --replicas=3 -n test',
  'scale deployment nginx -n test --replicas=8',
  'set image deployment/nginx nginx=nginx:1.27 -n test',
  'create deployment web --image=nginx --replicas=7',
  'apply -f warn-binding.yaml',
  'create deployment web2 --image=nginx --replicas=7',
  'apply -f broken.yaml',
  'apply -f param-policy.yaml',
  'apply -f param-binding.yaml',
  'create deployment other --image=nginx -n test',
  // Type checking: kube-controller-manager writes what it finds into the policies' status.
  'apply -f typechecking.yaml',
  'apply -f typechecking-multiple-match.yaml',
  'wait 2',
  'get validatingadmissionpolicy deploy-replica-policy.example.com -o jsonpath={.status}',
  'get validatingadmissionpolicy replica-policy.example.com -o jsonpath={.status.typeChecking.expressionWarnings[0].warning}',
  'get validatingadmissionpolicy demo-policy.example.com -o jsonpath={.status}',
  // Delegate certificate signing: the page's files in order, then its Test it out.
  'apply -f namespace.yaml',
  'apply -f serviceaccount.yaml',
  'apply -f clusterrole.yaml',
  'apply -f clusterrolebinding.yaml',
  'apply -f domain-clusterrole.yaml',
  'apply -f validatingadmissionpolicy-parameters-configmap.yaml',
  'apply -f installer-csr-validatingadmissionpolicy.yaml',
  'apply -f installer-csr-validatingadmissionpolicybinding.yaml',
  'apply -f installer-csr-delegation-validatingadmissionpolicy.yaml',
  'apply -f installer-csr-delegation-validatingadmissionpolicybinding.yaml',
  `${INSTALLER} create -f specific-delegated-clusterrole.yaml`,
  'delete clusterrole specific-csr-approver',
  `${INSTALLER} create -f invalid-delegated-clusterrole.yaml`,
  'create -f invalid-delegated-clusterrole.yaml',
];

it('enforces ValidatingAdmissionPolicies in CEL with the API server texts', () => {
  const out = kubectlTranscript(STEPS, FILES);
  expectGolden(join(here, 'testdata', 'admission-policy.golden.txt'), out);
  // The texts the pages print, independently of the golden file.
  expect(out).toContain(
    "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5",
  );
  expect(out).toContain(
    'Error from server (Forbidden): error when creating "invalid-delegated-clusterrole.yaml": clusterroles.rbac.authorization.k8s.io "specific-csr-approver" is forbidden: ValidatingAdmissionPolicy \'installer-csr-delegation-policy\' with binding \'installer-csr-delegation-policy-binding\' denied request: failed expression: variables.signerNameInDomain == true',
  );
  expect(out).toContain(
    "apps/v1, Kind=ReplicaSet: ERROR: <input>:1:7: undefined field 'replicas'\n | object.replicas > 1\n | ......^",
  );
  expect(out).toContain(
    "Warning: Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'warn-everywhere': failed expression: object.spec.replicas <= 5",
  );
});
