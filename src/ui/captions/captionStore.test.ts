import { describe, it, expect } from 'vitest';
import type { TraceEvent } from '../../protocol';

import * as images from '../../engine/publicImages';
import { captionFor } from '../../protocol/caption';
import { createAppStore } from '../store/appStore';
import type { CaptionOf } from './captionStore';
import {
  captionBatch,
  captionStore,
  feedCaptions,
  RecentDeliveries,
  STORY_LENGTH,
} from './captionStore';

function ev(id: number, over: Partial<TraceEvent> = {}): TraceEvent {
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
    ...over,
  };
}

describe('the Story from a batch', () => {
  it('captions only the newest messages it keeps, newest first, leaving heartbeats out', () => {
    const events = Array.from({ length: STORY_LENGTH + 50 }, (_, i) =>
      ev(i + 1, i % 10 === 0 ? { background: true } : {}),
    );
    const story = captionBatch(events, new RecentDeliveries(), false, captionFor);
    expect(story).toHaveLength(STORY_LENGTH);
    expect(story[0].id).toBe(STORY_LENGTH + 50);
    expect(story.some((e) => events[e.id - 1].background)).toBe(false);
    // The oldest kept is the STORY_LENGTH-th newest non-heartbeat message.
    const shown = events.filter((e) => !e.background);
    expect(story[story.length - 1].id).toBe(shown[shown.length - STORY_LENGTH].id);
  });

  it('words a line when it is read, as captionFor words it, and only once', () => {
    const events = Array.from({ length: 50 }, (_, i) => ev(i + 1, { summary: `bind pod-${i}` }));
    let calls = 0;
    const counted: CaptionOf = (e, cause) => {
      calls++;
      return captionFor(e, cause);
    };
    const story = captionBatch(events, new RecentDeliveries(), false, counted);
    expect(story).toHaveLength(50);
    // A frame's batch pushed out of the Story unread costs no wording.
    expect(calls).toBe(0);
    const want = captionFor(events[49]);
    expect(story[0].text).toBe(want.text);
    expect(story[0].short).toBe(want.short);
    expect(story[0].technical).toBe('bind pod-49');
    expect(story[0].from).toBe('kube-scheduler');
    expect(story[0].terms).toEqual(want.terms);
    expect(calls).toBe(1);
  });

  it('finds a message’s cause among the deliveries of earlier batches, even ones it did not caption', () => {
    const delivered = new RecentDeliveries();
    // Flow 7 reaches the controller manager, in a batch too long for all of it to be captioned.
    const early = ev(1, {
      from: 'kube-apiserver',
      to: 'kube-controller-manager',
      kind: 'watch',
      summary: 'WATCH deployments: ADDED default/web',
      flow: 7,
    });
    const filler = Array.from({ length: STORY_LENGTH + 5 }, (_, i) => ev(i + 2));
    captionBatch([early, ...filler], delivered, false, captionFor);
    const reply = ev(500, { from: 'kube-controller-manager', cause: 7, flow: 8 });
    const withCause = captionBatch([reply], delivered, false, captionFor);
    const without = captionBatch([reply], new RecentDeliveries(), false, captionFor);
    expect(withCause[0].text).toContain('because it saw');
    expect(without[0].text).not.toContain('because it saw');
  });

  it('remembers recent deliveries and forgets old ones in bounded memory', () => {
    const delivered = new RecentDeliveries();
    delivered.set(1, 'a', ev(1));
    for (let i = 2; i < 6000; i++) delivered.set(i, 'a', ev(i));
    expect(delivered.get(5999, 'a')?.id).toBe(5999);
    expect(delivered.get(3000, 'a')?.id).toBe(3000);
    expect(delivered.get(1, 'a')).toBeUndefined();
    // The same flow delivered to two receivers is two deliveries.
    delivered.set(7000, 'b', ev(7001));
    expect(delivered.get(7000, 'b')?.id).toBe(7001);
    expect(delivered.get(7000, 'a')).toBeUndefined();
  });
});

describe('the Story fed from the store', () => {
  it('tells the batches that came before the captions loaded, in order, with pull sizes', async () => {
    const app = createAppStore();
    let load: (r: CaptionOf) => void = () => undefined;
    const stop = feedCaptions(app, () => new Promise((resolve) => (load = resolve)));
    const pull: TraceEvent = ev(1, {
      from: 'kubelet@worker-2',
      to: 'container-runtime@worker-2',
      verb: 'PullImage',
      resource: 'cri',
      summary: 'PullImage nginx:1.27',
    });
    const batch = (trace: TraceEvent[]) => ({
      type: 'batch' as const,
      simTime: 100,
      revision: 1,
      diff: { added: [], updated: [], removed: [] },
      trace,
    });
    app.getState().applyBatch(batch([pull]));
    app.getState().applyBatch(batch([ev(2)]));
    expect(captionStore.getState().story).toEqual([]);
    load((e, cause) => captionFor(e, cause, images));
    await Promise.resolve();
    await Promise.resolve();
    const story = captionStore.getState().story;
    expect(story.map((e) => e.id)).toEqual([2, 1]);
    expect(story[1].text).toMatch(/pull nginx:1\.27 \(\d+ MB, about \d+ s\)$/);
    stop();
    captionStore.setState({ story: [] });
  });
});
