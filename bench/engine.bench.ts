/**
 * The engine at scale, headless, through the real components (API server, etcd, scheduler
 * plugins, controllers, kubelets). Cases, each in its own process:
 *  - `pods1k`:  100 workers, 1,000 single-container pods applied at once (the first benchmark);
 *  - `pods3k`:  100 workers, 3,000 single-container pods applied at once;
 *  - `deploy100k`: 3 workers, one Deployment of 100,000 replicas (issue 15 item 3): one virtual
 *    minute of a cluster with 100,000 pods that do not fit (the ReplicaSet controller creating
 *    them in bursts of 500, the scheduler trying each and putting it back) within 60 s of wall time;
 *  - `deploy150k`: 5,000 workers, 1,500 Deployments × 100 replicas (150,000 pods) — the upstream
 *    scalability limits, run until every pod is Running (about 100 s of wall time in Chromium
 *    and 120 s in Node on a 2-core machine) and stopped after BENCH_MAX_WALL_S (220 s by
 *    default, its target) if it is not.
 *    A scheduling cycle costs 1.25 virtual ms at 5,000 nodes (scheduler/algorithm.ts
 *    cycleDurationMs, from scheduler_perf's thresholds), so binding 150,000 pods takes about
 *    218 s of virtual time: the engine must simulate faster than real time. Every pod still
 *    costs about 100 simulated events (API requests, etcd, watches, the kubelet's CRI calls and
 *    status writes), every cycle filters and scores 500 nodes with the real plugins, and a
 *    Running pod holds ~9.5 KB of live heap in Node, ~6.5 KiB in Chromium (etcd's revisions of it
 *    and its Events, the kubelet's and the runtime's state, the event recorders' caches, the
 *    informers' and watch cache's).
 *  - `<case>:browser` (`deploy150k:browser` follows `deploy150k` in the full run): the same case
 *    in headless Chromium, where users run the engine (bench/engine.browser.ts). Chrome's V8
 *    compresses pointers (4-byte tagged fields; Node's official builds do not), so the same
 *    cluster holds less heap in the page. Kept in results.json as `<case>:browser`, printed
 *    beside the Node run's figures, with the live heap after a full GC at the end.
 * Each prints the wall-clock and CPU time until all pods are Running (or until its virtual
 * time), the virtual time, pods scheduled (bound) per second of wall time, simulated events per
 * second and peak heap, each beside its target (issues 4, 15 and 17) and the figure of the
 * previous run, kept in bench/results.json (each run writes its own figures there: commit it
 * with the change it measures). Wall time on a shared machine is noisy: CPU time is printed too.
 * Targets are reported here, never asserted in tests. Each case runs in a process of its own,
 * from an esbuild bundle of this file (bench/bundle.ts): the engine as the page runs it, without
 * the naming wrapper tsx adds to every function. The cases and their runner (bench/engineCase.ts)
 * are free of Node: the browser runs the same code.
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
 *                                             kube-system was on by default; kept in results.json
 *                                             as `<case>:bare`
 *      BENCH_KUBE_SYSTEM=1                    kube-system even in deploy150k (`deploy150k:kube-system`)
 *      BENCH_VIRTUAL_S=20                     a custom case stops after this much virtual time: the
 *                                             same work every run, so its CPU time compares runs on
 *                                             a busy machine
 *      BENCH_CASES=pods1k:browser             a case in headless Chromium (/usr/bin/chromium, or
 *                                             KUBEGLASS_CHROMIUM) instead of Node
 *      BENCH_BROWSER=1                        every selected case in headless Chromium
 *      npx tsx --expose-gc bench/engine.bench.ts   the Node cases print the live heap after a
 *                                             full GC too, as the browser's do
 *
 * The clusters run kube-system as every cluster does (ClusterConfig.kubeSystem): kube-proxy and
 * kindnet on every node, CoreDNS, the static pods — except deploy150k, which runs a bare control
 * plane (kubelets, scheduler, controllers; see its `kubeSystem.why`). Only the benchmark's own pods (namespace
 * `default`) are counted, and events only after the bootstrap, so the figures compare with the
 * runs made before kube-system existed; the system pods weigh on the build and on every watch.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/engine/onDemandNow';
import { bundleForNode, nodeOptionsWithoutTsx } from './bundle';
import { caseNamed, resultKey, runCase, runOptions, titleOf, bytesToMiB } from './engineCase';
import type { Host } from './engineCase';
import { printFigures } from './report';
import { RESULTS_FILE } from './results';

const env = process.env;

/** CPU time of this process so far (on a busy machine its wall time says less). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const nodeHost: Host = {
  heapMiB: () => bytesToMiB(process.memoryUsage().heapUsed),
  cpuSeconds,
  cpuSecondsNow: cpuSeconds,
  // Run with --expose-gc (`npx tsx --expose-gc bench/engine.bench.ts`), the live heap too.
  gc: globalThis.gc,
  log: (line) => console.log(line),
};

function selectedCases(): string[] {
  if (env.BENCH_WORKERS || env.BENCH_PODS || env.BENCH_DEPLOYMENTS) return ['custom'];
  if (env.BENCH_CASES) return env.BENCH_CASES.split(',').map((s) => s.trim());
  return env.BENCH_QUICK
    ? ['pods1k', 'pods3k']
    : ['pods1k', 'pods3k', 'deploy100k', 'deploy150k', 'deploy150k:browser'];
}

const BROWSER_SUFFIX = ':browser';

const only = env.BENCH_CASE;
if (only) {
  const c = caseNamed(only, env);
  const r = await runCase(c, nodeHost, runOptions(c, env));
  printFigures({
    title: titleOf(c, env),
    key: resultKey(c, env),
    notes: r.notes,
    figures: r.figures,
  });
  if (!r.ok) process.exitCode = 1;
} else {
  // Each case in a fresh process, so one case's heap does not weigh on the next; `<case>:browser`
  // (every case with BENCH_BROWSER=1) in headless Chromium, driven by bench/engine.browser.ts.
  const runs = [
    ...new Set(
      selectedCases().map((n) =>
        env.BENCH_BROWSER === '1' && !n.endsWith(BROWSER_SUFFIX) ? n + BROWSER_SUFFIX : n,
      ),
    ),
  ].map((n) => ({
    name: n.endsWith(BROWSER_SUFFIX) ? n.slice(0, -BROWSER_SUFFIX.length) : n,
    browser: n.endsWith(BROWSER_SUFFIX),
  }));
  for (const run of runs) caseNamed(run.name, env);
  const self = fileURLToPath(import.meta.url);
  const bundle = runs.some((r) => !r.browser) ? await bundleForNode(self) : undefined;
  const argv = bundle ? [...nodeOptionsWithoutTsx(), bundle] : [...process.execArgv, self];
  // The browser's driver runs under tsx, as this process does (it bundles the page's script itself).
  const browserArgv = [
    ...process.execArgv,
    fileURLToPath(new URL('./engine.browser.ts', import.meta.url)),
  ];
  for (const run of runs) {
    const r = spawnSync(process.execPath, run.browser ? browserArgv : argv, {
      // The bundle lives in a temporary folder: results.json is found from here.
      env: { ...env, BENCH_CASE: run.name, BENCH_RESULTS: RESULTS_FILE },
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exitCode = 1;
  }
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
}
