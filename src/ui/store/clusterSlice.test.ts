import { describe, it, expect } from 'vitest';
import type { BatchMessage, ObjectRecord, SnapshotMessage, TraceEvent } from '../../protocol';
import { createAppStore } from './appStore';
import { indexPodsByNode, reduceBatches, reduceSnapshot, TRACE_BUFFER_SIZE } from './clusterSlice';
import type { ClusterData } from './clusterSlice';
import { selectNodeUsage, selectWorkerNames } from './selectors';
import { KeyList, keysOf } from './keyList';

function pod(name: string, rev: number, nodeName?: string, cpu = '100m'): ObjectRecord {
  return {
    key: `/registry/pods/default/${name}`,
    kind: 'Pod',
    namespace: 'default',
    name,
    createRevision: rev,
    modRevision: rev,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: {
        nodeName,
        containers: [{ name: 'c', resources: { requests: { cpu, memory: '64Mi' } } }],
      },
      status: { phase: nodeName ? 'Running' : 'Pending' },
    } as ObjectRecord['object'],
  };
}

function node(name: string, labels: Record<string, string> = {}): ObjectRecord {
  return {
    key: `/registry/minions/${name}`,
    kind: 'Node',
    name,
    createRevision: 1,
    modRevision: 1,
    object: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels },
      status: {
        allocatable: { cpu: '4', memory: '8Gi' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    } as ObjectRecord['object'],
  };
}

function snapshot(objects: ObjectRecord[]): SnapshotMessage {
  return {
    type: 'snapshot',
    version: 2,
    actions: [],
    simTime: 0,
    epochMs: 0,
    revision: 10,
    shape: { workers: 2, cpu: '4', memory: '8Gi', seed: 1 },
    components: [
      {
        id: 'kube-apiserver',
        kind: 'kube-apiserver',
        node: 'control-plane',
        running: true,
        watches: [],
      },
      { id: 'kubelet@worker-1', kind: 'kubelet', node: 'worker-1', running: true, watches: [] },
      { id: 'kubelet@worker-10', kind: 'kubelet', node: 'worker-10', running: true, watches: [] },
      { id: 'kubelet@worker-2', kind: 'kubelet', node: 'worker-2', running: true, watches: [] },
    ],
    objects,
    playback: { playing: true, speed: 1 },
  };
}

function batch(diff: Partial<BatchMessage['diff']>, trace: TraceEvent[] = []): BatchMessage {
  return {
    type: 'batch',
    simTime: 100,
    revision: 11,
    diff: { added: [], updated: [], removed: [], ...diff },
    trace,
  };
}

function traceEvent(id: number): TraceEvent {
  return {
    id,
    from: 'kube-scheduler',
    to: 'kube-apiserver',
    kind: 'request',
    verb: 'POST',
    resource: 'pods/binding',
    summary: 'bind',
    sentAt: id,
    arriveAt: id + 2,
    flow: id,
  };
}

describe('cluster slice', () => {
  it('applies a snapshot and indexes objects by kind and pods by node', () => {
    const store = createAppStore();
    store
      .getState()
      .applySnapshot(snapshot([node('worker-1'), pod('a', 5, 'worker-1'), pod('b', 6)]));
    const s = store.getState();
    expect(s.status).toBe('running');
    expect(keysOf(s.keysByKind, 'Pod')).toEqual([
      '/registry/pods/default/a',
      '/registry/pods/default/b',
    ]);
    expect(s.podKeysByNode['worker-1']).toEqual(['/registry/pods/default/a']);
    expect(s.podKeysByNode['']).toEqual(['/registry/pods/default/b']);
  });

  it('applies a batch with one state change and keeps unchanged records identical', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot([pod('a', 5, 'worker-1'), pod('b', 6, 'worker-1')]));
    const before = store.getState();
    let notifications = 0;
    store.subscribe(() => notifications++);
    const a2 = pod('a', 12, 'worker-1');
    (a2.object as { status: { phase: string } }).status.phase = 'Succeeded';
    store.getState().applyBatch(batch({ updated: [a2] }));
    const after = store.getState();
    expect(notifications).toBe(1);
    expect(after.objects.get('/registry/pods/default/a')).toBe(a2);
    expect(after.objects.get('/registry/pods/default/b')).toBe(
      before.objects.get('/registry/pods/default/b'),
    );
    // No pod was added, removed or moved: the index arrays keep their identity.
    expect(after.keysByKind).toBe(before.keysByKind);
    expect(after.podKeysByNode).toBe(before.podKeysByNode);
  });

  it('moves a pod to its node when it is bound, and removes deleted objects', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot([pod('a', 5), pod('b', 6, 'worker-2')]));
    const worker2 = store.getState().podKeysByNode['worker-2'];
    store.getState().applyBatch(batch({ updated: [pod('a', 7, 'worker-1')] }));
    let s = store.getState();
    expect(s.podKeysByNode['']).toBeUndefined();
    expect(s.podKeysByNode['worker-1']).toEqual(['/registry/pods/default/a']);
    expect(s.podKeysByNode['worker-2']).toBe(worker2);
    store.getState().applyBatch(batch({ removed: ['/registry/pods/default/b'] }));
    s = store.getState();
    expect(s.objects.get('/registry/pods/default/b')).toBeUndefined();
    expect(keysOf(s.keysByKind, 'Pod')).toEqual(['/registry/pods/default/a']);
    expect(s.podKeysByNode['worker-2']).toBeUndefined();
  });

  it('moves on the pod version of each node whose pods changed, and only theirs', () => {
    const store = createAppStore();
    store
      .getState()
      .applySnapshot(snapshot([pod('a', 5, 'worker-1'), pod('b', 6, 'worker-2'), pod('c', 7)]));
    const v0 = store.getState().podVersionByNode;
    expect(Object.keys(v0).sort()).toEqual(['', 'worker-1', 'worker-2']);
    // A status change on worker-1.
    const a2 = pod('a', 12, 'worker-1');
    (a2.object as { status: { phase: string } }).status.phase = 'Succeeded';
    store.getState().applyBatch(batch({ updated: [a2] }));
    const v1 = store.getState().podVersionByNode;
    expect(v1['worker-1']).toBe(v0['worker-1'] + 1);
    expect(v1['worker-2']).toBe(v0['worker-2']);
    // c bound to worker-2: both the unscheduled list and worker-2 moved on.
    store.getState().applyBatch(batch({ updated: [pod('c', 13, 'worker-2')] }));
    const v2 = store.getState().podVersionByNode;
    expect(v2['']).toBe(v1[''] + 1);
    expect(v2['worker-2']).toBe(v1['worker-2'] + 1);
    expect(v2['worker-1']).toBe(v1['worker-1']);
    // A removal; and a batch of other kinds leaves the versions as they are.
    store.getState().applyBatch(batch({ removed: ['/registry/pods/default/a'] }));
    expect(store.getState().podVersionByNode['worker-1']).toBe(v2['worker-1'] + 1);
    const v3 = store.getState().podVersionByNode;
    store.getState().applyBatch(batch({ added: [node('worker-3')] }));
    expect(store.getState().podVersionByNode).toBe(v3);
    // A new snapshot moves every node on, so nothing cached for the old cluster is reused.
    store.getState().applySnapshot(snapshot([pod('a', 5, 'worker-1')]));
    expect(store.getState().podVersionByNode['worker-2']).toBe(v3['worker-2'] + 1);
    expect(store.getState().podVersionByNode['worker-1']).toBeGreaterThan(v3['worker-1']);
  });

  it('keeps the trace of the last message for the animator and a bounded history', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot([]));
    const many = Array.from({ length: TRACE_BUFFER_SIZE + 5 }, (_, i) => traceEvent(i + 1));
    store.getState().applyBatch(batch({}, many));
    store.getState().applyBatch(batch({}, [traceEvent(99999)]));
    const s = store.getState();
    expect(s.lastTrace.map((e) => e.id)).toEqual([99999]);
    expect(s.trace).toHaveLength(TRACE_BUFFER_SIZE);
    expect(s.trace[s.trace.length - 1].id).toBe(99999);
  });

  it('lists workers in natural order and computes requested vs allocatable', () => {
    const store = createAppStore();
    store
      .getState()
      .applySnapshot(
        snapshot([
          node('control-plane', { 'node-role.kubernetes.io/control-plane': '' }),
          node('worker-1'),
          pod('a', 5, 'worker-1', '250m'),
          pod('b', 6, 'worker-1', '1'),
        ]),
      );
    const s = store.getState();
    expect(selectWorkerNames(s)).toEqual(['worker-1', 'worker-2', 'worker-10']);
    const usage = selectNodeUsage(s, 'worker-1');
    expect(usage.cpuRequested).toBe(1250);
    expect(usage.cpuAllocatable).toBe(4000);
    expect(usage.memoryRequested).toBe(128 * 2 ** 20);
    expect(usage.ready).toBe('True');
  });
});

describe('batches', () => {
  it('patches sorted key lists without rebuilding them', () => {
    const list = KeyList.of(['/e', '/a', '/c']).patched(['/d', '/b'], new Set(['/c']));
    expect(list.keys).toEqual(['/a', '/b', '/d', '/e']);
    // Read twice, the same array (a selector's result keeps its identity).
    expect(list.keys).toBe(list.keys);
  });

  it('keeps the key lists sorted and complete however keys come and go, read or not', () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const key = () => `/registry/events/default/web-${random(400)}.${random(50)}`;
    let list = KeyList.EMPTY;
    const truth = new Set<string>();
    const older: { list: KeyList; want: string[] }[] = [];
    let reads = 0;
    for (let round = 0; round < 400; round++) {
      const add = [...new Set(Array.from({ length: random(30) }, key))].filter(
        (k) => !truth.has(k),
      );
      const remove = new Set([...truth].filter(() => random(10) === 0));
      list = list.patched(add, remove);
      for (const k of remove) truth.delete(k);
      for (const k of add) truth.add(k);
      if (round % 50 === 0) older.push({ list, want: [...truth].sort() });
      // Read now and then, so some reads merge a long chain of unread changes (keys removed and
      // added again, added and removed again) and some chains outgrow the limit unread.
      if (round < 100 ? random(4) === 0 : round % 90 === 0) {
        reads++;
        expect(list.keys).toEqual([...truth].sort());
      }
    }
    expect(reads).toBeGreaterThan(10);
    expect(list.keys).toEqual([...truth].sort());
    expect(list.keys.length).toBeGreaterThan(20);
    // An older list still reads as it was (a rewound moment holds one).
    for (const o of older) expect(o.list.keys).toEqual(o.want);
  });

  it('applies the batches of one frame in order, with one change: last state wins, every trace', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot([pod('b', 2)]));
    store
      .getState()
      .applyBatches([
        batch({ added: [pod('a', 5)] }, [traceEvent(1)]),
        batch({ updated: [pod('a', 6, 'worker-1')], removed: ['/registry/pods/default/b'] }, [
          traceEvent(2),
        ]),
      ]);
    const s = store.getState();
    expect(s.objects.get('/registry/pods/default/a')?.modRevision).toBe(6);
    expect(s.objects.get('/registry/pods/default/b')).toBeUndefined();
    expect(s.podKeysByNode['worker-1']).toEqual(['/registry/pods/default/a']);
    expect(s.lastTrace.map((e) => e.id)).toEqual([1, 2]);
    expect(s.trace.map((e) => e.id)).toEqual([1, 2]);
  });

  it('applies a frame where a pod comes and goes, and one goes and comes back, as nets them out', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot([pod('b', 2, 'worker-1'), pod('c', 3, 'worker-1')]));
    const before = store.getState();
    store
      .getState()
      .applyBatches([
        batch({ added: [pod('a', 5, 'worker-2')], removed: ['/registry/pods/default/b'] }),
        batch({ removed: ['/registry/pods/default/a'] }),
        batch({ added: [pod('b', 7, 'worker-2')] }),
      ]);
    const s = store.getState();
    expect(keysOf(s.keysByKind, 'Pod')).toEqual([
      '/registry/pods/default/b',
      '/registry/pods/default/c',
    ]);
    expect(s.objects.get('/registry/pods/default/a')).toBeUndefined();
    expect(s.objects.get('/registry/pods/default/b')?.modRevision).toBe(7);
    expect(s.podKeysByNode['worker-1']).toEqual(['/registry/pods/default/c']);
    expect(s.podKeysByNode['worker-2']).toEqual(['/registry/pods/default/b']);
    // Each batch that touched pods moved their version on; the old state was not written to.
    expect(s.kindVersion.Pod).toBe((before.kindVersion.Pod ?? 0) + 3);
    expect(before.objects.size).toBe(2);
    expect(before.objects.get('/registry/pods/default/b')?.modRevision).toBe(2);
  });

  it('keeps the latest scheduling decision per pod and drops it with the pod', () => {
    const store = createAppStore();
    const a = pod('a', 5);
    (a.object.metadata as { uid?: string }).uid = 'uid-a';
    store.getState().applySnapshot(snapshot([a]));
    const d = (attempt: number) => ({
      pod: 'a',
      namespace: 'default',
      uid: 'uid-a',
      attempt,
      at: attempt,
      verdicts: [],
      scored: 0,
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    });
    store.getState().applyBatch({ ...batch({}), decisions: [d(1), d(2)] });
    expect(store.getState().decisions.get('uid-a')?.attempt).toBe(2);
    store.getState().applyBatch(batch({ removed: ['/registry/pods/default/a'] }));
    expect(store.getState().decisions.get('uid-a')).toBeUndefined();
    // Several batches in one frame: the latest attempt of the last batch wins.
    store.getState().applySnapshot(snapshot([a]));
    store
      .getState()
      .applyBatches([
        { ...batch({}), decisions: [d(3)] },
        batch({}),
        { ...batch({}), decisions: [d(5), d(4)] },
      ]);
    expect(store.getState().decisions.get('uid-a')?.attempt).toBe(4);
  });
});

describe('a second snapshot (a reset, a replayed run)', () => {
  it('moves every kind version on, so panels that follow one see the new cluster', () => {
    const snap = (keys: string[]): SnapshotMessage =>
      ({
        type: 'snapshot',
        version: 1,
        simTime: 0,
        epochMs: 0,
        revision: 1,
        shape: { workers: 1, cpu: '1', memory: '1Gi', seed: 1 },
        components: [],
        playback: { playing: false, speed: 1 },
        actions: [],
        objects: keys.map((key) => ({
          key,
          kind: 'Event',
          name: key,
          createRevision: 1,
          modRevision: 1,
          object: { kind: 'Event', metadata: { name: key } },
        })),
      }) as SnapshotMessage;
    const first = reduceSnapshot(snap(['a']), { kindVersion: {} });
    expect(first.kindVersion).toEqual({ Event: 1 });
    const second = reduceSnapshot(snap(['b', 'c']), { kindVersion: { Event: 7, Pod: 3 } });
    expect(second.kindVersion).toEqual({ Event: 8, Pod: 4 });
  });
});

describe('the pods-per-node index, patched per frame', () => {
  it('equals the index rebuilt from every pod, over random creations, moves and deletions', () => {
    // A small deterministic generator (no Math.random: a failure must repeat).
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const nodes = ['worker-1', 'worker-2', 'worker-3', undefined];
    let state = { ...createAppStore().getState(), ...reduceSnapshot(snapshot([])) } as ClusterData;
    let rev = 20;
    for (let frame = 0; frame < 200; frame++) {
      const msgs: BatchMessage[] = [];
      for (let b = 0; b < 1 + rand(3); b++) {
        const added: ObjectRecord[] = [];
        const updated: ObjectRecord[] = [];
        const removed: string[] = [];
        for (let i = 0; i < 1 + rand(4); i++) {
          const name = `p${rand(30)}`;
          const r = rand(3);
          const rec = pod(name, ++rev, nodes[rand(nodes.length)]);
          if (r === 0) added.push(rec);
          else if (r === 1) updated.push(rec);
          else removed.push(rec.key);
        }
        msgs.push(batch({ added, updated, removed }));
      }
      const prev = state;
      state = { ...state, ...reduceBatches(state, msgs) };
      const rebuilt = indexPodsByNode(state.objects, keysOf(state.keysByKind, 'Pod'), {});
      expect(state.podKeysByNode).toEqual(rebuilt);
      // Lists of nodes whose pods stayed the same keep their identity.
      for (const [n, keys] of Object.entries(state.podKeysByNode))
        if (JSON.stringify(keys) === JSON.stringify(prev.podKeysByNode[n]))
          expect(keys).toBe(prev.podKeysByNode[n]);
    }
  });
});
