/**
 * The editor's Examples menu (src/ui/editor/examples.ts), applied headless as the Apply button
 * applies them: each ends in the state its menu line promises, as on a real v1.31 cluster.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../ui/editor/examples';
import { Cluster } from '../cluster';
import { kubectlSync, manifestSync } from '../scenario/actions';

function run(id: string, seconds: number, metricsServer = false) {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) throw new Error(`no example ${id}`);
  const cluster = new Cluster({
    workers: 3,
    cpu: '4',
    memory: '8Gi',
    seed: 3,
    ...(metricsServer ? { metricsServer: true } : {}),
  }).start();
  const applied = manifestSync(cluster, example.yaml, `${id}.yaml`, 'apply');
  cluster.clock.advance(seconds * 1000);
  const k = (line: string) => kubectlSync(cluster, line).stdout;
  return { applied, k };
}

/** `NAME STATUS` of each pod kubectl lists. */
const statuses = (out: string) =>
  out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s+/))
    .map(([name, ready, status]) => `${name.replace(/-[a-z0-9]{5}$/, '')} ${ready} ${status}`);

describe('the editor’s examples', () => {
  it('a Pod, a Deployment with its Service, three pods: all Running, the Service has 3 endpoints', () => {
    expect(statuses(run('pod', 60).k('get pods'))).toEqual(['nginx 1/1 Running']);
    const d = run('deployment-service', 60);
    expect(statuses(d.k('get pods'))).toEqual(
      Array(3).fill(expect.stringMatching(/^web-\w+ 1\/1 Running$/)),
    );
    expect(d.k('get endpoints web')).toMatch(/^web\s+(10\.244\.\d+\.\d+:80,?){3}\s/m);
    expect(statuses(run('three-pods', 60).k('get pods')).sort()).toEqual([
      'cache 1/1 Running',
      'shell 1/1 Running',
      'web 1/1 Running',
    ]);
  });

  it('a Job completes; a CronJob makes a Job a minute and keeps the last three', () => {
    expect(run('job', 60).k('get jobs')).toMatch(/^hello\s+Complete\s+1\/1\s/m);
    const cron = run('cronjob', 300);
    const jobs = cron.k('get jobs').trim().split('\n').slice(1);
    expect(jobs).toHaveLength(3);
    for (const j of jobs) expect(j).toMatch(/^hello-\d+\s+Complete\s+1\/1\s/);
    expect(cron.k('get cronjob hello')).toMatch(
      /^hello\s+\* \* \* \* \*\s+<none>\s+False\s+0\s+\d+s\s/m,
    );
  });

  it('a StatefulSet runs web-0 and web-1, each with its own bound claim', () => {
    const { k } = run('statefulset', 90);
    expect(statuses(k('get pods'))).toEqual(['web-0 1/1 Running', 'web-1 1/1 Running']);
    expect(k('get pvc')).toMatch(/^www-web-0\s+Bound\s+pvc-[\w-]+\s+1Gi\s+RWO\s+standard\s/m);
    expect(k('get pvc')).toMatch(/^www-web-1\s+Bound\s/m);
  });

  it('a DaemonSet has one Pod on each worker and none on the control plane', () => {
    const out = run('daemonset', 60).k('get pods -o wide');
    const nodes = out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[6])
      .sort();
    expect(nodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  it('a ConfigMap as files: the Pod lists and reads its keys, and one is a variable', () => {
    expect(run('configmap', 60).k('logs config-reader')).toBe(
      'greeting\nlog_level\nHello from a ConfigMap\nLOG_LEVEL=debug\n',
    );
  });

  it('the autoscaled Deployment grows under load with the metrics-server addon, and not without', () => {
    const running = (out: string) => (out.match(/^php-apache-\S+\s+1\/1\s+Running/gm) ?? []).length;
    expect(running(run('autoscaling', 180, true).k('get pods'))).toBeGreaterThan(1);
    const off = run('autoscaling', 180);
    expect(running(off.k('get pods'))).toBe(1);
    expect(off.k('describe hpa php-apache')).toContain('FailedGetResourceMetric');
  });

  it('a bad image backs off, and the invalid manifest is refused with both errors', () => {
    const bad = statuses(run('bad-image', 60).k('get pods'));
    expect(bad).toHaveLength(2);
    for (const p of bad) expect(p).toMatch(/^broken-\w+ 0\/1 (ErrImagePull|ImagePullBackOff)$/);
    const invalid = run('invalid', 5);
    expect(invalid.applied.exitCode).toBe(1);
    expect(invalid.applied.stderr).toContain('spec.replicas: Invalid value: -1');
    expect(invalid.applied.stderr).toContain('`selector` does not match template `labels`');
    expect(invalid.k('get deployments')).toBe('');
  });
});
