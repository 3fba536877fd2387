/**
 * The engine at scale, headless, through the real components (API server, etcd, scheduler
 * plugins, controllers, kubelets). Cases, each in its own process:
 *  - `pods1k`:  100 workers, 1,000 single-container pods applied at once (the first benchmark);
 *  - `pods3k`:  100 workers, 3,000 single-container pods applied at once;
 *  - `deploy150k`: 5,000 workers, 1,500 Deployments × 100 replicas (150,000 pods) — the upstream
 *    scalability limits. Stopped after BENCH_MAX_WALL_S (300 s by default): it does not finish
 *    in minutes on a 2-core machine, so it prints how far it got and the targets it misses. A scheduling cycle
 *    costs 1.25 virtual ms at 5,000 nodes (scheduler/algorithm.ts cycleDurationMs, from
 *    scheduler_perf's thresholds), so binding 150,000 pods takes about 190 s of virtual time;
 *    but every pod still costs about 100 simulated events (API requests, etcd, watches, the
 *    kubelet's CRI calls and status writes) and every cycle filters and scores 500 nodes with
 *    the real plugins, and a pod holds ~60 KB of heap (etcd's current and past JSON, the
 *    decoded object, kubelet and containerd state, its Events).
 * Each prints the wall-clock and CPU time until all pods are Running, the virtual time, pods
 * scheduled (bound) per second of wall time, simulated events per second and peak heap, beside
 * the targets (issue 4 item 7) and the real kube-scheduler's CI minimum. Targets are reported
 * here, never asserted in tests.
 *
 * Run: npm run bench
 *      BENCH_CASES=pods1k,pods3k,deploy150k   which cases, in order
 *      BENCH_QUICK=1                          only the 1k and 3k cases
 *      BENCH_MAX_WALL_S=600                   stop a case after this much wall time (default 300)
 *      BENCH_WORKERS=N BENCH_PODS=M           a custom pods case (`custom`)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Cluster } from '../src/engine/cluster';
import type { ApiRequest } from '../src/engine/apiserver/types';

interface BenchCase {
  name: string;
  workers: number;
  /** Pods applied at once, or Deployments × replicas. */
  pods?: number;
  deployments?: { count: number; replicas: number };
  title: string;
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
  deploy150k: {
    name: 'deploy150k',
    workers: 5000,
    deployments: { count: 1500, replicas: 100 },
    title: '5000 workers, 1500 Deployments × 100 replicas (150000 pods)',
  },
};

const MAX_WALL_S = Number(process.env.BENCH_MAX_WALL_S ?? 300);
const MiB = 1024 * 1024;

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
  const cluster = new Cluster({ workers: c.workers, cpu: '8', memory: '32Gi', seed: 1 }).start();
  const tBuilt = performance.now();
  peak = Math.max(peak, heapMiB());
  const eventsBefore = cluster.clock.executed;
  const sentBefore = cluster.net.sent;
  const virtualStart = cluster.clock.now;

  // Count from etcd's own watch (not a component): a pod is scheduled when its stored JSON first
  // has a spec.nodeName, Running when its phase first is Running.
  const bound = new Set<string>();
  const running = new Set<string>();
  let tLastBound = 0;
  let vLastBound = 0;
  cluster.etcdStore.watch('/registry/pods/', cluster.etcdStore.revision, (evs) => {
    for (const ev of evs) {
      if (ev.type !== 'PUT') continue;
      const v = ev.kv.value;
      if (!bound.has(ev.kv.key) && v.includes('"nodeName":')) {
        bound.add(ev.kv.key);
        tLastBound = performance.now();
        vLastBound = cluster.clock.now;
      }
      if (!running.has(ev.kv.key) && v.includes('"phase":"Running"')) running.add(ev.kv.key);
    }
  });

  const tApply = performance.now();
  const cpuApply = process.cpuUsage();
  for (const req of requests(c)) cluster.request(req, () => {});
  let steps = 0;
  let timedOut = false;
  while (running.size < total) {
    if (!cluster.clock.step()) break;
    if (++steps % 20000 === 0) {
      peak = Math.max(peak, heapMiB());
      if ((performance.now() - tApply) / 1000 > MAX_WALL_S) {
        timedOut = true;
        break;
      }
    }
    if (cluster.clock.now - virtualStart > 6 * 3600_000) break;
  }
  const tDone = performance.now();
  const cpu = process.cpuUsage(cpuApply);
  peak = Math.max(peak, heapMiB());
  const events = cluster.clock.executed - eventsBefore;
  const wall = (tDone - tApply) / 1000;
  const schedWall = Math.max(1e-9, ((bound.size === total ? tLastBound : tDone) - tApply) / 1000);
  const podsPerSec = bound.size / schedWall;
  const virtual = (cluster.clock.now - virtualStart) / 1000;
  const virtualBound =
    ((bound.size === total ? vLastBound : cluster.clock.now) - virtualStart) / 1000;
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const big = c.workers >= 5000;
  const lines = [
    `kubeglass engine benchmark — ${c.title}`,
    `  cluster build + bootstrap:        ${((tBuilt - t0) / 1000).toFixed(2)} s wall`,
    `  pods scheduled (bound):           ${bound.size}/${total}`,
    `  pods Running:                     ${running.size}/${total}`,
    `  wall-clock until all Running:     ${wall.toFixed(2)} s${timedOut ? ` (stopped at BENCH_MAX_WALL_S=${MAX_WALL_S})` : ''}`,
    `  virtual time until all Running:   ${virtual.toFixed(1)} s`,
    `  CPU time of this process:         ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (wall can be longer on a busy machine)`,
    `  pods scheduled per second (wall): ${Math.round(podsPerSec)}` +
      (big ? '   (kube-scheduler CI minimum at 5000 nodes: 680–810 pods/s)' : ''),
    `  simulated events:                 ${events} (${Math.round(events / wall)} events/s)`,
    `  messages (trace events):          ${cluster.net.sent - sentBefore}`,
    `  peak heap:                        ${peak.toFixed(0)} MiB`,
  ];
  if (big) {
    const whole = (tDone - t0) / 1000;
    const done = running.size === total;
    const vsReal =
      podsPerSec >= 810
        ? 'faster than'
        : podsPerSec >= 680
          ? 'within'
          : `${(680 / Math.max(podsPerSec, 1e-9)).toFixed(1)}× slower than`;
    lines.push(
      `  vs real kube-scheduler:           ${Math.round(podsPerSec)} pods/s (wall) is ${vsReal} its CI minimum ` +
        `of 680–810 pods/s at 5000 nodes (virtual: ${Math.round(bound.size / Math.max(virtualBound, 1e-9))} pods/s)`,
      `  targets (2-core machine):         ≥ 5000 pods/s: ${Math.round(podsPerSec)} (${mark(podsPerSec >= 5000)}); ` +
        `whole run ≤ 60 s: ${whole.toFixed(0)} s${done ? '' : ' (unfinished)'} (${mark(whole <= 60 && done)}); ` +
        `peak heap ≤ 2 GB: ${(peak / 1024).toFixed(2)} GiB (${mark(peak <= 2048)})`,
    );
  }
  console.log(lines.join('\n'));
  // A case stopped at its time limit has printed its figures and what it misses: a result, not
  // a failure. Only a case that ran out of events with pods not Running failed.
  return running.size === total || timedOut;
}

function selectedCases(): string[] {
  if (process.env.BENCH_WORKERS || process.env.BENCH_PODS) return ['custom'];
  if (process.env.BENCH_CASES) return process.env.BENCH_CASES.split(',').map((s) => s.trim());
  return process.env.BENCH_QUICK ? ['pods1k', 'pods3k'] : ['pods1k', 'pods3k', 'deploy150k'];
}

function caseNamed(name: string): BenchCase {
  if (name === 'custom') {
    const workers = Number(process.env.BENCH_WORKERS ?? 100);
    const pods = Number(process.env.BENCH_PODS ?? 1000);
    return {
      name,
      workers,
      pods,
      title: `${workers} workers, ${pods} single-container pods applied at once`,
    };
  }
  const c = CASES[name];
  if (!c) throw new Error(`unknown bench case "${name}" (${Object.keys(CASES).join(', ')})`);
  return c;
}

const only = process.env.BENCH_CASE;
if (only) {
  if (!runCase(caseNamed(only))) process.exitCode = 1;
} else {
  // Each case in a fresh process, so one case's heap does not weigh on the next.
  const names = selectedCases();
  for (const name of names) caseNamed(name);
  const self = fileURLToPath(import.meta.url);
  for (const name of names) {
    const r = spawnSync(process.execPath, [...process.execArgv, self], {
      env: { ...process.env, BENCH_CASE: name },
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exitCode = 1;
  }
}
