/**
 * ValidatingAdmissionPolicy's parameters and failure policy (k/k: policy/generic CollectParams,
 * validating/dispatcher.go): a ConfigMap as the paramKind, looked up in the request's namespace
 * when the binding names none; a missing one denied with `Deny`; an expression that errors at
 * run time refused under `Fail` and let through under `Ignore`.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync } from '../../scenario/actions';

const cluster = () =>
  new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7, kubeSystem: false }).start();

const policy = (
  failurePolicy: string,
  expression: string,
) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: max-replicas }
spec:
  failurePolicy: ${failurePolicy}
  paramKind: { apiVersion: v1, kind: ConfigMap }
  matchConstraints:
    resourceRules:
    - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }
  validations:
  - expression: "${expression}"
    messageExpression: "'at most ' + params.data.max + ' replicas in ' + namespaceObject.metadata.name"
    reason: Forbidden
`;
const binding = (notFound: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: max-replicas-binding }
spec:
  policyName: max-replicas
  validationActions: [Deny]
  paramRef: { name: limits, parameterNotFoundAction: ${notFound} }
`;

describe('ValidatingAdmissionPolicy parameters', () => {
  it("reads the request namespace's ConfigMap, and denies with Deny when it is missing", () => {
    const c = cluster();
    applySync(c, policy('Fail', 'object.spec.replicas <= int(params.data.max)'), 'p.yaml');
    applySync(c, binding('Deny'), 'b.yaml');
    expect(kubectlSync(c, 'create deployment a --image=nginx').stderr).toBe(
      "error: failed to create deployment: deployments.apps \"a\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction\n",
    );
    kubectlSync(c, 'create configmap limits --from-literal=max=2');
    expect(kubectlSync(c, 'create deployment a --image=nginx --replicas=2').exitCode).toBe(0);
    expect(kubectlSync(c, 'create deployment b --image=nginx --replicas=3').stderr).toContain(
      'denied request: at most 2 replicas in default\n',
    );
    // Another namespace has no ConfigMap of its own.
    kubectlSync(c, 'create namespace other');
    expect(kubectlSync(c, 'create deployment a --image=nginx -n other').stderr).toContain(
      'no params found for policy binding',
    );
  });

  it('allows the request when no parameter is found and the action is Allow', () => {
    const c = cluster();
    applySync(c, policy('Fail', 'object.spec.replicas <= int(params.data.max)'), 'p.yaml');
    applySync(c, binding('Allow'), 'b.yaml');
    expect(kubectlSync(c, 'create deployment a --image=nginx --replicas=9').exitCode).toBe(0);
  });

  it('refuses on an evaluation error under Fail, and lets it through under Ignore', () => {
    const c = cluster();
    kubectlSync(c, 'create configmap limits --from-literal=max=2');
    applySync(c, policy('Fail', 'object.spec.replicas <= params.data.missing'), 'p.yaml');
    applySync(c, binding('Deny'), 'b.yaml');
    expect(kubectlSync(c, 'create deployment a --image=nginx').stderr).toContain(
      "denied request: expression 'object.spec.replicas <= params.data.missing' resulted in error: no such key: missing\n",
    );
    applySync(c, policy('Ignore', 'object.spec.replicas <= params.data.missing'), 'p.yaml');
    expect(kubectlSync(c, 'create deployment a --image=nginx').exitCode).toBe(0);
  });

  it("puts the refusal's reason on the traced response, for the caption to say why", () => {
    const c = cluster();
    kubectlSync(c, 'create configmap limits --from-literal=max=2');
    applySync(c, policy('Fail', 'object.spec.replicas <= int(params.data.max)'), 'p.yaml');
    applySync(c, binding('Deny'), 'b.yaml');
    const refusals: string[] = [];
    c.onTrace((e) => {
      if (e.kind === 'response' && e.refusal) refusals.push(`${e.status} ${e.refusal}`);
    });
    kubectlSync(c, 'create deployment b --image=nginx --replicas=3');
    expect(refusals).toEqual([
      "403 deployments.apps \"b\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: at most 2 replicas in default",
    ]);
  });
});
