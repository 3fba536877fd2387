/**
 * hpa: the metrics-server addon a learner turns on (Cluster › metrics-server addon, a scenario's
 * `cluster.metricsServer: true`, a shared run's shape): its pod runs in kube-system as
 * components.yaml makes it, and the resource metrics API answers `kubectl top`.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { validateRun } from '../replay/run';
import { parseScenario } from '../scenario/parse';
import { kubectlSync } from '../scenario/actions';

describe('the metrics-server addon', () => {
  it('runs as a Ready pod of the metrics-server Deployment in kube-system, and kubectl top works', () => {
    const cluster = new Cluster({
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 7,
      metricsServer: true,
    });
    cluster.start();
    cluster.clock.advance(60_000);
    const pods = kubectlSync(cluster, 'get pods -n kube-system -l k8s-app=metrics-server').stdout;
    expect(pods).toMatch(/^metrics-server-\w+-\w{5}\s+1\/1\s+Running\s+0\s/m);
    const deploy = kubectlSync(cluster, 'get deploy metrics-server -n kube-system').stdout;
    expect(deploy).toMatch(/^metrics-server\s+1\/1\s+1\s+1\s/m);
    // Not on the control-plane node: its Deployment does not tolerate the taint.
    const wide = kubectlSync(cluster, 'get pods -n kube-system -l k8s-app=metrics-server -o wide');
    expect(wide.stdout).toMatch(/\sworker-\d\s/);
    const top = kubectlSync(cluster, 'top nodes');
    expect(top.stderr).toBe('');
    expect(top.stdout.split('\n')[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU%\s+MEMORY\(bytes\)/);
    expect(top.stdout).toMatch(/^worker-2\s+\d+m\s+\d+%/m);
  });

  it('is off unless asked for, as on kind: no pod, and kubectl top says the API is missing', () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7 });
    cluster.start();
    cluster.clock.advance(30_000);
    expect(kubectlSync(cluster, 'get pods -A').stdout).not.toContain('metrics-server');
    expect(kubectlSync(cluster, 'top nodes').stderr).toBe('error: Metrics API not available\n');
  });

  it('is carried by a shared run and a scenario, and a value that is not a boolean is refused', () => {
    const shape = { workers: 1, cpu: '4', memory: '8Gi', seed: 1 };
    const run = (s: object) =>
      validateRun({ v: 1, shape: s, editor: '', actions: [], moment: { at: 0, executed: 0 } });
    const on = run({ ...shape, metricsServer: true });
    expect(on.ok && on.value.shape.metricsServer).toBe(true);
    const off = run(shape);
    expect(off.ok && off.value.shape.metricsServer).toBeUndefined();
    expect(run({ ...shape, metricsServer: 'yes' })).toEqual({
      ok: false,
      error: 'cluster.metricsServer must be true or false',
    });
    expect(parseScenario('cluster: { metricsServer: true }\nsteps: []\n').cluster).toMatchObject({
      workers: 3,
      metricsServer: true,
    });
    expect(() => parseScenario('cluster:\n  metricsServer: yes\nsteps: []\n')).toThrow(
      'line 2: cluster.metricsServer is true or false, not string "yes"',
    );
  });
});
