import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Cluster } from './cluster';
import type { Event, Pod } from './api/types';
import { applySync, kubectlSync, storedObjects } from './scenario/runner';

const threePods = readFileSync(
  new URL('../../public/examples/three-pods.yaml', import.meta.url),
  'utf8',
);

function eventsFor(cluster: Cluster, pod: string): Event[] {
  return (storedObjects(cluster).filter((o) => o.kind === 'Event') as Event[])
    .filter((e) => e.involvedObject.name === pod)
    .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
}

describe('a pod from kubectl apply to Running', () => {
  const cluster = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 7 }).start();
  const applied = applySync(cluster, threePods, 'three-pods.yaml');
  cluster.clock.advance(60_000);
  // The learner's pods (kube-system's run beside them, as on a kind cluster).
  const pods = storedObjects(cluster).filter(
    (o) => o.kind === 'Pod' && o.metadata?.namespace === 'default',
  ) as Pod[];

  it('applies every document and prints kubectl lines', () => {
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toBe('pod/web created\npod/cache created\npod/ticker created\n');
  });

  it('runs the three pods on workers, none on the control-plane node', () => {
    expect(pods.map((p) => p.metadata!.name).sort()).toEqual(['cache', 'ticker', 'web']);
    for (const p of pods) {
      expect(p.status?.phase).toBe('Running');
      expect(p.spec?.nodeName).toMatch(/^worker-\d$/);
      expect(p.status?.podIP).toMatch(/^10\.244\.\d\.\d+$/);
    }
  });

  it('records Scheduled, Pulling, Pulled, Created, Started in order with real texts and sources', () => {
    for (const p of pods) {
      const evs = eventsFor(cluster, p.metadata!.name!);
      expect(evs.map((e) => e.reason)).toEqual([
        'Scheduled',
        'Pulling',
        'Pulled',
        'Created',
        'Started',
      ]);
      const [scheduled, pulling, pulled, created, started] = evs;
      const image = p.spec!.containers[0].image!;
      const c = p.spec!.containers[0].name;
      expect(scheduled.source?.component).toBe('default-scheduler');
      expect(scheduled.message).toBe(
        `Successfully assigned default/${p.metadata!.name} to ${p.spec!.nodeName}`,
      );
      expect(pulling.source).toEqual({ component: 'kubelet', host: p.spec!.nodeName });
      expect(pulling.message).toBe(`Pulling image "${image}"`);
      expect(pulled.message).toMatch(
        new RegExp(
          `^Successfully pulled image "${image}" in [\\d.]+m?s \\([\\d.]+m?s including waiting\\)\\. Image size: \\d+ bytes\\.$`,
        ),
      );
      expect(created.message).toBe(`Created container ${c}`);
      expect(started.message).toBe(`Started container ${c}`);
      expect(started.involvedObject.fieldPath).toBe(`spec.containers{${c}}`);
    }
  });

  it('prints kubectl get pods -o wide in kubectl columns', () => {
    const out = kubectlSync(cluster, 'get pods -o wide').stdout.split('\n');
    expect(out[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    expect(out.filter((l) => /\s1\/1\s+Running\s+0\s+/.test(l))).toHaveLength(3);
  });

  it('keeps the control-plane node tainted and Ready', () => {
    const out = kubectlSync(cluster, 'get nodes').stdout;
    expect(out).toMatch(/^control-plane\s+Ready\s+control-plane\s+/m);
    expect(out.match(/^worker-\d\s+Ready\s+<none>\s+/gm)).toHaveLength(3);
  });
});

describe('determinism', () => {
  const deployment = `apiVersion: v1
kind: Pod
metadata:
  generateName: web-
spec:
  containers:
    - name: nginx
      image: nginx:1.27
`;

  function run(seed: number): { hash: string; names: string[]; count: number } {
    const cluster = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed }).start();
    let h = 0x811c9dc5;
    let count = 0;
    cluster.onTrace((e) => {
      const line = JSON.stringify(e);
      for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193) >>> 0;
      count++;
    });
    for (let i = 0; i < 3; i++)
      kubectlSync(cluster, 'create -f pod.yaml', { 'pod.yaml': deployment });
    cluster.clock.advance(30_000);
    const names = storedObjects(cluster)
      .filter((o) => o.kind === 'Pod' && o.metadata?.namespace === 'default')
      .map((o) => o.metadata!.name!)
      .sort();
    return { hash: h.toString(16), names, count };
  }

  it('gives the same trace, byte for byte, for the same seed and inputs', () => {
    const a = run(11);
    const b = run(11);
    expect(a.count).toBeGreaterThan(100);
    expect(a.hash).toBe(b.hash);
    expect(a.names).toEqual(b.names);
  });

  it('gives different generated names for a different seed', () => {
    const a = run(11);
    const c = run(12);
    expect(a.names).toHaveLength(3);
    for (const n of a.names) expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(a.names).not.toEqual(c.names);
  });
});
