import { describe, it, expect } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol';
import type {
  BatchMessage,
  RequestMessage,
  ResultMessage,
  RunLog,
  UiCommand,
  WorkerToUi,
} from '../protocol';
import { Host } from './host';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

/** A Host on a fake wall clock, and the run log as the bridge keeps it from what it posts. */
function harness() {
  const posted: WorkerToUi[] = [];
  let wall = 0;
  let pending: (() => void) | undefined;
  const host = new Host(
    (m) => posted.push(m),
    (fn) => {
      pending = fn;
    },
    () => wall,
  );
  const send = (m: UiCommand) => host.receive({ ...m, v: PROTOCOL_VERSION });
  let nextId = 1;
  const request = <M extends RequestMessage>(op: M['op'], args: M['args']) => {
    const requestId = nextId++;
    send({ type: 'request', op, requestId, args } as RequestMessage);
    return requestId;
  };
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += 16) {
      wall += 16;
      const tick = pending;
      pending = undefined;
      tick?.();
    }
  };
  const log = (): RunLog => {
    const snapshot = posted.findLast((m) => m.type === 'snapshot');
    if (snapshot?.type !== 'snapshot') throw new Error('no snapshot');
    const batches = posted
      .slice(posted.indexOf(snapshot))
      .filter((m): m is BatchMessage => m.type === 'batch');
    return {
      shape: snapshot.shape,
      actions: [...snapshot.actions, ...batches.flatMap((b) => b.actions ?? [])],
      until: batches.at(-1)?.simTime ?? snapshot.simTime,
    };
  };
  return { host, posted, send, request, run, log };
}

/** Every stored object, as JSON: byte-for-byte what a replay must give back. */
const stored = (h: ReturnType<typeof harness>) =>
  h.host.cluster.etcdStore.range('/registry/').kvs.map((kv) => [kv.key, kv.modRevision, kv.value]);

describe('run log', () => {
  it('replays to the same objects, byte for byte, at the same revision', () => {
    const a = harness();
    a.send({ type: 'reset', shape: { workers: 2, cpu: '4', memory: '8Gi', seed: 'replay' } });
    a.send({ type: 'control', action: 'speed', speed: 16 });
    a.request('apply', { manifest: DEPLOYMENT });
    a.run(3_000);
    a.request('kubectl', { command: 'kubectl scale deployment web --replicas=5' });
    const watch = a.request('kubectl', { command: 'kubectl get pods -w' });
    a.run(2_000);
    a.send({ type: 'cancel', requestId: watch });
    a.send({ type: 'control', action: 'pause' });
    a.send({ type: 'control', action: 'step' });
    a.send({ type: 'control', action: 'step' });
    a.request('fault', { fault: { stop: 'kubelet', node: 'worker-2' } });
    a.request('traffic', { service: 'default/kubernetes', count: 3 });
    a.send({ type: 'control', action: 'advance', ms: 60_000, instant: true });
    a.request('kubectl', { command: 'kubectl run solo --image=busybox -- sleep 3600' });
    a.send({ type: 'control', action: 'play' });
    a.run(2_000);
    const log = a.log();
    expect(log.actions.map((x) => (x.type === 'request' ? x.op : x.type))).toEqual([
      'control',
      'apply',
      'kubectl',
      'kubectl',
      'cancel',
      'control',
      'control',
      'control',
      'fault',
      'traffic',
      'control',
      'kubectl',
      'control',
    ]);
    expect(log.until).toBe(a.host.cluster.clock.now);

    const b = harness();
    b.send({ type: 'restore', log });
    expect(b.host.cluster.clock.now).toBe(log.until);
    expect(stored(b)).toEqual(stored(a));
    expect(b.host.cluster.etcdStore.revision).toBe(a.host.cluster.etcdStore.revision);
    // The restored run is paused, shown in one snapshot, and keeps its log for the next restart.
    const snapshot = b.posted.findLast((m) => m.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.playback.playing).toBe(false);
    expect(snapshot?.type === 'snapshot' && snapshot.actions).toEqual(log.actions);
    expect(b.posted.some((m) => m.type === 'result' || m.type === 'output')).toBe(false);
  });

  it('keeps the simulation running when a manifest makes the parser give up', () => {
    const h = harness();
    // The billion laughs: each key nine times the one before.
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n';
    bomb += '  a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 1; i <= 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb += `  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    }
    const id = h.request('apply', { manifest: bomb });
    const result = h.posted.find(
      (m): m is ResultMessage => m.type === 'result' && m.requestId === id,
    );
    expect(result?.result).toMatchObject({
      ok: false,
      documents: [{ index: 0, ok: false, message: expect.stringMatching(/^error: .*alias/) }],
    });
    expect(h.posted.some((m) => m.type === 'fatal')).toBe(false);
    const ok = h.request('apply', { manifest: DEPLOYMENT });
    h.send({ type: 'control', action: 'speed', speed: 16 });
    h.run(2_000);
    expect(h.posted.some((m) => m.type === 'result' && m.requestId === ok)).toBe(true);
  });
});
