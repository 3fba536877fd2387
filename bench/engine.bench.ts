/**
 * Engine at scale: 100 workers, 1,000 single-container pods applied at once. Prints the wall-clock
 * time until all are Running, simulated events per second, messages, and peak heap.
 * Run: npm run bench   (targets are reported here, never asserted in tests)
 */
import { Cluster } from '../src/engine/cluster';
import type { Pod } from '../src/engine/api/types';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 100);
const PODS = Number(process.env.BENCH_PODS ?? 1000);

function heapMiB(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

let peak = heapMiB();
const t0 = performance.now();
const cluster = new Cluster({ workers: WORKERS, cpu: '8', memory: '32Gi', seed: 1 }).start();
const tBuilt = performance.now();
const eventsBefore = cluster.clock.executed;
const sentBefore = cluster.net.sent;
const virtualStart = cluster.clock.now;

let running = 0;
const runningPods = new Set<string>();
cluster.etcdStore.watch('/registry/pods/', cluster.etcdStore.revision, (evs) => {
  for (const ev of evs) {
    if (ev.type !== 'PUT') continue;
    const pod = JSON.parse(ev.kv.value) as Pod;
    if (pod.status?.phase === 'Running' && !runningPods.has(ev.kv.key)) {
      runningPods.add(ev.kv.key);
      running++;
    }
  }
});

const tApply = performance.now();
for (let i = 0; i < PODS; i++) {
  cluster.request(
    {
      verb: 'create',
      resource: 'pods',
      namespace: 'default',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}` },
        spec: {
          containers: [
            {
              name: 'app',
              image: i % 2 ? 'nginx:1.27' : 'busybox:1.36',
              command: i % 2 ? undefined : ['sleep', '3600'],
              resources: { requests: { cpu: '50m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
    () => {},
  );
}
let steps = 0;
while (running < PODS) {
  if (!cluster.clock.step()) break;
  if (++steps % 20000 === 0) peak = Math.max(peak, heapMiB());
  if (cluster.clock.now - virtualStart > 30 * 60_000) break;
}
const tDone = performance.now();
peak = Math.max(peak, heapMiB());
const events = cluster.clock.executed - eventsBefore;
const wall = (tDone - tApply) / 1000;

const lines = [
  `kubeglass engine benchmark — ${WORKERS} workers, ${PODS} single-container pods applied at once`,
  `  cluster build + bootstrap:        ${((tBuilt - t0) / 1000).toFixed(2)} s wall`,
  `  pods Running:                     ${running}/${PODS}`,
  `  wall-clock until all Running:     ${wall.toFixed(2)} s`,
  `  virtual time until all Running:   ${((cluster.clock.now - virtualStart) / 1000).toFixed(1)} s`,
  `  simulated events:                 ${events} (${Math.round(events / wall)} events/s)`,
  `  messages (trace events):          ${cluster.net.sent - sentBefore}`,
  `  peak heap:                        ${peak.toFixed(0)} MiB`,
];
console.log(lines.join('\n'));
if (running < PODS) process.exitCode = 1;
