import { describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync, storedObjects } from '../../scenario/runner';

const podYaml = (name: string, spec: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const pod = (c: Cluster, name: string) =>
  storedObjects(c).find((o) => o.kind === 'Pod' && o.metadata?.name === name) as Pod | undefined;
const events = (c: Cluster, name: string) =>
  (storedObjects(c).filter((o) => o.kind === 'Event') as Event[]).filter(
    (e) => e.involvedObject.name === name,
  );

describe('kubelet crash loop', () => {
  const c = new Cluster({
    kubeSystem: false,
    workers: 2,
    cpu: '4',
    memory: '8Gi',
    seed: 3,
  }).start();
  applySync(
    c,
    podYaml(
      'crash',
      `  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo attempt; exit 1']\n`,
    ),
    'p.yaml',
  );
  const restarts: [number, number][] = [];
  const t0 = c.clock.now;
  for (let t = 0; t < 200_000; t += 500) {
    c.clock.advance(500);
    const n = pod(c, 'crash')?.status?.containerStatuses?.[0]?.restartCount ?? 0;
    if (!restarts.length || restarts.at(-1)![1] !== n)
      restarts.push([Math.round((c.clock.now - t0) / 1000), n]);
  }

  it('restarts at once, then after 10 s, 20 s, 40 s and 80 s', () => {
    const at = restarts.filter(([, n]) => n > 0).map(([t]) => t);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps.slice(0, 4)).toEqual([10, 20, 40, 80]);
  });

  it('shows the back-off in the waiting message and the BackOff event', () => {
    const s = pod(c, 'crash')!.status!.containerStatuses![0];
    expect(s.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(s.state?.waiting?.message).toMatch(
      /^back-off 2m40s restarting failed container=app pod=crash_default\(/,
    );
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const backoff = events(c, 'crash').find((e) => e.reason === 'BackOff')!;
    expect(backoff.type).toBe('Warning');
    expect(backoff.count).toBeGreaterThan(5);
  });

  it('serves --previous logs and CRI log lines with timestamps', () => {
    expect(kubectlSync(c, 'logs crash --previous').stdout).toBe('attempt\n');
    expect(kubectlSync(c, 'logs crash --timestamps').stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z attempt\n$/,
    );
  });
});

describe('kubectl logs --previous during a restart', () => {
  it('reads the container lastState names, even while the next attempt is being created', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 5,
    }).start();
    applySync(
      c,
      podYaml(
        'crash',
        `  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo boom; exit 1']\n`,
      ),
      'p.yaml',
    );
    const seen = new Map<string, number>();
    const end = c.clock.now + 40_000;
    // Ask at every moment of two restarts: one simulated event at a time.
    while (c.clock.now < end) {
      c.clock.step();
      const status = pod(c, 'crash')?.status?.containerStatuses?.[0];
      if (!status?.lastState?.terminated) continue;
      const r = kubectlSync(c, 'logs crash --previous');
      const key = r.exitCode === 0 ? r.stdout : `error: ${r.stderr}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen.keys()]).toEqual(['boom\n']);
    expect(seen.get('boom\n')).toBeGreaterThan(20);
  });
});

describe('kubelet probes and termination', () => {
  it('kills a container whose liveness probe gets a 500 and restarts it', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 4,
    }).start();
    applySync(
      c,
      podYaml(
        'live',
        `  containers:\n  - name: web\n    image: registry.k8s.io/e2e-test-images/agnhost:2.40\n    args: [liveness]\n    livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n`,
      ),
      'p.yaml',
    );
    c.clock.advance(60_000);
    const evs = events(c, 'live');
    expect(evs.find((e) => e.reason === 'Unhealthy')?.message).toBe(
      'Liveness probe failed: HTTP probe failed with statuscode: 500',
    );
    expect(evs.find((e) => e.reason === 'Killing')?.message).toBe(
      'Container web failed liveness probe, will be restarted',
    );
    const s = pod(c, 'live')!.status!.containerStatuses![0];
    expect(s.restartCount).toBeGreaterThanOrEqual(1);
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('reports a refused liveness probe with Go’s dial error', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 4,
    }).start();
    applySync(
      c,
      podYaml(
        'web',
        `  containers:\n  - name: nginx\n    image: nginx:1.27\n    livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n`,
      ),
      'p.yaml',
    );
    c.clock.advance(40_000);
    const ip = pod(c, 'web')!.status!.podIP!;
    expect(events(c, 'web').find((e) => e.reason === 'Unhealthy')?.message).toBe(
      `Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`,
    );
  });

  it('waits the whole grace period for a shell that ignores SIGTERM, then SIGKILL (137)', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 4,
    }).start();
    applySync(
      c,
      podYaml(
        'sleeper',
        `  terminationGracePeriodSeconds: 10\n  containers:\n  - name: sh\n    image: busybox:1.36\n    command: ['sh', '-c', 'sleep 3600']\n`,
      ),
      'p.yaml',
    );
    c.clock.advance(10_000);
    const statuses: Pod['status'][] = [];
    const kubelet = c.nodes.find((n) => n.name === pod(c, 'sleeper')!.spec!.nodeName)!.kubelet;
    const patch = kubelet.client.patch.bind(kubelet.client);
    kubelet.client.patch = (...args: Parameters<typeof patch>) => {
      if (args[0] === 'pods') statuses.push((args[3] as Pod).status);
      patch(...args);
    };
    kubectlSync(c, 'delete pod sleeper --wait=false');
    c.clock.advance(9_000);
    expect(pod(c, 'sleeper')?.metadata?.deletionTimestamp).toBeDefined();
    c.clock.advance(2_000);
    expect(pod(c, 'sleeper')).toBeUndefined();
    const last = statuses.at(-1)!;
    expect(last.phase).toBe('Failed');
    expect(last.containerStatuses![0].state?.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
  });
  it('makes a pod Ready once its exec readiness probe finds the file the container wrote', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 5,
    }).start();
    applySync(
      c,
      podYaml(
        'warm',
        `  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'sleep 20; touch /tmp/ready; sleep 3600']\n    readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 2}\n`,
      ),
      'p.yaml',
    );
    const ready = () => pod(c, 'warm')?.status?.conditions?.find((x) => x.type === 'Ready')?.status;
    c.clock.advance(15_000);
    expect(pod(c, 'warm')?.status?.phase).toBe('Running');
    expect(ready()).toBe('False');
    c.clock.advance(10_000);
    expect(ready()).toBe('True');
  });
});

describe('kubelet preStop hook', () => {
  it('runs preStop before SIGTERM: nginx with `sleep 5` is gone about 5 s after the delete', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 4,
    }).start();
    applySync(
      c,
      podYaml(
        'drain',
        `  containers:\n  - name: web\n    image: nginx:1.27\n    lifecycle: {preStop: {exec: {command: ['sh', '-c', 'sleep 5']}}}\n`,
      ),
      'p.yaml',
    );
    c.clock.advance(20_000);
    kubectlSync(c, 'delete pod drain --wait=false');
    c.clock.advance(4_500);
    expect(pod(c, 'drain')).toBeDefined();
    c.clock.advance(1_500);
    expect(pod(c, 'drain')).toBeUndefined();
  });
});

describe('node status and runtime', () => {
  it('reports allocatable, the runtime version and the image cache', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 2,
    }).start();
    applySync(
      c,
      podYaml(
        'web',
        `  nodeName: worker-1\n  containers:\n  - {name: nginx, image: 'nginx:1.27'}\n`,
      ),
      'p.yaml',
    );
    c.clock.advance(30_000);
    const node = storedObjects(c).find(
      (o) => o.kind === 'Node' && o.metadata?.name === 'worker-1',
    ) as Node;
    expect(node.status!.allocatable!.memory).toBe('8Gi');
    expect(node.status!.capacity!.memory).toBe('8491008Ki');
    expect(node.status!.nodeInfo!.containerRuntimeVersion).toBe('containerd://1.7.22');
    expect(
      node.status!.images!.some((i) => i.names?.includes('docker.io/library/nginx:1.27')),
    ).toBe(true);
  });

  it('uses CRI-O’s version, ids and pull errors when the node is configured with it', () => {
    const c = new Cluster({ kubeSystem: false, workers: 1, cpu: '4', memory: '8Gi', seed: 2 });
    c.nodes[1].runtime.flavour = 'cri-o';
    c.start();
    applySync(
      c,
      podYaml('bad', `  nodeName: worker-1\n  containers:\n  - {name: web, image: 'nginx:nope'}\n`),
      'p.yaml',
    );
    c.clock.advance(5_000);
    const failed = events(c, 'bad').find(
      (e) => e.reason === 'Failed' && e.message!.startsWith('Failed to pull'),
    );
    expect(failed?.message).toBe(
      'Failed to pull image "nginx:nope": rpc error: code = Unknown desc = initializing source docker://nginx:nope: reading manifest nope in docker.io/library/nginx: manifest unknown',
    );
    expect(c.nodes[1].runtime.version).toBe('cri-o://1.31.2');
  });
});
