import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Cluster } from '../engine/cluster';
import { applyManifest } from '../engine/kubectl/apply';
import { applyFault } from '../engine/scenario/faults';
import { parseScenario } from '../engine/scenario/format';
import { runScenario, storedObjects } from '../engine/scenario/runner';
import { advanceTo } from './runLog';
import type { RunAction, RunMoment } from '../engine/replay/run';
import { runToScenario } from '../engine/replay/scenarioText';
import { firstObjectProblem, manifestProblems } from '../engine/replay/validateObjects';

const SHAPE = { workers: 2, cpu: '4', memory: '8Gi', seed: 11 };

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: main
          image: nginx:1.27
`;

/** What a user does, without its moment: the moment comes from when the straight run does it. */
type Act =
  Extract<RunAction, { op: 'apply' | 'delete' | 'fault' }> extends infer A
    ? A extends RunAction
      ? Omit<A, 'at' | 'executed'>
      : never
    : never;

/** Performs an action the way the worker's host does: sent, not waited for. */
function perform(cluster: Cluster, a: Act | RunAction): void {
  if (a.op === 'fault') {
    try {
      applyFault(cluster, a.fault);
    } catch {
      /* an unknown component: the UI shows the error */
    }
    return;
  }
  const manifest = 'manifest' in a ? a.manifest : '';
  applyManifest(
    manifest,
    'editor.yaml',
    'default',
    (r, cb) => cluster.request(r, cb),
    () => {},
    a.op as 'apply' | 'delete',
  );
}

/** etcd's content and the clock: equal digests mean the same cluster state. */
function digest(cluster: Cluster): string {
  const h = createHash('sha256');
  h.update(`${cluster.clock.now}|${cluster.clock.executed}|${cluster.etcdStore.revision}`);
  for (const kv of cluster.etcdStore.range('/registry/').kvs)
    h.update(`${kv.key}=${kv.modRevision}:${kv.value}\n`);
  return h.digest('hex');
}

const ACTS: Act[] = [
  { op: 'apply', manifest: deployment('web', 3) },
  { op: 'fault', fault: { stop: 'kubelet', node: 'worker-1' } },
  { op: 'apply', manifest: deployment('api', 2) },
  { op: 'fault', fault: { start: 'kubelet', node: 'worker-1' } },
  { op: 'delete', manifest: deployment('web', 3) },
  { op: 'fault', fault: { stop: 'kube-scheduler' } },
  { op: 'apply', manifest: deployment('batch', 2) },
  { op: 'fault', fault: { start: 'kube-scheduler' } },
];

describe('replay from the run log', () => {
  it('gives the same state as the straight run at 50 random moments, faults included', () => {
    fc.assert(
      fc.property(
        // When each action happens (virtual ms after the previous one) and how the straight run
        // is cut into chunks (as the worker's frames cut it, including single steps).
        fc.array(fc.integer({ min: 0, max: 40_000 }), {
          minLength: ACTS.length,
          maxLength: ACTS.length,
        }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })), {
          minLength: 60,
          maxLength: 60,
        }),
        fc.array(fc.integer({ min: 0, max: 59 }), { minLength: 5, maxLength: 5 }),
        (gaps, chunks, probeIdx) => {
          const live = new Cluster(SHAPE).start();
          const log: RunAction[] = [];
          const probes: { moment: RunMoment; digest: string }[] = [];
          let next = 0;
          let due = gaps[0];
          chunks.forEach((chunk, i) => {
            // chunk 0: one event (step mode); else that many virtual ms (a frame at some speed).
            if (chunk === 0) live.clock.step();
            else live.clock.advance(chunk);
            while (next < ACTS.length && live.clock.now >= due) {
              const moment = { at: live.clock.now, executed: live.clock.executed };
              log.push({ ...ACTS[next], ...moment } as RunAction);
              perform(live, ACTS[next]);
              next++;
              due = live.clock.now + (gaps[next] ?? 0);
            }
            if (probeIdx.includes(i))
              probes.push({
                moment: { at: live.clock.now, executed: live.clock.executed },
                digest: digest(live),
              });
          });
          for (const p of probes) {
            const replayed = new Cluster(SHAPE).start();
            // As the worker restores a run: each action at its point, then on to the moment.
            for (const a of log) {
              if (a.executed > p.moment.executed || a.at > p.moment.at) break;
              advanceTo(replayed.clock, a);
              perform(replayed, a);
            }
            advanceTo(replayed.clock, p.moment);
            expect(digest(replayed)).toBe(p.digest);
          }
        },
      ),
      // 10 runs × 5 probes = 50 random moments.
      { numRuns: 10 },
    );
  });
});

describe('run to scenario', () => {
  it('writes a scenario the headless runner plays to the same pods', () => {
    const live = new Cluster(SHAPE).start();
    const log: RunAction[] = [];
    const act = (a: Act) => {
      log.push({ ...a, at: live.clock.now, executed: live.clock.executed } as RunAction);
      perform(live, a);
    };
    live.clock.advance(3_250.5);
    act(ACTS[0]);
    live.clock.advance(40_000);
    act(ACTS[1]);
    live.clock.advance(90_000);
    const moment = { at: live.clock.now, executed: live.clock.executed };
    const livePods = storedObjects(live)
      .filter((o) => o.kind === 'Pod')
      .map((o) => o.metadata!.name)
      .sort();
    expect(livePods.length).toBeGreaterThanOrEqual(3);

    const text = runToScenario({ shape: SHAPE, actions: log, moment });
    const out = runScenario(parseScenario(text));
    expect(out.ok).toBe(true);
    // The scenario's `kubectl get pods -o wide` lists the default namespace's pods; the system
    // pods (kube-system, local-path-storage) are compared with the rest below.
    const printed = out.lines.join('\n');
    const userPods = storedObjects(live)
      .filter((o) => o.kind === 'Pod' && o.metadata?.namespace === 'default')
      .map((o) => o.metadata!.name!);
    expect(userPods.length).toBeGreaterThanOrEqual(3);
    for (const name of userPods) expect(printed).toContain(name);
    const pods = storedObjects(out.cluster)
      .filter((o) => o.kind === 'Pod')
      .map((o) => o.metadata!.name)
      .sort();
    expect(pods).toEqual(livePods);
  });
});

describe('objects from a link', () => {
  it('refuses a hostile name with the API server message', () => {
    const hostile = deployment('web', 1).replace(
      'name: web\n',
      'name: "<img src=x onerror=alert(1)>"\n',
    );
    const problems = manifestProblems(hostile);
    expect(problems[0]).toContain('metadata.name: Invalid value: "<img src=x onerror=alert(1)>"');
    expect(firstObjectProblem([{ at: 0, executed: 0, op: 'apply', manifest: hostile }])).toMatch(
      /^action 1 \(apply\) document 1: Deployment/,
    );
  });

  it('accepts valid manifests and names a YAML error by line', () => {
    expect(manifestProblems(deployment('web', 2))).toEqual([]);
    expect(manifestProblems('kind: Pod\nmetadata:\n  name: [oops\n')[0]).toMatch(
      /^document 1, line \d/,
    );
  });
});
