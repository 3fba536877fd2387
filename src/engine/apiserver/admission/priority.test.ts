/**
 * The Priority admission plugin (k/k: plugin/pkg/admission/priority/admission.go) and the
 * built-in PriorityClasses, through kubectl as a learner meets them.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync } from '../../scenario/actions';
import { objectsOf } from '../../testing/testCluster';

function cluster(): Cluster {
  return new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7 }).start();
}

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
${extra}  containers: [{ name: app, image: nginx }]
`;

describe('Priority admission', () => {
  it('lists the two built-in classes as kubectl get priorityclasses prints them', () => {
    const out = kubectlSync(cluster(), 'get pc').stdout;
    expect(out.split('\n')[0]).toMatch(/^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY$/);
    expect(out).toMatch(
      /system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority/,
    );
    expect(out).toMatch(/system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority/);
  });

  it("gives kube-system's pods their class's priority (coredns: system-cluster-critical)", () => {
    const c = cluster();
    const dns = objectsOf<Pod>(c, 'Pod').filter((p) => p.metadata?.name?.startsWith('coredns-'));
    expect(dns.length).toBe(2);
    for (const p of dns) {
      expect(p.spec?.priority).toBe(2000000000);
      expect(p.spec?.priorityClassName).toBe('system-cluster-critical');
    }
    const proxy = objectsOf<Pod>(c, 'Pod').find((p) => p.metadata?.name?.startsWith('kube-proxy-'));
    expect(proxy?.spec?.priority).toBe(2000001000);
  });

  it('refuses a pod naming a class that does not exist, with the real text', () => {
    const r = applySync(cluster(), pod('x', '  priorityClassName: foo\n'), 'x.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'Error from server (Forbidden): error when creating "x.yaml": pods "x" is forbidden: no PriorityClass with name foo was found',
    );
  });

  it('gives a pod without a class priority 0, or the global default class once there is one', () => {
    const c = cluster();
    expect(applySync(c, pod('plain'), 'p.yaml').exitCode).toBe(0);
    const pc = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high-priority }
value: 1000000
globalDefault: true
preemptionPolicy: Never
`;
    expect(applySync(c, pc, 'pc.yaml').stderr).toBe('');
    expect(applySync(c, pod('later'), 'l.yaml').exitCode).toBe(0);
    const byName = (n: string) => objectsOf<Pod>(c, 'Pod').find((p) => p.metadata?.name === n)!;
    expect(byName('plain').spec?.priority).toBe(0);
    expect(byName('plain').spec?.priorityClassName).toBeUndefined();
    expect(byName('later').spec?.priority).toBe(1000000);
    expect(byName('later').spec?.priorityClassName).toBe('high-priority');
    expect(byName('later').spec?.preemptionPolicy).toBe('Never');
    // A second global default is refused by the plugin's PriorityClass half.
    const second = pc.replace('high-priority', 'other').replace('1000000', '5');
    expect(applySync(c, second, 'o.yaml').stderr).toContain(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass other is marked as default and another default PriorityClass high-priority already exists',
    );
  });

  it('refuses a pod whose spec.priority differs from its class', () => {
    const r = applySync(
      cluster(),
      pod('p', '  priorityClassName: system-node-critical\n  priority: 5\n'),
      'p.yaml',
    );
    expect(r.stderr).toContain(
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000001000 from the given PriorityClass name',
    );
  });

  it('validates PriorityClasses as the API server does', () => {
    const c = cluster();
    const pc = (name: string, value: number) =>
      `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: ${name} }\nvalue: ${value}\n`;
    expect(applySync(c, pc('system-mine', 5), 'a.yaml').stderr).toContain(
      `The PriorityClass "system-mine" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class`,
    );
    expect(applySync(c, pc('huge', 1000000001), 'b.yaml').stderr).toContain(
      'The PriorityClass "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
    expect(applySync(c, pc('ok', 10), 'c.yaml').exitCode).toBe(0);
    expect(applySync(c, pc('ok', 11), 'c.yaml').stderr).toContain(
      'The PriorityClass "ok" is invalid: value: Forbidden: may not be changed in an update.',
    );
  });
});
