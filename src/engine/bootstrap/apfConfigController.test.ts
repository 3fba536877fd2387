/**
 * The API Priority and Fairness configuration of a fresh v1.31 cluster (k/k: apis/flowcontrol/
 * bootstrap/default.go) and the config controller's Dangling condition (apf_controller.go), as
 * `kubectl get flowschemas` shows them.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';

const cluster = () =>
  new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 5, kubeSystem: false }).start();

describe('API Priority and Fairness configuration', () => {
  it('a fresh cluster has the mandatory and suggested objects, none dangling', () => {
    const c = cluster();
    const fs = kubectlSync(c, 'get flowschemas').stdout.split('\n');
    expect(fs[0]).toMatch(
      /^NAME\s+PRIORITYLEVEL\s+MATCHINGPRECEDENCE\s+DISTINGUISHERMETHOD\s+AGE\s+MISSINGPL$/,
    );
    expect(fs.slice(1, -1).map((l) => l.split(/\s+/).filter((_, i) => i !== 4))).toEqual([
      ['catch-all', 'catch-all', '10000', 'ByUser', 'False'],
      ['endpoint-controller', 'workload-high', '150', 'ByUser', 'False'],
      ['exempt', 'exempt', '1', '<none>', 'False'],
      ['global-default', 'global-default', '9900', 'ByUser', 'False'],
      ['kube-controller-manager', 'workload-high', '800', 'ByNamespace', 'False'],
      ['kube-scheduler', 'workload-high', '800', 'ByNamespace', 'False'],
      ['kube-system-service-accounts', 'workload-high', '900', 'ByNamespace', 'False'],
      ['probes', 'exempt', '2', '<none>', 'False'],
      ['service-accounts', 'workload-low', '9000', 'ByUser', 'False'],
      ['system-leader-election', 'leader-election', '100', 'ByUser', 'False'],
      ['system-node-high', 'node-high', '400', 'ByUser', 'False'],
      ['system-nodes', 'system', '500', 'ByUser', 'False'],
      ['workload-leader-election', 'leader-election', '200', 'ByUser', 'False'],
    ]);
    const pl = kubectlSync(c, 'get prioritylevelconfigurations').stdout.split('\n');
    expect(pl.slice(1, -1).map((l) => l.split(/\s+/).slice(0, 6))).toEqual([
      ['catch-all', 'Limited', '5', '<none>', '<none>', '<none>'],
      ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>'],
      ['global-default', 'Limited', '20', '128', '6', '50'],
      ['leader-election', 'Limited', '10', '16', '4', '50'],
      ['node-high', 'Limited', '40', '64', '6', '50'],
      ['system', 'Limited', '30', '64', '6', '50'],
      ['workload-high', 'Limited', '40', '128', '6', '50'],
      ['workload-low', 'Limited', '100', '128', '6', '50'],
    ]);
  });

  it('marks a FlowSchema naming a missing level Dangling, and clears it once the level exists', () => {
    const c = cluster();
    const fs = `apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: { name: mine }
spec:
  priorityLevelConfiguration: { name: team }
  rules: [{ subjects: [{ kind: Group, group: { name: devs } }], nonResourceRules: [{ verbs: [get], nonResourceURLs: ["/metrics"] }] }]
`;
    expect(applySync(c, fs, 'fs.yaml').exitCode).toBe(0);
    c.clock.advance(1_000);
    const cond = (f: string) =>
      kubectlSync(c, `get flowschema mine -o jsonpath={.status.conditions[0].${f}}`).stdout;
    expect(kubectlSync(c, 'get flowschema mine').stdout).toMatch(
      /mine\s+team\s+1000\s+<none>\s+\S+\s+True\n$/,
    );
    expect(cond('reason')).toBe('NotFound');
    expect(cond('message')).toBe(
      'This FlowSchema references the PriorityLevelConfiguration object named "team" but there is no such object',
    );
    const pl = `apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: { name: team }
spec: { type: Limited, limited: { limitResponse: { type: Reject } } }
`;
    expect(applySync(c, pl, 'pl.yaml').exitCode).toBe(0);
    c.clock.advance(1_000);
    expect(cond('status')).toBe('False');
    expect(cond('message')).toBe(
      'This FlowSchema references the PriorityLevelConfiguration object named "team" and it exists',
    );
  });
});
