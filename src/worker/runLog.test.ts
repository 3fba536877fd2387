import { describe, it, expect } from 'vitest';
import type { ResultMessage } from '../protocol';
import { DEPLOYMENT, hostHarness } from './testing/hostHarness';

const harness = hostHarness;

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
