/**
 * The kubelet against races and restarts (issue 15, item 2): a pod deleted at any moment of its
 * start, a kubelet stopped at any moment of a pod's start, and a liveness kill, which goes through
 * the crash back-off like any other exit.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { applyFault } from '../../scenario/faults';
import { applySync, kubectlSync, storedObjects } from '../../scenario/runner';

const podYaml = (name: string, image: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  terminationGracePeriodSeconds: 2\n  containers:\n  - name: app\n    image: '${image}'\n${extra}`;
const pods = (c: Cluster) => storedObjects(c).filter((o) => o.kind === 'Pod') as Pod[];
const pod = (c: Cluster, name: string) => pods(c).find((p) => p.metadata?.name === name);
const worker = (c: Cluster) => c.nodes.find((n) => n.name === 'worker-1')!;

/** Every moment of a pod's start (sandbox, pull, create, start), in steps of `step` ms. */
const moments = (until: number, step: number) =>
  Array.from({ length: Math.floor(until / step) }, (_, i) => i * step);

describe('a pod deleted while it is being started', () => {
  // pause is in the node image (no pull); nginx is pulled first, which takes a few seconds.
  for (const image of ['registry.k8s.io/pause:3.10', 'nginx:1.27']) {
    it(`is torn down and removed whatever moment the deletion comes (${image})`, () => {
      const stuck: number[] = [];
      for (const at of moments(
        image.startsWith('nginx') ? 9_000 : 1_200,
        image.startsWith('nginx') ? 150 : 60,
      )) {
        const c = new Cluster({
          kubeSystem: false,
          workers: 1,
          cpu: '4',
          memory: '8Gi',
          seed: 42,
        }).start();
        c.clock.advance(3_000);
        applySync(c, podYaml('p', image), 'p.yaml');
        c.clock.advance(at);
        kubectlSync(c, 'delete pod p --wait=false');
        c.clock.advance(60_000);
        const runtime = worker(c).runtime;
        const left = [...runtime.containers.values()].filter((x) => x.state !== 'exited');
        if (pod(c, 'p') || left.length || runtime.sandboxes.size) stuck.push(at);
      }
      expect(stuck).toEqual([]);
    });
  }
});

describe('a kubelet stopped while a container-runtime call is in flight', () => {
  it('finishes or redoes the work after it starts again, whatever moment it stopped', () => {
    const wedged: string[] = [];
    for (const at of moments(9_000, 90)) {
      const c = new Cluster({
        kubeSystem: false,
        workers: 1,
        cpu: '4',
        memory: '8Gi',
        seed: 42,
      }).start();
      c.clock.advance(3_000);
      applySync(c, podYaml('p', 'nginx:1.27'), 'p.yaml');
      c.clock.advance(at);
      applyFault(c, { stop: 'kubelet', node: 'worker-1' });
      c.clock.advance(5_000);
      applyFault(c, { start: 'kubelet', node: 'worker-1' });
      // A later pod needs its own pull: the node's pull queue must not be stuck.
      applySync(c, podYaml('q', 'redis:7'), 'q.yaml');
      c.clock.advance(60_000);
      for (const name of ['p', 'q']) {
        const p = pod(c, name);
        const s = p?.status?.containerStatuses?.[0];
        if (p?.status?.phase !== 'Running' || !s?.ready || s.restartCount !== 0)
          wedged.push(`${at} ms: ${name} ${p?.status?.phase} ${JSON.stringify(s?.state)}`);
      }
      const runtime = worker(c).runtime;
      const running = [...runtime.containers.values()].filter((x) => x.state === 'running');
      if (running.length !== 2) wedged.push(`${at} ms: ${running.length} running containers`);
    }
    expect(wedged).toEqual([]);
  });

  it('tears down a pod deleted while it was stopped', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 42,
    }).start();
    c.clock.advance(3_000);
    applySync(c, podYaml('p', 'nginx:1.27'), 'p.yaml');
    c.clock.advance(30_000);
    expect(pod(c, 'p')?.status?.phase).toBe('Running');
    worker(c).kubelet.stop();
    kubectlSync(c, 'delete pod p --wait=false');
    c.clock.advance(5_000);
    worker(c).kubelet.start();
    c.clock.advance(30_000);
    const runtime = worker(c).runtime;
    expect(pod(c, 'p')).toBeUndefined();
    expect([...runtime.containers.values()].filter((x) => x.state === 'running')).toEqual([]);
  });

  it('stops the containers of a pod force-deleted while it was stopped, and keeps the others', () => {
    // Gone from the API server before the kubelet starts again: its new informer never hears of
    // the pod, so only housekeeping (HandlePodCleanups) finds the orphaned worker.
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 42,
    }).start();
    c.clock.advance(3_000);
    applySync(c, podYaml('p', 'nginx:1.27'), 'p.yaml');
    applySync(c, podYaml('q', 'nginx:1.27'), 'q.yaml');
    c.clock.advance(30_000);
    // Housekeeping has run many times with nothing to clean up.
    expect(pod(c, 'p')?.status?.phase).toBe('Running');
    expect(pod(c, 'q')?.status?.phase).toBe('Running');
    const q = pod(c, 'q')!.metadata!.uid;
    worker(c).kubelet.stop();
    kubectlSync(c, 'delete pod p --force --grace-period=0');
    c.clock.advance(5_000);
    expect(pod(c, 'p')).toBeUndefined();
    worker(c).kubelet.start();
    c.clock.advance(30_000);
    const running = [...worker(c).runtime.containers.values()].filter((x) => x.state === 'running');
    expect(running.map((x) => x.podUid)).toEqual([q]);
    expect(pod(c, 'q')?.status?.phase).toBe('Running');
  });
});

describe('a container killed by its liveness probe', () => {
  it('is restarted through the crash back-off: the docs’ http-liveness pod, 3 minutes', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 42,
    }).start();
    c.clock.advance(3_000);
    // kubernetes.io "Configure Liveness, Readiness and Startup Probes": http-liveness.yaml.
    applySync(
      c,
      `apiVersion: v1
kind: Pod
metadata: { name: liveness-http, labels: { test: liveness } }
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args: [liveness]
    livenessProbe:
      httpGet: { path: /healthz, port: 8080, httpHeaders: [{ name: Custom-Header, value: Awesome }] }
      initialDelaySeconds: 3
      periodSeconds: 3
`,
      'http-liveness.yaml',
    );
    const reasons = new Set<string>();
    for (let t = 0; t < 180; t++) {
      c.clock.advance(1_000);
      const w = pod(c, 'liveness-http')?.status?.containerStatuses?.[0].state?.waiting?.reason;
      if (w) reasons.add(w);
    }
    const s = pod(c, 'liveness-http')!.status!.containerStatuses![0];
    // Killed about every 18 s of running; restarted at once, then after 10 s, 20 s, 40 s.
    expect(s.restartCount).toBe(4);
    expect(reasons).toContain('CrashLoopBackOff');
    expect(kubectlSync(c, 'get pod liveness-http').stdout).toMatch(
      /liveness-http\s+\d\/1\s+(Running|CrashLoopBackOff)\s+4 \(\d+s ago\)/,
    );
  });
});

describe('a terminating pod', () => {
  it('reports its containers not ready while they stop, before it is removed', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 42,
    }).start();
    c.clock.advance(3_000);
    applySync(
      c,
      podYaml('p', 'nginx:1.27', `    lifecycle: {preStop: {sleep: {seconds: 5}}}\n`),
      'p.yaml',
    );
    c.clock.advance(30_000);
    expect(pod(c, 'p')?.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    kubectlSync(c, 'delete pod p --wait=false');
    c.clock.advance(1_000);
    const p = pod(c, 'p')!;
    expect(p.metadata?.deletionTimestamp).toBeDefined();
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({
      ready: false,
      state: { running: {} },
    });
    c.clock.advance(10_000);
    expect(pod(c, 'p')).toBeUndefined();
  });
});

describe('an API server outage while pods finish', () => {
  it('writes the lost final statuses again once the API server is back (status sync period)', () => {
    // Found by hand: three Jobs of two `sleep 3` pods, the API server stopped for 20 s while the
    // containers exit. The kubelet's status write was lost with the API server down, and it was
    // never sent again, so the pods stayed Running for ever and the Jobs never completed.
    const c = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 42 }).start();
    c.clock.advance(3_000);
    const job = (name: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n  parallelism: 2\n  completions: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox, command: [sleep, '3']}]\n`;
    applySync(c, ['a', 'b', 'c'].map(job).join('---\n'), 'jobs.yaml');
    c.clock.advance(2_000);
    applyFault(c, { stop: 'kube-apiserver' });
    c.clock.advance(20_000);
    applyFault(c, { start: 'kube-apiserver' });
    // The periodic sync re-sends within 10 s of the API server's return.
    c.clock.advance(12_000);
    const jobPods = pods(c).filter((p) => p.metadata?.namespace === 'default');
    expect(jobPods.map((p) => `${p.metadata?.name} ${p.status?.phase}`)).toEqual(
      jobPods.map((p) => `${p.metadata?.name} Succeeded`),
    );
    expect(jobPods).toHaveLength(6);
  });
});
