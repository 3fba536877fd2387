/**
 * hpa: the "HorizontalPodAutoscaler Walkthrough" of kubernetes.io
 * (tasks/run-application/horizontal-pod-autoscale-walkthrough), on a cluster with metrics-server:
 * apply php-apache, autoscale it at 50 % CPU, run the busybox load generator, watch the HPA
 * scale up, stop the load and see it scale back down after the 5-minute stabilization window.
 * The page's outputs it is checked against: `horizontalpodautoscaler.autoscaling/php-apache
 * autoscaled`; `0%/50%` before load; a few hundred percent under load (the page: 305 %) and
 * about 7 replicas; 1 replica and `0%` again a few minutes after the load stops.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/hpaGolden.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));
const example = (p: string) => readFileSync(join(here, '..', 'testing', 'k8s-examples', p), 'utf8');

const LOAD =
  'run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"';

function walkthrough(): string {
  const steps = [
    'top pods',
    'apply -f php-apache.yaml',
    'autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10',
    'get hpa',
    'wait 60',
    'get hpa',
    'top pods',
    LOAD,
  ];
  for (let i = 0; i < 6; i++) steps.push('wait 30', 'get hpa');
  steps.push('get deployment php-apache', 'top pods', 'describe hpa php-apache');
  steps.push('delete pod load-generator --wait=false');
  for (let i = 0; i < 14; i++) steps.push('wait 30', 'get hpa');
  steps.push('get deployment php-apache', 'top nodes');
  return kubectlTranscript(
    steps,
    { 'php-apache.yaml': example('application/php-apache.yaml') },
    { workers: 3, cluster: { metricsServer: true } },
  );
}

it('the HPA walkthrough scales php-apache up under load and back down after the window', () => {
  const out = walkthrough();
  expectGolden(join(here, 'testdata', 'workloads', 'hpa-walkthrough.golden.txt'), out);
  // What the page shows, independently of the golden file.
  expect(out).toContain('horizontalpodautoscaler.autoscaling/php-apache autoscaled');
  expect(out).toMatch(/php-apache {3}Deployment\/php-apache {3}cpu: <unknown>\/50%/);
  expect(out).toMatch(/cpu: 0%\/50%/);
  expect(out).toMatch(/cpu: [1-3][0-9]{2}%\/50%/);
  const replicas = [...out.matchAll(/cpu: \S+\/50% +1 +10 +(\d+)/g)].map((m) => Number(m[1]));
  expect(Math.max(...replicas)).toBeGreaterThanOrEqual(5);
  expect(Math.max(...replicas)).toBeLessThanOrEqual(8);
  expect(replicas[replicas.length - 1]).toBe(1);
  expect(out).toContain('SuccessfulRescale');
  expect(out).toContain('reason: cpu resource utilization (percentage of request) above target');
});

it('kubectl top says the Metrics API is missing without metrics-server', () => {
  const out = kubectlTranscript(['top pods', 'top nodes'], {}, { workers: 1 });
  expect(out).toBe(
    '$ kubectl top pods\nerror: Metrics API not available\n[exit 1]\n$ kubectl top nodes\nerror: Metrics API not available\n[exit 1]\n',
  );
});
