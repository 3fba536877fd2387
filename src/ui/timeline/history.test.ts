import { describe, expect, it } from 'vitest';
import type { BatchMessage, ObjectRecord, SnapshotMessage } from '../../protocol';
import { createAppStore } from '../store/appStore';
import { History, KEYFRAME_MS, viewOf } from './history';

function record(name: string, rev: number, kind: 'Pod' | 'Event'): ObjectRecord {
  const plural = kind === 'Pod' ? 'pods' : 'events';
  return {
    key: `/registry/${plural}/default/${name}`,
    kind,
    namespace: 'default',
    name,
    createRevision: rev,
    modRevision: rev,
    object: {
      apiVersion: 'v1',
      kind,
      metadata: { name, namespace: 'default' },
      spec: kind === 'Pod' ? { nodeName: `worker-${rev % 3}`, containers: [] } : undefined,
    } as ObjectRecord['object'],
  };
}

const snapshot: SnapshotMessage = {
  type: 'snapshot',
  version: 2,
  actions: [],
  simTime: 0,
  epochMs: 0,
  revision: 1,
  shape: { workers: 3, cpu: '4', memory: '8Gi', seed: 1 },
  objects: [record('seed', 1, 'Pod')],
  components: [],
  playback: { playing: true, speed: 1 },
} as SnapshotMessage;

/** The objects as plain data, to compare a moment shown again with the moment as it was. */
const contents = (objects: { forEach(fn: (r: ObjectRecord, k: string) => void): void }) => {
  const out: Record<string, number> = {};
  objects.forEach((r, k) => (out[k] = r.modRevision));
  return out;
};

describe('the timeline history', () => {
  it('shows every past moment exactly as the live page showed it, long after', () => {
    // Deterministic: a failure must repeat.
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const store = createAppStore();
    store.getState().applySnapshot(snapshot);
    const history = new History();
    history.start(viewOf(store.getState()));
    const seen: { at: number; objects: Record<string, number>; pods: unknown }[] = [];
    let rev = 1;
    // 40 s of frames, 250 ms apart: several keyframes, and moments between them.
    for (let t = 250; t <= 40_000; t += 250) {
      const added: ObjectRecord[] = [];
      const updated: ObjectRecord[] = [];
      const removed: string[] = [];
      for (let i = 0; i < 1 + rand(6); i++) {
        const kind = rand(2) ? 'Pod' : 'Event';
        const rec = record(`${kind[0]}${rand(40)}`, ++rev, kind);
        const r = rand(3);
        if (r === 0) added.push(rec);
        else if (r === 1) updated.push(rec);
        else removed.push(rec.key);
      }
      const msg: BatchMessage = {
        type: 'batch',
        simTime: t,
        revision: rev,
        diff: { added, updated, removed },
        trace: [],
      };
      store.getState().applyBatches([msg]);
      const view = viewOf(store.getState());
      history.record([msg], view);
      seen.push({ at: t, objects: contents(view.objects), pods: view.podKeysByNode });
    }
    expect(history.size.keyframes).toBeGreaterThan(40_000 / KEYFRAME_MS - 1);
    for (const s of seen) {
      const past = history.viewAt(s.at);
      expect(contents(past.objects)).toEqual(s.objects);
      expect(past.podKeysByNode).toEqual(s.pods);
    }
  });
});
