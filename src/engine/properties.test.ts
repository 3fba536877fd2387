/**
 * Property tests (issue 4, item 6): random sequences of apply, scale, delete and kubelet faults,
 * each followed by virtual time, checked against invariants real Kubernetes keeps.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cpuMillis, memoryBytes } from './api/quantity';
import type { KubeObject, Node, Pod } from './api/types';
import { Cluster } from './cluster';
import { applyFault } from './scenario/faults';
import { applySync, kubectlSync, storedObjects } from './scenario/runner';
import { podRequests } from './scheduler/scheduler';

const WORKERS = 3;
const NAMES = ['api', 'web', 'db'];

type Command =
  | { op: 'apply'; name: string; replicas: number; cpu: string; memory: string }
  | { op: 'pod'; name: string; cpu: string; memory: string }
  | { op: 'scale'; name: string; replicas: number }
  | { op: 'delete'; name: string }
  | { op: 'stop' | 'start'; worker: number };

const cpu = fc.constantFrom('0', '100m', '250m', '500m', '1', '1500m');
const memory = fc.constantFrom('0', '64Mi', '256Mi', '1Gi', '3Gi');
const name = fc.constantFrom(...NAMES);
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('apply' as const),
      name,
      replicas: fc.integer({ min: 0, max: 8 }),
      cpu,
      memory,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('pod' as const),
      name: fc.constantFrom('solo-a', 'solo-b'),
      cpu,
      memory,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('scale' as const),
      name,
      replicas: fc.integer({ min: 0, max: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), name }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('stop' as const, 'start' as const),
      worker: fc.integer({ min: 1, max: WORKERS }),
    }),
  },
);
const step = fc.record({ command, wait: fc.integer({ min: 1, max: 90 }) });
const scenario = fc.array(step, { minLength: 3, maxLength: 10 });

function requests(c: string, m: string): string {
  const parts = [c !== '0' ? `cpu: ${c}` : '', m !== '0' ? `memory: ${m}` : ''].filter(Boolean);
  return parts.length ? `resources: { requests: { ${parts.join(', ')} } }` : '';
}

function deployment(c: Extract<Command, { op: 'apply' }>): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${c.name} }
spec:
  replicas: ${c.replicas}
  selector: { matchLabels: { app: ${c.name} } }
  template:
    metadata: { labels: { app: ${c.name} } }
    spec:
      terminationGracePeriodSeconds: 5
      containers:
        - name: app
          image: 'nginx:1.27'
          ${requests(c.cpu, c.memory)}
`;
}

function barePod(c: Extract<Command, { op: 'pod' }>): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${c.name} }
spec:
  containers:
    - name: app
      image: 'nginx:1.27'
      ${requests(c.cpu, c.memory)}
`;
}

/** Watches etcd's history as it happens and records every invariant it sees broken. */
class Invariants {
  readonly violations: string[] = [];
  private lastRevision = 0;
  private boundTo = new Map<string, string>();
  private pods = new Map<string, Pod>();
  private allocatable = new Map<string, { cpu: number; memory: number }>();

  constructor(cluster: Cluster) {
    const start = cluster.etcdStore.range('/registry/');
    for (const kv of start.kvs) this.observe('PUT', kv.key, 0, kv.value);
    this.lastRevision = start.revision;
    cluster.etcdStore.watch('/registry/', start.revision, (events) => {
      for (const e of events) this.observe(e.type, e.kv.key, e.kv.modRevision, e.kv.value);
    });
  }

  private observe(type: 'PUT' | 'DELETE', key: string, revision: number, value: string): void {
    // resourceVersion (the etcd revision of each write) strictly increases.
    // (Revision 0 marks the objects that existed when watching began.)
    if (revision !== 0 && revision <= this.lastRevision)
      this.violations.push(`revision ${revision} after ${this.lastRevision} (${key})`);
    this.lastRevision = revision;
    if (key.startsWith('/registry/minions/') && type === 'PUT') {
      const n = JSON.parse(value) as Node;
      const a = n.status?.allocatable ?? {};
      this.allocatable.set(n.metadata!.name!, {
        cpu: a.cpu ? cpuMillis(a.cpu) : 0,
        memory: a.memory ? memoryBytes(a.memory) : 0,
      });
    }
    if (!key.startsWith('/registry/pods/')) return;
    if (type === 'DELETE') {
      this.pods.delete(key);
      return;
    }
    const pod = JSON.parse(value) as Pod;
    const uid = pod.metadata!.uid!;
    const node = pod.spec?.nodeName;
    const before = this.boundTo.get(uid);
    // A pod is bound once: its nodeName never changes or disappears after it is set.
    if (before !== undefined && node !== before)
      this.violations.push(`pod ${pod.metadata!.name} moved from ${before} to ${node ?? '<none>'}`);
    if (node) this.boundTo.set(uid, node);
    this.pods.set(key, pod);
    if (node) this.checkNode(node);
  }

  /** The requests of the non-terminal pods bound to a node fit in its allocatable. */
  private checkNode(node: string): void {
    const cap = this.allocatable.get(node);
    if (!cap) return;
    let cpu = 0;
    let mem = 0;
    for (const p of this.pods.values()) {
      if (p.spec?.nodeName !== node) continue;
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const r = podRequests(p);
      cpu += r.cpu;
      mem += r.memory;
    }
    if (cpu > cap.cpu || mem > cap.memory)
      this.violations.push(
        `${node} over allocatable: ${cpu}m/${cap.cpu}m cpu, ${mem}/${cap.memory} memory`,
      );
  }
}

/** Run the commands on a fresh cluster; returns the cluster, a trace hash and the violations. */
function run(seed: number, steps: { command: Command; wait: number }[]) {
  const cluster = new Cluster({ workers: WORKERS, cpu: '2', memory: '4Gi', seed }).start();
  let h = 0x811c9dc5;
  cluster.onTrace((e) => {
    const line = JSON.stringify(e);
    for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193) >>> 0;
  });
  cluster.clock.advance(5_000);
  const inv = new Invariants(cluster);
  const desired = new Map<string, Extract<Command, { op: 'apply' }>>();
  for (const { command: c, wait } of steps) {
    if (c.op === 'apply') {
      applySync(cluster, deployment(c), `${c.name}.yaml`);
      desired.set(c.name, c);
    } else if (c.op === 'pod') {
      applySync(cluster, barePod(c), `${c.name}.yaml`);
    } else if (c.op === 'scale') {
      const r = kubectlSync(cluster, `scale deployment ${c.name} --replicas=${c.replicas}`);
      const d = desired.get(c.name);
      if (r.exitCode === 0 && d) desired.set(c.name, { ...d, replicas: c.replicas });
    } else if (c.op === 'delete') {
      kubectlSync(cluster, `delete deployment ${c.name} --ignore-not-found`);
      desired.delete(c.name);
    } else {
      applyFault(cluster, { [c.op]: 'kubelet', node: `worker-${c.worker}` });
    }
    cluster.clock.advance(wait * 1000);
  }
  return { cluster, hash: h.toString(16), violations: inv.violations, desired };
}

/** Heal every fault and let the cluster settle (past eviction and PodGC). */
function heal(cluster: Cluster): void {
  for (let w = 1; w <= WORKERS; w++) applyFault(cluster, { start: 'kubelet', node: `worker-${w}` });
  cluster.clock.advance(8 * 60_000);
}

const objects = (cluster: Cluster, kind: string) =>
  storedObjects(cluster).filter((o: KubeObject) => o.kind === kind);

describe('control-plane properties (fast-check, fixed seed)', () => {
  it('no pod is bound twice, no node is over its allocatable, resourceVersion strictly increases', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const { cluster, violations } = run(seed, steps);
        heal(cluster);
        expect(violations).toEqual([]);
      }),
      { seed: 4242, numRuns: 20, endOnFailure: true },
    );
  });

  it('replicas converge once faults are healed and capacity allows', () => {
    let converged = 0;
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const { cluster, desired } = run(seed, steps);
        heal(cluster);
        // Capacity allows: the desired pods and the bare ones ask for at most half the workers'
        // cpu and memory, so greedy placement cannot fragment them out of room.
        const pods = objects(cluster, 'Pod') as Pod[];
        let cpuNeed = 0;
        let memNeed = 0;
        for (const d of desired.values()) {
          cpuNeed += d.replicas * (d.cpu === '0' ? 0 : cpuMillis(d.cpu));
          memNeed += d.replicas * (d.memory === '0' ? 0 : memoryBytes(d.memory));
        }
        for (const p of pods.filter((x) => x.metadata?.name?.startsWith('solo-'))) {
          cpuNeed += podRequests(p).cpu;
          memNeed += podRequests(p).memory;
        }
        fc.pre(cpuNeed <= (WORKERS * 2000) / 2 && memNeed <= (WORKERS * 4 * 1024 ** 3) / 2);
        converged++;
        for (const d of desired.values()) {
          const mine = pods.filter(
            (p) => p.metadata?.labels?.app === d.name && !p.metadata?.deletionTimestamp,
          );
          const running = mine.filter((p) => p.status?.phase === 'Running');
          expect(`${d.name}: ${running.length}/${mine.length}`).toBe(
            `${d.name}: ${d.replicas}/${d.replicas}`,
          );
        }
        // Deleted Deployments leave nothing behind.
        for (const n of NAMES.filter((x) => !desired.has(x)))
          expect(pods.filter((p) => p.metadata?.labels?.app === n)).toEqual([]);
      }),
      { seed: 4343, numRuns: 15, endOnFailure: true },
    );
    // The capacity precondition held often enough for the property to mean something.
    expect(converged).toBeGreaterThanOrEqual(8);
  });

  it('the same seed and commands give the same trace', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const a = run(seed, steps);
        const b = run(seed, steps);
        expect(a.hash).toBe(b.hash);
      }),
      { seed: 4444, numRuns: 4, endOnFailure: true },
    );
  });
});
