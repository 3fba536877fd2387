/**
 * FlowSchema and PriorityLevelConfiguration as kube-apiserver v1.31 defaults and validates them
 * (k/k: pkg/apis/flowcontrol/v1/defaults.go, pkg/apis/flowcontrol/validation/validation.go).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';

const cluster = () =>
  new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 3, kubeSystem: false }).start();

const fs = (name: string, spec: string) =>
  `apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata: { name: ${name} }\nspec: ${spec}\n`;
const plc = (name: string, spec: string) =>
  `apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: PriorityLevelConfiguration\nmetadata: { name: ${name} }\nspec: ${spec}\n`;
const RULES =
  'rules: [{ subjects: [{ kind: Group, group: { name: devs } }], resourceRules: [{ verbs: [list], apiGroups: [""], resources: [pods], namespaces: ["*"] }] }]';

describe('FlowSchema', () => {
  it('defaults matchingPrecedence to 1000', () => {
    const c = cluster();
    expect(
      applySync(
        c,
        fs('a', `{ priorityLevelConfiguration: { name: global-default }, ${RULES} }`),
        'a.yaml',
      ).exitCode,
    ).toBe(0);
    expect(kubectlSync(c, 'get flowschema a -o jsonpath={.spec.matchingPrecedence}').stdout).toBe(
      '1000',
    );
  });

  it('refuses precedence 1 outside exempt, a missing level and rules without subjects', () => {
    const c = cluster();
    const r = applySync(
      c,
      fs(
        'a',
        '{ matchingPrecedence: 1, priorityLevelConfiguration: { name: "" }, rules: [{ nonResourceRules: [{ verbs: [get], nonResourceURLs: [healthz] }] }] }',
      ),
      'a.yaml',
    );
    expect(r.stderr).toContain(
      [
        'The FlowSchema "a" is invalid: ',
        "* spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1",
        '* spec.priorityLevelConfiguration.name: Required value: must reference a priority level',
        '* spec.rules[0].subjects: Required value: subjects must contain at least one value',
        '* spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "healthz": must start with slash',
      ].join('\n'),
    );
  });

  it('refuses namespaced resource rules without namespaces', () => {
    const c = cluster();
    const r = applySync(
      c,
      fs(
        'a',
        '{ priorityLevelConfiguration: { name: x }, rules: [{ subjects: [{ kind: User, user: { name: u } }], resourceRules: [{ verbs: ["*", get], apiGroups: [""], resources: [pods] }] }] }',
      ),
      'a.yaml',
    );
    expect(r.stderr).toContain(
      `* spec.rules[0].resourceRules[0].verbs: Invalid value: []string{"*", "get"}: if '*' is present, must not specify other verbs\n* spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace`,
    );
  });
});

describe('PriorityLevelConfiguration', () => {
  it('defaults the nominal shares and the queuing', () => {
    const c = cluster();
    const r = applySync(
      c,
      plc('mine', '{ type: Limited, limited: { limitResponse: { type: Queue, queuing: {} } } }'),
      'p.yaml',
    );
    expect(r.stdout).toBe('prioritylevelconfiguration.flowcontrol.apiserver.k8s.io/mine created\n');
    expect(kubectlSync(c, 'get prioritylevelconfiguration mine').stdout).toMatch(
      /^NAME\s+TYPE\s+NOMINALCONCURRENCYSHARES\s+QUEUES\s+HANDSIZE\s+QUEUELENGTHLIMIT\s+AGE\nmine\s+Limited\s+30\s+64\s+8\s+50\s+\d+s\n$/,
    );
  });

  it('refuses an Exempt type on another name and a hand larger than the deck', () => {
    const c = cluster();
    expect(applySync(c, plc('x', '{ type: Exempt }'), 'p.yaml').stderr).toContain(
      `The PriorityLevelConfiguration "x" is invalid: spec.type: Invalid value: "Exempt": type must be 'Exempt' if and only if name is 'exempt'`,
    );
    expect(
      applySync(
        c,
        plc(
          'deck',
          '{ type: Limited, limited: { limitResponse: { type: Queue, queuing: { queues: 4, handSize: 5 } } } }',
        ),
        'p.yaml',
      ).stderr,
    ).toContain(
      'spec.limited.limitResponse.queuing.handSize: Invalid value: 5: should not be greater than queues (4)',
    );
  });
});
