/**
 * Hash the full trace and the final etcd contents of a few scenarios, so a change to a hot path
 * of the engine can be shown to leave what the simulation does unchanged: run it before and after
 * and compare the lines (`npx tsx scripts/trace-hash.ts > before.txt`). The scenarios cover what
 * the benchmarks exercise at small scale: bare pods, Deployments with kube-system (DaemonSet pods
 * on every node), scaling and deleting, and ten virtual minutes of an idle cluster (Leases, node
 * status reports, compaction, resyncs).
 *
 * Run: npx tsx scripts/trace-hash.ts           every scenario
 *      TRACE_HASH=deploy npx tsx scripts/trace-hash.ts   one of them
 */
import '../src/engine/onDemandNow';
import { Cluster } from '../src/engine/cluster';
import type { ApiRequest } from '../src/engine/apiserver/types';

/** FNV-1a over a string, continuing from `h`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

interface Scenario {
  workers: number;
  kubeSystem: boolean;
  seed: number;
  run: (c: Cluster, send: (req: ApiRequest) => void) => void;
}

const pod = (name: string, i: number): ApiRequest => ({
  verb: 'create',
  resource: 'pods',
  namespace: 'default',
  body: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
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
});

const deployment = (name: string, replicas: number): ApiRequest => ({
  verb: 'create',
  resource: 'deployments',
  namespace: 'default',
  body: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    },
  },
});

const SCENARIOS: Record<string, Scenario> = {
  pods: {
    workers: 20,
    kubeSystem: false,
    seed: 1,
    run: (c, send) => {
      for (let i = 0; i < 200; i++) send(pod(`pod-${i}`, i));
      c.clock.advance(30_000);
    },
  },
  deploy: {
    workers: 12,
    kubeSystem: true,
    seed: 7,
    run: (c, send) => {
      for (let d = 0; d < 6; d++) send(deployment(`app-${d}`, 10));
      c.clock.advance(40_000);
      send({
        verb: 'patch',
        resource: 'deployments',
        namespace: 'default',
        name: 'app-1',
        patchType: 'merge',
        body: { spec: { replicas: 3 } },
      });
      send({ verb: 'delete', resource: 'deployments', namespace: 'default', name: 'app-2' });
      send({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'nope' });
      c.clock.advance(60_000);
    },
  },
  idle: {
    workers: 5,
    kubeSystem: true,
    seed: 3,
    run: (c, send) => {
      send(deployment('web', 4));
      c.clock.advance(10 * 60_000);
    },
  },
};

for (const [name, s] of Object.entries(SCENARIOS)) {
  if (process.env.TRACE_HASH && process.env.TRACE_HASH !== name) continue;
  const cluster = new Cluster({
    workers: s.workers,
    cpu: '8',
    memory: '32Gi',
    seed: s.seed,
    kubeSystem: s.kubeSystem,
  });
  let h = 0x811c9dc5;
  let count = 0;
  cluster.onTrace((e) => {
    h = fnv(h, JSON.stringify(e));
    count++;
  });
  cluster.start();
  let responses = 0x811c9dc5;
  s.run(cluster, (req) =>
    cluster.request(req, (r) => (responses = fnv(responses, JSON.stringify(r)))),
  );
  let store = 0x811c9dc5;
  for (const kv of cluster.etcdStore.range('/').kvs)
    store = fnv(store, `${kv.key}\n${kv.value}\n${kv.createRevision}/${kv.modRevision}`);
  console.log(
    `${name}: trace ${h.toString(16)} (${count} events, ${cluster.clock.executed} callbacks), ` +
      `responses ${responses.toString(16)}, etcd ${store.toString(16)} at revision ` +
      `${cluster.etcdStore.revision}`,
  );
}
