import { describe, it, expect } from 'vitest';
import type { ObjectRecord } from '../protocol';
import { DEPLOYMENT, hostHarness } from './testing/hostHarness';

const harness = hostHarness;

describe('Host fast-forward', () => {
  it('plays a node failure at fast-forward, handing the UI every message of it', () => {
    const h = harness();
    h.send({ type: 'control', action: 'speed', speed: 16 });
    h.request('apply', { manifest: DEPLOYMENT });
    h.run(20_000);
    h.request('fault', { fault: { stop: 'kubelet', node: 'worker-2' } });
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
    h.request('apply', { manifest: DEPLOYMENT.replace('replicas: 3', 'replicas: 150') });
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
    h.request('apply', { manifest: DEPLOYMENT });
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
    h.request('apply', { manifest: DEPLOYMENT });
    h.run(20_000);
    h.request('kubectl', { command: 'kubectl scale deployment web --replicas=1' });
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

describe('Host requests', () => {
  it('answers each operation with its typed result', () => {
    const h = harness();
    h.send({ type: 'control', action: 'speed', speed: 16 });
    const apply = h.request('apply', { manifest: DEPLOYMENT });
    const bad = h.request('apply', { manifest: 'kind: Deployment\nmetadata: {}\n' });
    const inspect = h.request('inspect', { component: 'kube-scheduler' });
    h.run(2_000);
    expect(h.result(apply)).toMatchObject({
      op: 'apply',
      result: {
        ok: true,
        documents: [{ index: 0, ok: true, message: 'deployment.apps/web created' }],
      },
    });
    expect(h.result(bad)?.result.ok).toBe(false);
    expect(h.result(inspect)).toMatchObject({ op: 'inspect', result: { details: { queue: {} } } });
  });

  it('pushes kubectl output as it is printed, and streams -w until Ctrl+C', () => {
    const h = harness();
    h.send({ type: 'control', action: 'speed', speed: 16 });
    const nodes = h.request('kubectl', { command: 'kubectl get nodes' });
    h.run(200);
    expect(h.result(nodes)?.result).toEqual({ ok: true, exitCode: 0 });
    expect(h.output(nodes)).toMatch(/^NAME\s+STATUS\s+ROLES/);

    const watch = h.request('kubectl', { command: 'kubectl get pods -w' });
    h.request('kubectl', { command: 'kubectl run web --image=nginx' });
    h.run(5_000);
    expect(h.result(watch)).toBeUndefined();
    expect(h.output(watch)).toContain('web');
    const pushes = h.posted.filter((m) => m.type === 'output' && m.requestId === watch).length;
    expect(pushes).toBeGreaterThan(1);
    h.send({ type: 'cancel', requestId: watch });
    h.run(100);
    expect(h.result(watch)?.result).toEqual({ ok: false, exitCode: 130 });
  });

  it('refuses a message of another protocol version with a clear error', () => {
    const h = harness();
    h.host.receive({ type: 'control', action: 'pause', v: 1 });
    expect(h.posted.at(-1)).toEqual({
      type: 'protocolError',
      message: 'The page speaks protocol version 1, the simulation 2: reload the page.',
    });
  });
});
