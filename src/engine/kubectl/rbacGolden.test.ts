/**
 * `kubectl create role|clusterrole|rolebinding|clusterrolebinding`, compared with a transcript
 * that real kubectl v1.31.9 printed for the same commands against this cluster served over HTTP
 * (`npm run sim -- serve`): the rules it generates per API group, the short names resolved through
 * discovery, the special verbs, its validation texts and warnings; and `kubectl describe` of
 * them (the PolicyRule table broken down and compacted as kubectl's util/rbac does). Only the server's timestamps and
 * AGE differ from real kubectl's run, and stderr is placed where a terminal shows it.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/rbacGolden.test.ts`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { CAN_I } from '../testing/canISteps';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));

const STEPS = [
  'create role pod-reader --verb=get --verb=list --verb=watch --resource=pods',
  'create role foo --verb=get,list,watch --resource=rs.apps,pods/status,deployments -o yaml --dry-run=client',
  'create role bar --verb=get --resource=foo',
  'create role baz --verb=bind --resource=pods',
  'create role q --verb=frob --resource=pods --dry-run=client -o yaml',
  'create role r --resource=pods',
  'create role s --verb=get',
  'create role pod-reader --verb=get --resource=pods',
  'create role t1 --verb=get --resource=rs.extensions',
  'create role t1 --verb=get --resource=po,deploy,cj --dry-run=client -o yaml',
  'create role t1 --verb=get --resource=* --dry-run=client -o yaml',
  'create role t1 --verb=get --resource=deployments.apps/scale --dry-run=client -o yaml',
  'create role t1 --verb=get --resource=pods/log,* --dry-run=client -o yaml',
  'create role t1 --verb=get --resource=*.apps --dry-run=client -o yaml',
  'create role t1 --verb=get --resource=foo/bar',
  'create role t1 --verb=get --resource=/status',
  'create role t2 --verb=get,*,list --resource=pods --dry-run=client -o yaml',
  'create role -n kube-system t4 --verb=get --resource=pods --resource-name=a --resource-name=b --dry-run=client -o yaml',
  'create role t5 --verb=impersonate --resource=serviceaccounts,users --dry-run=client -o yaml',
  'create role t6 --verb=escalate --resource=roles --dry-run=client -o yaml',
  'create role',
  'create clusterrole cr1 --verb=get --resource=nodes --non-resource-url=/logs/*',
  'create clusterrole cr2 --verb=get --non-resource-url=/healthz --dry-run=client -o yaml',
  'create clusterrole cr3 --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true --dry-run=client -o yaml',
  'create clusterrole cr4 --verb=get --resource=pods --non-resource-url=/x --dry-run=client -o yaml',
  'create clusterrole cr5 --verb=get --resource=pods --aggregation-rule=a=b',
  'create clusterrole t3 --verb=get,list --non-resource-url=/a*b',
  'create clusterrole t3 --verb=watch --non-resource-url=/a',
  'create clusterrole t3 --verb=get --non-resource-url=a',
  'create clusterrole t3 --verb=get --non-resource-url=/a*b',
  'create clusterrole t3 --verb=get --resource-name=x',
  'create rolebinding rb1 --role=pod-reader --user=jane --serviceaccount=default:sa1 --group=devs --dry-run=client -o yaml',
  'create rolebinding rb2 --user=jane',
  'create rolebinding rb3 --role=x --clusterrole=y',
  'create rolebinding rb4 --clusterrole=view --serviceaccount=kube-system:default',
  'create clusterrolebinding crb1 --clusterrole=view --serviceaccount=sa1',
  'create clusterrolebinding crb2 --clusterrole=view --user=bob -o yaml --dry-run=client',
  'create clusterrolebinding crb3 --clusterrole=view --group=a --group=b',
  'create clusterrolebinding x',
  'create clusterrolebinding',
  'create role t4 --verb=get,list --resource=pods,deployments.apps/scale --resource-name=a --resource-name=b',
  'create clusterrole cx --verb=get,post --non-resource-url=/a,/b* --resource=nodes',
  'describe role t4',
  'describe clusterrole cx',
  'describe clusterrole edit',
  'describe rolebinding rb4',
  'describe clusterrolebinding cluster-admin',
  'get roles',
  'get rolebindings -o wide',
];

it('creates and describes RBAC objects as kubectl v1.31 does, with its texts for bad flags', () => {
  const out = kubectlTranscript(STEPS);
  expectGolden(join(here, 'testdata', 'rbac-create.golden.txt'), out);
  // What the RBAC page shows, independently of the golden file.
  expect(out).toContain('role.rbac.authorization.k8s.io/pod-reader created');
  expect(out).toContain("error: can not perform 'bind' on 'pods' in group ''");
  expect(out).toContain('the server doesn\'t have a resource type "rs" in group "extensions"');
  expect(out).toContain('  deployments.apps/scale  []                 [a]             [get list]');
});

/**
 * "Using RBAC Authorization" / "Checking API access": `kubectl auth can-i` as the kubeconfig's
 * admin and, with `--as`, as a user the learner binds; requests made as that user are refused
 * with kube-apiserver's Forbidden text. src/server/realKubectl.test.ts runs the same steps with
 * real kubectl v1.31 against `sim serve` and compares its transcript with this golden file.
 */

it('answers kubectl auth can-i from RBAC, and refuses what it denies', () => {
  const out = kubectlTranscript(CAN_I);
  expectGolden(join(here, 'testdata', 'rbac-can-i.golden.txt'), out);
  expect(out).toContain(
    'Error from server (Forbidden): deployments.apps is forbidden: User "jane" cannot list resource "deployments" in API group "apps" in the namespace "default"',
  );
  expect(out).toContain('no - RBAC: role.rbac.authorization.k8s.io "nope" not found');
});
