/**
 * The cluster fuzzer (issues 4 and 15): random sequences of apply, scale, delete, cordon, kubelet
 * stop/start and advancing time — sometimes by a few hundred ms, so a deletion or a fault lands in
 * the middle of a pod's start — checked against invariants real Kubernetes keeps while it runs (no
 * pod bound twice, no node over its allocatable, revisions strictly increasing) and, once every
 * fault is healed, convergence: nothing stays Terminating or wedged, every bound pod runs, every
 * Deployment has its replicas when capacity allows. Used by `properties.test.ts` (a few hundred
 * sequences) and `npm run fuzz` (10,000).
 */
import fc from 'fast-check';
import { cpuMillis, memoryBytes } from '../api/quantity';
import type { KubeObject, Node, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { applyFault } from '../scenario/faults';
import { applySync, kubectlSync, storedObjects } from '../scenario/runner';
import { podRequests } from '../scheduler/scheduler';

export const WORKERS = 3;
const NAMES = ['api', 'web', 'db'];
const SOLOS = ['solo-a', 'solo-b'];

export type Command =
  | { op: 'apply'; name: string; replicas: number; cpu: string; memory: string }
  | { op: 'pod'; name: string; cpu: string; memory: string }
  | { op: 'scale'; name: string; replicas: number }
  | { op: 'delete'; name: string }
  | { op: 'deletePod'; name: string }
  | { op: 'cordon' | 'uncordon'; worker: number }
  | { op: 'stop' | 'start'; worker: number }
  | { op: 'stopControlPlane' | 'startControlPlane'; component: ControlPlaneComponent };

/** Control-plane components the fuzzer stops and starts (kubectl is refused while the API is). */
const CONTROL_PLANE = ['kube-apiserver', 'kube-scheduler', 'kube-controller-manager'] as const;
type ControlPlaneComponent = (typeof CONTROL_PLANE)[number];

export interface Step {
  command: Command;
  /** Virtual ms to advance after the command. */
  waitMs: number;
}

const cpu = fc.constantFrom('0', '100m', '250m', '500m', '1', '1500m');
const memory = fc.constantFrom('0', '64Mi', '256Mi', '1Gi', '3Gi');
const name = fc.constantFrom(...NAMES);
const solo = fc.constantFrom(...SOLOS);
const worker = fc.integer({ min: 1, max: WORKERS });
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
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pod' as const), name: solo, cpu, memory }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('scale' as const),
      name,
      replicas: fc.integer({ min: 0, max: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), name }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deletePod' as const), name: solo }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom('cordon' as const, 'uncordon' as const), worker }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom('stop' as const, 'start' as const), worker }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('stopControlPlane' as const, 'startControlPlane' as const),
      component: fc.constantFrom(...CONTROL_PLANE),
    }),
  },
);
/** A pause: inside a pod's start (sandbox, pull, create, start take 0.25–10 s) or longer. */
const waitMs = fc.oneof(
  fc.integer({ min: 50, max: 3_000 }),
  fc.integer({ min: 1, max: 60 }).map((s) => s * 1000),
);
export const fuzzSteps = fc.array(fc.record({ command, waitMs }), { minLength: 3, maxLength: 10 });

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
  terminationGracePeriodSeconds: 5
  containers:
    - name: app
      image: '${c.name === 'solo-a' ? 'registry.k8s.io/pause:3.10' : 'redis:7'}'
      ${requests(c.cpu, c.memory)}
`;
}

/** Watches etcd's history as it happens and records every invariant it sees broken. */
export class Invariants {
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

export interface FuzzRun {
  cluster: Cluster;
  /** FNV-1a of every trace event, for determinism. */
  hash: string;
  violations: string[];
  /** The Deployments that should exist, with their replicas. */
  desired: Map<string, Extract<Command, { op: 'apply' }>>;
  /** The bare pods that should exist. */
  solos: Set<string>;
  /**
   * Per Deployment, the most any of its ReplicaSets may hold since it was created: its largest
   * replicas plus one surge pod, at its largest requests. A rollout that changes requests and
   * replicas together first scales the old ReplicaSet (k/k: deployment sync's scale()), and with
   * maxUnavailable 0 it waits for room to surge, so only this much room guarantees convergence.
   */
  peaks: Map<string, { cpu: number; memory: number; replicas: number }>;
}

/** Run the steps on a fresh cluster, watching the invariants. */
export function runSteps(seed: number, steps: Step[]): FuzzRun {
  const cluster = new Cluster({ workers: WORKERS, cpu: '2', memory: '4Gi', seed }).start();
  let h = 0x811c9dc5;
  cluster.onTrace((e) => {
    const line = JSON.stringify(e);
    for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193) >>> 0;
  });
  cluster.clock.advance(5_000);
  const inv = new Invariants(cluster);
  const desired = new Map<string, Extract<Command, { op: 'apply' }>>();
  const solos = new Set<string>();
  const peaks = new Map<string, { cpu: number; memory: number; replicas: number }>();
  const peak = (name: string, replicas: number, c?: string, m?: string) => {
    const p = peaks.get(name) ?? { cpu: 0, memory: 0, replicas: 0 };
    peaks.set(name, {
      cpu: Math.max(p.cpu, c && c !== '0' ? cpuMillis(c) : 0),
      memory: Math.max(p.memory, m && m !== '0' ? memoryBytes(m) : 0),
      replicas: Math.max(p.replicas, replicas),
    });
  };
  for (const { command: c, waitMs } of steps) {
    if (c.op === 'apply') {
      // Refused while the API server is down: then nothing changed.
      if (applySync(cluster, deployment(c), `${c.name}.yaml`).exitCode === 0) {
        desired.set(c.name, c);
        peak(c.name, c.replicas, c.cpu, c.memory);
      }
    } else if (c.op === 'pod') {
      // A pod's spec is immutable (applying it again with other requests is refused), and a
      // terminating one stays on its way out whatever is applied.
      applySync(cluster, barePod(c), `${c.name}.yaml`);
      const p = storedObjects(cluster).find((o) => o.kind === 'Pod' && o.metadata?.name === c.name);
      if (p && !p.metadata?.deletionTimestamp) solos.add(c.name);
      else solos.delete(c.name);
    } else if (c.op === 'scale') {
      const r = kubectlSync(cluster, `scale deployment ${c.name} --replicas=${c.replicas}`);
      const d = desired.get(c.name);
      if (r.exitCode === 0 && d) {
        desired.set(c.name, { ...d, replicas: c.replicas });
        peak(c.name, c.replicas);
      }
    } else if (c.op === 'delete') {
      const r = kubectlSync(cluster, `delete deployment ${c.name} --ignore-not-found`);
      if (r.exitCode === 0) {
        desired.delete(c.name);
        peaks.delete(c.name);
      }
    } else if (c.op === 'deletePod') {
      const r = kubectlSync(cluster, `delete pod ${c.name} --ignore-not-found --wait=false`);
      if (r.exitCode === 0) solos.delete(c.name);
    } else if (c.op === 'cordon' || c.op === 'uncordon') {
      kubectlSync(cluster, `${c.op} worker-${c.worker}`);
    } else if (c.op === 'stopControlPlane' || c.op === 'startControlPlane') {
      applyFault(cluster, { [c.op === 'stopControlPlane' ? 'stop' : 'start']: c.component });
    } else {
      applyFault(cluster, { [c.op]: 'kubelet', node: `worker-${c.worker}` });
    }
    cluster.clock.advance(waitMs);
  }
  return { cluster, hash: h.toString(16), violations: inv.violations, desired, solos, peaks };
}

/**
 * How long a healed cluster gets to settle: the nodes report Ready (10 s), their NoExecute taints
 * go, pods evicted while they were NotReady finish terminating (grace 5 s) and are replaced, and
 * the scheduler's back-off for unschedulable pods (at most 10 s once a node event moves them)
 * has passed, with room to spare.
 */
export const HEAL_SETTLE_MS = 3 * 60_000;

/** Heal every fault (kubelets started, nodes uncordoned) and let the cluster settle. */
export function heal(cluster: Cluster, settleMs = HEAL_SETTLE_MS): void {
  for (const component of CONTROL_PLANE) applyFault(cluster, { start: component });
  // The reflectors of components that started during an outage list again after their back-off.
  cluster.clock.advance(30_000);
  for (let w = 1; w <= WORKERS; w++) {
    applyFault(cluster, { start: 'kubelet', node: `worker-${w}` });
    kubectlSync(cluster, `uncordon worker-${w}`);
  }
  cluster.clock.advance(settleMs);
}

/**
 * What is wrong with the healed cluster: a pod still Terminating, a bound pod not running and
 * ready, a deleted object left behind, or (when the pods that may exist ask for at most half
 * the workers' cpu and memory, so greedy placement cannot fragment them out of room) a
 * Deployment short of its replicas. `capacityAllows` says whether that last check applied.
 */
export function convergenceProblems(run: FuzzRun): { problems: string[]; capacityAllows: boolean } {
  const { cluster, desired, solos, peaks } = run;
  const pods = storedObjects(cluster).filter((o: KubeObject) => o.kind === 'Pod') as Pod[];
  const problems: string[] = [];
  const label = (p: Pod) => `${p.metadata?.name} on ${p.spec?.nodeName ?? '<none>'}`;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) problems.push(`${label(p)} still Terminating`);
    else if (p.spec?.nodeName) {
      const s = p.status?.containerStatuses?.[0];
      if (p.status?.phase !== 'Running' || !s?.ready)
        problems.push(`${label(p)} ${p.status?.phase}: ${JSON.stringify(s?.state)}`);
    }
  }
  for (const n of NAMES.filter((x) => !desired.has(x)))
    for (const p of pods.filter((x) => x.metadata?.labels?.app === n))
      problems.push(`${label(p)} left behind by deleted Deployment ${n}`);
  for (const n of SOLOS.filter((x) => !solos.has(x)))
    for (const p of pods.filter((x) => x.metadata?.name === n))
      problems.push(`deleted pod ${label(p)} left behind`);
  let cpuNeed = 0;
  let memNeed = 0;
  for (const p of peaks.values()) {
    cpuNeed += (p.replicas + 1) * p.cpu;
    memNeed += (p.replicas + 1) * p.memory;
  }
  for (const p of pods.filter((x) => solos.has(x.metadata!.name!))) {
    cpuNeed += podRequests(p).cpu;
    memNeed += podRequests(p).memory;
  }
  const capacityAllows =
    cpuNeed <= (WORKERS * 2000) / 2 && memNeed <= (WORKERS * 4 * 1024 ** 3) / 2;
  if (capacityAllows) {
    for (const d of desired.values()) {
      const mine = pods.filter(
        (p) => p.metadata?.labels?.app === d.name && !p.metadata?.deletionTimestamp,
      );
      const running = mine.filter((p) => p.status?.phase === 'Running');
      if (running.length !== d.replicas || mine.length !== d.replicas)
        problems.push(`${d.name}: ${running.length}/${mine.length} running, want ${d.replicas}`);
    }
    for (const n of solos)
      if (!pods.some((p) => p.metadata?.name === n && p.spec?.nodeName))
        problems.push(`pod ${n} never bound`);
  }
  return { problems, capacityAllows };
}
