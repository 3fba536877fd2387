/**
 * The engine at scale, headless, through the real components (API server, etcd, scheduler
 * plugins, controllers, kubelets). Cases, each in its own process:
 *  - `pods1k`:  100 workers, 1,000 single-container pods applied at once (the first benchmark);
 *  - `pods3k`:  100 workers, 3,000 single-container pods applied at once;
 *  - `deploy100k`: 3 workers, one Deployment of 100,000 replicas (issue 15 item 3): one virtual
 *    minute of a cluster with 100,000 pods that do not fit (the ReplicaSet controller creating
 *    them in bursts of 500, the scheduler trying each and putting it back) within 60 s of wall time;
 *  - `deploy150k`: 5,000 workers, 1,500 Deployments × 100 replicas (150,000 pods) — the upstream
 *    scalability limits, run until every pod is Running (about 210 s of wall time on a 2-core
 *    machine) and stopped after BENCH_MAX_WALL_S (220 s by default, its target) if it is not.
 *    A scheduling cycle costs 1.25 virtual ms at 5,000 nodes (scheduler/algorithm.ts
 *    cycleDurationMs, from scheduler_perf's thresholds), so binding 150,000 pods takes about
 *    218 s of virtual time: the engine must simulate faster than real time. Every pod still
 *    costs about 100 simulated events (API requests, etcd, watches, the kubelet's CRI calls and
 *    status writes), every cycle filters and scores 500 nodes with the real plugins, and a
 *    Running pod holds ~17 KB of live heap (etcd's revisions of it and its Events, the kubelet's
 *    and the runtime's state, the event recorders' caches, the informers' and watch cache's).
 * Each prints the wall-clock and CPU time until all pods are Running (or until its virtual
 * time), the virtual time, pods scheduled (bound) per second of wall time, simulated events per
 * second and peak heap, each beside its target (issues 4, 15 and 17) and the figure of the
 * previous run, kept in bench/results.json (each run writes its own figures there: commit it
 * with the change it measures). Wall time on a shared machine is noisy: CPU time is printed too.
 * Targets are reported here, never asserted in tests. Each case runs in a process of its own,
 * from an esbuild bundle of this file (bench/bundle.ts): the engine as the page runs it, without
 * the naming wrapper tsx adds to every function.
 *
 * Run: npm run bench
 *      BENCH_CASES=pods1k,pods3k,deploy150k   which cases, in order
 *      BENCH_QUICK=1                          only the 1k and 3k cases
 *      BENCH_MAX_WALL_S=600                   stop a case after this much wall time (default 220)
 *      BENCH_NO_SAVE=1                        leave bench/results.json as it is
 *      BENCH_PROGRESS_S=10                    a progress line every N s of wall time (0: none):
 *                                             CPU time, phase (set-up or pods), virtual time, nodes
 *                                             registered, pods created/bound/Running, events, heap
 *      BENCH_WORKERS=N BENCH_PODS=M           a custom pods case (`custom`)
 *      BENCH_WORKERS=N BENCH_DEPLOYMENTS=DxR  a custom case of D Deployments × R replicas
 *      BENCH_KUBE_SYSTEM=0                    a bare control plane (no kube-system), as before
 *      BENCH_VIRTUAL_S=20                     a custom case stops after this much virtual time: the
 *                                             same work every run, so its CPU time compares runs on
 *                                             a busy machine
 *                                             kube-system was on by default; kept in results.json
 *                                             as `<case>:bare`
 *      BENCH_KUBE_SYSTEM=1                    kube-system even in deploy150k (`deploy150k:kube-system`)
 *
 * The clusters run kube-system as every cluster does (ClusterConfig.kubeSystem): kube-proxy and
 * kindnet on every node, CoreDNS, the static pods — except deploy150k, which runs a bare control
 * plane (kubelets, scheduler, controllers; see its `kubeSystem.why`). Only the benchmark's own pods (namespace
 * `default`) are counted, and events only after the bootstrap, so the figures compare with the
 * runs made before kube-system existed; the system pods weigh on the build and on every watch.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/engine/onDemandNow';
import { bundleForNode, nodeOptionsWithoutTsx } from './bundle';
import { readResults, RESULTS_FILE, saveResult } from './results';
import { Cluster } from '../src/engine/cluster';
import type { ApiRequest } from '../src/engine/apiserver/types';
import type { Pod } from '../src/engine/api/types';

interface BenchCase {
  name: string;
  workers: number;
  /** Pods applied at once, or Deployments × replicas. */
  pods?: number;
  deployments?: { count: number; replicas: number };
  /** Stop after this much virtual time instead of when every pod is Running. */
  virtualS?: number;
  title: string;
  /** Whether the cluster runs kube-system (default true); `why` says why a case does not. */
  kubeSystem?: { on: false; why: string };
}

const CASES: Record<string, BenchCase> = {
  pods1k: {
    name: 'pods1k',
    workers: 100,
    pods: 1000,
    title: '100 workers, 1000 single-container pods applied at once',
  },
  pods3k: {
    name: 'pods3k',
    workers: 100,
    pods: 3000,
    title: '100 workers, 3000 single-container pods applied at once',
  },
  deploy100k: {
    name: 'deploy100k',
    workers: 3,
    deployments: { count: 1, replicas: 100_000 },
    virtualS: 60,
    title: '3 workers, one Deployment of 100000 replicas, one virtual minute',
  },
  deploy150k: {
    name: 'deploy150k',
    workers: 5000,
    deployments: { count: 1500, replicas: 100 },
    title: '5000 workers, 1500 Deployments × 100 replicas (150000 pods)',
    // Measured: at 500 workers with kube-system a pod costs ~2,500 simulated events, against
    // ~110 without; at 5,000 workers that is ~25,000 per pod, 4 billion in all.
    kubeSystem: {
      on: false,
      why:
        'kube-system is off: kindnetd on each of the 5000 nodes watches every pod (its network ' +
        'policy agent), so each pod write is 5000 watch messages, billions in all; the ' +
        'DaemonSets add 10,000 pods. scheduler_perf, where the target comes from, runs neither ' +
        '(nor kubelets, which run here). BENCH_KUBE_SYSTEM=1 runs them anyway.',
    },
  },
};

const MAX_WALL_S = Number(process.env.BENCH_MAX_WALL_S ?? 220);
/** Print a progress line every this many seconds of wall time (0: never). */
const PROGRESS_S = Number(process.env.BENCH_PROGRESS_S ?? 10);
/** Whether a case's cluster runs kube-system: BENCH_KUBE_SYSTEM=0/1, else the case's default. */
function kubeSystemOf(c: BenchCase): boolean {
  const env = process.env.BENCH_KUBE_SYSTEM;
  if (env === '0' || env === '1') return env === '1';
  return c.kubeSystem?.on ?? true;
}
/** The key of a case's figures in results.json (a shape other than the case's default is kept apart). */
const resultKey = (c: BenchCase) =>
  kubeSystemOf(c) === (c.kubeSystem?.on ?? true)
    ? c.name
    : `${c.name}:${kubeSystemOf(c) ? 'kube-system' : 'bare'}`;

/** One measured figure: its value, how it is printed, and its target if it has one. */
interface Figure {
  label: string;
  value: number;
  unit: string;
  digits?: number;
  /** `≤ 60 s`: met when value <= limit; `≥ 680`: met when value >= limit. */
  target?: { op: '<=' | '>='; limit: number };
  /** A figure only worth printing (cluster build time), not kept. */
  transient?: boolean;
}

function fmt(v: number, digits = 0): string {
  return v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `label: value unit   target ≤ 60 s: met   previous 71.2 s`. */
function printFigures(c: BenchCase, notes: string[], figures: Figure[]): void {
  const previous = readResults()[resultKey(c)];
  const shape = kubeSystemOf(c)
    ? 'with kube-system'
    : 'bare control plane: kubelets, scheduler, controllers, no kube-system';
  const lines = [`kubeglass engine benchmark — ${c.title} (${shape})`];
  for (const f of figures) {
    let line = `  ${(f.label + ':').padEnd(34)}${fmt(f.value, f.digits)}${f.unit ? ' ' + f.unit : ''}`;
    if (f.target) {
      const met = f.target.op === '<=' ? f.value <= f.target.limit : f.value >= f.target.limit;
      line =
        line.padEnd(60) +
        `  target ${f.target.op === '<=' ? '≤' : '≥'} ${fmt(f.target.limit)}: ${met ? 'met' : 'MISSED'}`;
    }
    const before = previous?.figures[f.label];
    if (!f.transient)
      line = line.padEnd(92) + `  previous ${before === undefined ? '—' : fmt(before, f.digits)}`;
    lines.push(line);
  }
  lines.push(...notes.map((n) => `  ${n}`));
  const load = loadavg()[0];
  lines.push(
    `  machine: ${cpus().length} cores, load average ${load.toFixed(1)}` +
      (previous
        ? ` (previous run: ${previous.date}, load average ${previous.loadAverage ?? 'not recorded'})`
        : ''),
  );
  console.log(lines.join('\n'));
  if (process.env.BENCH_NO_SAVE) return;
  saveResult(
    resultKey(c),
    Object.fromEntries(
      figures
        .filter((f) => !f.transient)
        .map((f) => [f.label, Number(f.value.toFixed(f.digits ?? 0))]),
    ),
  );
}
const MiB = 1024 * 1024;

/** CPU time of this process so far (on a busy machine its wall time says less). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function heapMiB(): number {
  return process.memoryUsage().heapUsed / MiB;
}

const container = (i: number) => ({
  name: 'app',
  image: i % 2 ? 'nginx:1.27' : 'busybox:1.36',
  command: i % 2 ? undefined : ['sleep', '3600'],
  resources: { requests: { cpu: '50m', memory: '64Mi' } },
});

function requests(c: BenchCase): ApiRequest[] {
  const out: ApiRequest[] = [];
  for (let i = 0; i < (c.pods ?? 0); i++) {
    out.push({
      verb: 'create',
      resource: 'pods',
      namespace: 'default',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}` },
        spec: { containers: [container(i)] },
      },
    });
  }
  for (let d = 0; d < (c.deployments?.count ?? 0); d++) {
    const labels = { app: `app-${d}` };
    out.push({
      verb: 'create',
      resource: 'deployments',
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app-${d}` },
        spec: {
          replicas: c.deployments!.replicas,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [container(d)] } },
        },
      },
    });
  }
  return out;
}

/** Run one case in this process and print its figures. */
function runCase(c: BenchCase): boolean {
  const total = c.pods ?? c.deployments!.count * c.deployments!.replicas;
  let peak = heapMiB();
  const t0 = performance.now();
  const cluster = new Cluster({
    workers: c.workers,
    cpu: '8',
    memory: '32Gi',
    seed: 1,
    kubeSystem: kubeSystemOf(c),
  });
  // Progress every PROGRESS_S of wall time, so a slow run shows where it is. The clock's step is
  // wrapped here (the bench's own instrument, not the engine's): every 4,096 steps it reads the
  // wall clock. Nodes and pods are counted from etcd's own watch, which traces nothing.
  const progress = { phase: 'set-up', nodes: 0, bound: 0, running: 0, created: 0 };
  const seenNodes = new Set<string>();
  cluster.etcdStore.watch('/registry/minions/', cluster.etcdStore.revision, (evs) => {
    for (const ev of evs) if (ev.type === 'PUT') seenNodes.add(ev.kv.key);
    progress.nodes = seenNodes.size;
  });
  let lastReport = t0;
  const step = cluster.clock.step.bind(cluster.clock);
  let tick = 0;
  cluster.clock.step = () => {
    if ((++tick & 4095) === 0) {
      const now = performance.now();
      if (PROGRESS_S > 0 && now - lastReport >= PROGRESS_S * 1000) {
        lastReport = now;
        const heap = heapMiB();
        peak = Math.max(peak, heap);
        console.log(
          `  … ${((now - t0) / 1000).toFixed(0)} s wall (CPU ${cpuSeconds().toFixed(0)} s), ` +
            `${progress.phase}: virtual ` +
            `${(cluster.clock.now / 1000).toFixed(1)} s, nodes ${fmt(progress.nodes)}, pods ` +
            `created ${fmt(progress.created)} bound ${fmt(progress.bound)} Running ` +
            `${fmt(progress.running)}, events ${fmt(cluster.clock.executed)}, heap ${fmt(heap)} MiB`,
        );
      }
    }
    return step();
  };
  const tConstructed = performance.now();
  cluster.start();
  const tBuilt = performance.now();
  progress.phase = 'pods';
  peak = Math.max(peak, heapMiB());
  const eventsBefore = cluster.clock.executed;
  const setupEvents = eventsBefore;
  const sentBefore = cluster.net.sent;
  const virtualStart = cluster.clock.now;

  // Count the benchmark's pods (namespace default) as the API server's watch cache decodes them
  // (a watcher of the cache itself, as Cluster.observeObjects is: no component, no trace, no
  // state of its own): a pod is scheduled when its object first has a spec.nodeName, Running
  // when its phase first is. (Not by searching etcd's JSON: that would make V8 copy each stored
  // revision into one flat string, which the engine avoids.)
  const bound = new Set<string>();
  const running = new Set<string>();
  let tLastBound = 0;
  let vLastBound = 0;
  cluster.api.cache.add({
    prefix: '/registry/pods/default/',
    fromRevision: cluster.etcdStore.revision,
    send: (ev) => {
      const pod = ev.object as Pod;
      const name = pod.metadata!.name!;
      if (ev.type === 'DELETED') return;
      if (ev.type === 'ADDED') progress.created++;
      if (pod.spec?.nodeName && !bound.has(name)) {
        bound.add(name);
        tLastBound = performance.now();
        vLastBound = cluster.clock.now;
      }
      if (pod.status?.phase === 'Running') running.add(name);
      progress.bound = bound.size;
      progress.running = running.size;
    },
  });

  const tApply = performance.now();
  const cpuApply = process.cpuUsage();
  for (const req of requests(c)) cluster.request(req, () => {});
  let steps = 0;
  let timedOut = false;
  const virtualEnd = virtualStart + (c.virtualS ?? 6 * 3600) * 1000;
  const done = () =>
    c.virtualS !== undefined ? cluster.clock.now >= virtualEnd : running.size >= total;
  while (!done()) {
    const next = cluster.clock.peek();
    if (next === undefined || next > virtualEnd) break;
    cluster.clock.step();
    if (++steps % 20000 === 0) {
      peak = Math.max(peak, heapMiB());
      if ((performance.now() - tApply) / 1000 > MAX_WALL_S) {
        timedOut = true;
        break;
      }
    }
  }
  const tDone = performance.now();
  const cpu = process.cpuUsage(cpuApply);
  peak = Math.max(peak, heapMiB());
  const events = cluster.clock.executed - eventsBefore;
  const wall = (tDone - tApply) / 1000;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const schedWall = Math.max(1e-9, ((bound.size === total ? tLastBound : tDone) - tApply) / 1000);
  const podsPerSec = bound.size / schedWall;
  const virtual = (cluster.clock.now - virtualStart) / 1000;
  const virtualBound =
    ((bound.size === total ? vLastBound : cluster.clock.now) - virtualStart) / 1000;
  const big = c.workers >= 5000;
  const minute = c.virtualS !== undefined;
  const stopped = timedOut ? ` (stopped at BENCH_MAX_WALL_S=${MAX_WALL_S})` : '';
  const figures: Figure[] = [
    {
      label: 'set-up: build the components',
      value: (tConstructed - t0) / 1000,
      unit: 's wall',
      digits: 2,
      transient: true,
    },
    {
      label: 'set-up: bootstrap (nodes join)',
      value: (tBuilt - tConstructed) / 1000,
      unit: `s wall, ${fmt(setupEvents)} events, to virtual ${fmt(virtualStart / 1000, 1)} s`,
      digits: 2,
      transient: true,
    },
    {
      label: 'pods created',
      value: cluster.etcdStore.range('/registry/pods/default/').kvs.length,
      unit: `of ${total}`,
    },
    { label: 'pods scheduled (bound)', value: bound.size, unit: `of ${total}` },
    { label: 'pods Running', value: running.size, unit: `of ${total}` },
    minute
      ? {
          label: `wall-clock for ${c.virtualS} virtual s`,
          value: wall,
          unit: 's' + stopped,
          digits: 1,
          target: { op: '<=', limit: c.virtualS! },
        }
      : { label: 'wall-clock until all Running', value: wall, unit: 's' + stopped, digits: 1 },
    {
      label: 'CPU time of this process',
      value: cpuS,
      unit: 's (wall is longer on a busy machine)',
      digits: 1,
      // The wall target as this process's own time: what a quiet machine's wall time would be.
      ...(minute ? { target: { op: '<=' as const, limit: c.virtualS! } } : {}),
    },
    { label: 'virtual time', value: virtual, unit: 's', digits: 1 },
    {
      label: 'pods scheduled per second (wall)',
      value: podsPerSec,
      unit: big ? 'pods/s (kube-scheduler CI minimum at 5000 nodes: 680–810)' : 'pods/s',
      ...(big ? { target: { op: '>=' as const, limit: 680 } } : {}),
    },
    { label: 'simulated events', value: events, unit: '' },
    { label: 'simulated events per wall second', value: events / wall, unit: 'events/s' },
    { label: 'messages (trace events)', value: cluster.net.sent - sentBefore, unit: '' },
    {
      label: 'peak heap',
      value: peak,
      unit: 'MiB',
      ...(big ? { target: { op: '<=' as const, limit: 2048 } } : {}),
    },
  ];
  const notes: string[] = [];
  if (!kubeSystemOf(c) && c.kubeSystem && !process.env.BENCH_KUBE_SYSTEM)
    notes.push(c.kubeSystem.why);
  if (big) {
    const whole = (tDone - t0) / 1000;
    const finished = running.size === total;
    figures.push({
      label: 'whole run (build + all Running)',
      value: whole,
      unit: 's' + (finished ? '' : ' (unfinished)'),
      target: { op: '<=', limit: 220 },
    });
    if (!finished) figures.at(-1)!.value = Math.max(whole, 220.001);
    const vsReal =
      podsPerSec >= 810
        ? 'faster than'
        : podsPerSec >= 680
          ? 'within'
          : `${(680 / Math.max(podsPerSec, 1e-9)).toFixed(1)}× slower than`;
    notes.push(
      `vs real kube-scheduler: ${Math.round(podsPerSec)} pods/s (wall) is ${vsReal} its CI minimum ` +
        `of 680–810 pods/s at 5000 nodes (virtual: ${Math.round(bound.size / Math.max(virtualBound, 1e-9))} pods/s)`,
    );
  }
  printFigures(c, notes, figures);
  // A case stopped at its time limit has printed its figures and what it misses: a result, not
  // a failure. Only a case that ran out of events with pods not Running failed.
  return minute || running.size === total || timedOut;
}

function selectedCases(): string[] {
  if (process.env.BENCH_WORKERS || process.env.BENCH_PODS || process.env.BENCH_DEPLOYMENTS)
    return ['custom'];
  if (process.env.BENCH_CASES) return process.env.BENCH_CASES.split(',').map((s) => s.trim());
  return process.env.BENCH_QUICK
    ? ['pods1k', 'pods3k']
    : ['pods1k', 'pods3k', 'deploy100k', 'deploy150k'];
}

function caseNamed(name: string): BenchCase {
  if (name === 'custom') {
    const virtual = process.env.BENCH_VIRTUAL_S;
    return { ...customCase(), ...(virtual ? { virtualS: Number(virtual) } : {}) };
  }
  const c = CASES[name];
  if (!c) throw new Error(`unknown bench case "${name}" (${Object.keys(CASES).join(', ')})`);
  return c;
}

/** The case BENCH_WORKERS with BENCH_PODS or BENCH_DEPLOYMENTS describe. */
function customCase(): BenchCase {
  const name = 'custom';
  const workers = Number(process.env.BENCH_WORKERS ?? 100);
  const deployments = process.env.BENCH_DEPLOYMENTS?.split('x').map(Number);
  if (deployments)
    return {
      name,
      workers,
      deployments: { count: deployments[0], replicas: deployments[1] },
      title: `${workers} workers, ${deployments[0]} Deployments × ${deployments[1]} replicas`,
    };
  const pods = Number(process.env.BENCH_PODS ?? 1000);
  return {
    name,
    workers,
    pods,
    title: `${workers} workers, ${pods} single-container pods applied at once`,
  };
}

const only = process.env.BENCH_CASE;
if (only) {
  if (!runCase(caseNamed(only))) process.exitCode = 1;
} else {
  // Each case in a fresh process, so one case's heap does not weigh on the next.
  const names = selectedCases();
  for (const name of names) caseNamed(name);
  const self = fileURLToPath(import.meta.url);
  const bundle = await bundleForNode(self);
  const argv = bundle ? [...nodeOptionsWithoutTsx(), bundle] : [...process.execArgv, self];
  for (const name of names) {
    const r = spawnSync(process.execPath, argv, {
      // The bundle lives in a temporary folder: results.json is found from here.
      env: { ...process.env, BENCH_CASE: name, BENCH_RESULTS: RESULTS_FILE },
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exitCode = 1;
  }
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
}
