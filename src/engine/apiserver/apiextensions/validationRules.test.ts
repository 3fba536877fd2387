/**
 * CRD validation rules in CEL (`x-kubernetes-validations`), as the CustomResourceDefinition page's
 * "Validation rules" section shows them: a custom resource breaking a rule is refused with the
 * rule's message at the rule's field, a transition rule (`oldSelf`) is checked on updates only, and
 * a CRD whose rule names a field its schema lacks is refused as kube-apiserver v1.31 refuses it.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync } from '../../scenario/actions';

const crd = (rules: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: crontabs.stable.example.com }
spec:
  group: stable.example.com
  scope: Namespaced
  names: { plural: crontabs, singular: crontab, kind: CronTab }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
${rules}
            properties:
              minReplicas: { type: integer }
              replicas: { type: integer }
              maxReplicas: { type: integer }
              image:
                type: string
                x-kubernetes-validations:
                - rule: "self == oldSelf"
                  message: image is immutable
`;
const RULES = `            x-kubernetes-validations:
            - rule: "self.minReplicas <= self.replicas"
              message: "replicas should be greater than or equal to minReplicas."
            - rule: "self.replicas <= self.maxReplicas"
              message: "replicas should be smaller than or equal to maxReplicas."`;
const cron = (
  replicas: number,
  image = 'my-awesome-cron-image',
) => `apiVersion: stable.example.com/v1
kind: CronTab
metadata: { name: my-new-cron-object }
spec: { minReplicas: 0, replicas: ${replicas}, maxReplicas: 10, image: ${image} }
`;

function cluster(): Cluster {
  const c = new Cluster({
    workers: 1,
    cpu: '4',
    memory: '8Gi',
    seed: 7,
    kubeSystem: false,
  }).start();
  return c;
}

describe('CRD validation rules', () => {
  it('refuses a custom resource that breaks a rule, with its message at its field', () => {
    const c = cluster();
    expect(applySync(c, crd(RULES), 'crd.yaml').exitCode).toBe(0);
    c.clock.advance(2_000);
    expect(applySync(c, cron(20), 'cr.yaml').stderr).toBe(
      'The CronTab "my-new-cron-object" is invalid: spec: Invalid value: "object": replicas should be smaller than or equal to maxReplicas.\n',
    );
    expect(applySync(c, cron(5), 'cr.yaml').stdout).toBe(
      'crontab.stable.example.com/my-new-cron-object created\n',
    );
    // The transition rule holds on create (no old value) and is checked on update.
    expect(applySync(c, cron(5, 'other-image'), 'cr.yaml').stderr).toBe(
      'The CronTab "my-new-cron-object" is invalid: spec.image: Invalid value: "string": image is immutable\n',
    );
    expect(kubectlSync(c, 'get crontab my-new-cron-object -o jsonpath={.spec.image}').stdout).toBe(
      'my-awesome-cron-image',
    );
  });

  it('refuses a CRD whose rule does not compile or names a field the schema lacks', () => {
    const c = cluster();
    const bad = RULES.replace(
      'self.minReplicas <= self.replicas',
      'self.minReplica <= self.replicas',
    );
    expect(applySync(c, crd(bad), 'crd.yaml').stderr).toContain(
      `spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "self.minReplica <= self.replicas": compilation failed: ERROR: <input>:1:5: undefined field 'minReplica'`.replace(
        'spec.validation',
        'spec.versions[0].schema',
      ),
    );
    const syntax = RULES.replace('self.replicas <= self.maxReplicas', 'self.replicas <=');
    expect(applySync(c, crd(syntax), 'crd.yaml').stderr).toContain(
      'x-kubernetes-validations[1].rule: Invalid value: "self.replicas <=": compilation failed: ERROR: <input>:1:17: Syntax error:',
    );
  });
});
