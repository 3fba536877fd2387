import { describe, it, expect } from 'vitest';
import type { BatchMessage, ObjectRecord, TraceEvent, UiToWorker, WorkerToUi } from '../protocol';
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

/** A Host driven by a fake wall clock: each `run(ms)` plays that many 16 ms frames. */
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
  const send = (m: UiToWorker) => host.receive(m);
  const run = (ms: number, until?: () => boolean) => {
    for (let t = 0; t < ms; t += 16) {
      wall += 16;
      const tick = pending;
      pending = undefined;
      tick?.();
      if (until?.()) return t + 16;
    }
    return ms;
  };
  const batches = () => posted.filter((m): m is BatchMessage => m.type === 'batch');
  const trace = (): TraceEvent[] => batches().flatMap((b) => b.trace);
  const lastPlayback = () => batches().at(-1)?.playback;
  return { host, send, run, posted, batches, trace, lastPlayback };
}

describe('Host fast-forward', () => {
  it('plays a node failure at fast-forward, handing the UI every message of it', () => {
    const h = harness();
    h.send({ type: 'control', action: 'speed', speed: 16 });
    h.send({ type: 'apply', requestId: 1, manifest: DEPLOYMENT });
    h.run(20_000);
    h.send({ type: 'fault', requestId: 2, fault: { stop: 'kubelet', node: 'worker-2' } });
    const before = h.trace().length;
    h.send({ type: 'control', action: 'advance', ms: 360_000 });
    expect(h.lastPlayback()?.fastForward).toBeDefined();
    // Six virtual minutes in well under two wall minutes, and the fast-forward ends by itself.
    const wall = h.run(120_000, () => h.lastPlayback()?.fastForward === undefined);
    expect(wall).toBeLessThan(60_000);
    expect(h.lastPlayback()?.fastForward).toBeUndefined();

    const story = h
      .trace()
      .slice(before)
      .filter((e) => e.kind === 'request' && e.to === 'kube-apiserver')
      .map((e) => `${e.from} ${e.verb} ${e.resource}`);
    const at = (s: string) => story.indexOf(s);
    // NotReady, then the taint, then the eviction, then a replacement scheduled: all sent on.
    const notReady = at('kube-controller-manager PUT nodes/status');
    const taint = story.findIndex((s) => /^kube-controller-manager (PUT|PATCH) nodes$/.test(s));
    const evict = at('kube-controller-manager DELETE pods');
    const replace = at('kube-controller-manager POST pods');
    const bind = at('kube-scheduler POST pods/binding');
    expect(notReady).toBeGreaterThanOrEqual(0);
    expect(taint).toBeGreaterThan(notReady);
    expect(evict).toBeGreaterThan(taint);
    expect(replace).toBeGreaterThan(evict);
    expect(bind).toBeGreaterThan(replace);
    // Told over many frames, not dumped in one batch.
    const framesWithNews = h
      .batches()
      .filter((b) =>
        b.trace.some((e) => e.kind === 'request' && /^kube-(controller|sched)/.test(e.from)),
      );
    expect(framesWithNews.length).toBeGreaterThan(8);
  });

  it('ends in time on a busy cluster, where drawing every message would take an hour', () => {
    const h = harness();
    h.send({
      type: 'apply',
      requestId: 1,
      manifest: DEPLOYMENT.replace('replicas: 3', 'replicas: 150'),
    });
    h.send({ type: 'control', action: 'advance', ms: 60_000 });
    const start = h.batches().at(-1)!.simTime;
    const wall = h.run(60_000, () => h.lastPlayback()?.fastForward === undefined);
    // One virtual minute: 1 s of quiet time at 60x plus the 8 s of slack for messages.
    expect(wall).toBeLessThanOrEqual(9_100);
    expect(h.batches().at(-1)!.simTime).toBeGreaterThanOrEqual(start + 60_000);
    // The slack was spent drawing messages at the fast-forward's message speed first.
    expect(wall).toBeGreaterThan(8_000);
  });

  it('jumps at once with instant, drawing only the last messages', () => {
    const h = harness();
    h.send({ type: 'apply', requestId: 1, manifest: DEPLOYMENT });
    h.send({ type: 'control', action: 'advance', ms: 3_600_000, instant: true });
    const last = h.batches().at(-1)!;
    expect(last.simTime).toBeGreaterThanOrEqual(3_600_000);
    expect(last.trace.length).toBeLessThanOrEqual(400);
    expect(last.playback?.fastForward).toBeUndefined();
  });

  it('finishes a fast-forward on request, or stops it where it is', () => {
    const h = harness();
    h.send({ type: 'control', action: 'advance', ms: 300_000 });
    h.run(160);
    const started = h.lastPlayback()!.fastForward!;
    h.send({ type: 'control', action: 'advance', ms: 60_000 });
    expect(h.lastPlayback()?.fastForward?.until).toBe(started.until + 60_000);
    h.send({ type: 'control', action: 'stopFastForward' });
    expect(h.lastPlayback()?.fastForward).toBeUndefined();
    const stoppedAt = h.batches().at(-1)!.simTime;
    expect(stoppedAt).toBeLessThan(started.until);

    h.send({ type: 'control', action: 'advance', ms: 300_000 });
    h.send({ type: 'control', action: 'finishFastForward' });
    expect(h.batches().at(-1)!.simTime).toBeGreaterThanOrEqual(stoppedAt + 300_000);
    expect(h.lastPlayback()?.fastForward).toBeUndefined();
  });
});

describe('Host batches', () => {
  it("hands the UI exactly etcd's objects, keys and revisions, from the watch cache's decoded objects", () => {
    const h = harness();
    h.send({ type: 'control', action: 'speed', speed: 16 });
    h.send({ type: 'apply', requestId: 1, manifest: DEPLOYMENT });
    h.run(20_000);
    h.send({ type: 'kubectl', requestId: 2, command: 'kubectl scale deployment web --replicas=1' });
    h.run(30_000);
    const snapshot = h.posted.find((m) => m.type === 'snapshot');
    if (snapshot?.type !== 'snapshot') throw new Error('no snapshot');
    const view = new Map<string, ObjectRecord>();
    for (const r of snapshot.objects) view.set(r.key, r);
    for (const b of h.batches()) {
      for (const r of [...b.diff.added, ...b.diff.updated]) view.set(r.key, r);
      for (const k of b.diff.removed) view.delete(k);
    }
    const etcd = h.host.cluster.etcdStore.range('/registry/').kvs;
    expect([...view.keys()].sort()).toEqual(etcd.map((kv) => kv.key));
    for (const kv of etcd) {
      const r = view.get(kv.key)!;
      expect([r.createRevision, r.modRevision]).toEqual([kv.createRevision, kv.modRevision]);
      expect(r.object.metadata?.resourceVersion).toBe(String(kv.modRevision));
    }
    // Pods came and went: the scale-down's deletions reached the UI as removals.
    expect(
      h.batches().some((b) => b.diff.removed.some((k) => k.startsWith('/registry/pods/'))),
    ).toBe(true);
  });
});
