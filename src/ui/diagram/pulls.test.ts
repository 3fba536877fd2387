import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol';
import * as images from '../../engine/publicImages';
import { lookupImage, pullDurationMs } from '../../engine/publicImages';
import type { BatchMessage } from '../../protocol';
import { createAppStore } from '../store/appStore';
import { EMPTY_PULLS, feedPulls, pullProgress, pullStore, reducePulls } from './pulls';

function cri(
  p: Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'verb' | 'summary' | 'flow'>,
): TraceEvent {
  return {
    id: p.flow,
    from: 'kubelet@worker-2',
    to: 'container-runtime@worker-2',
    resource: 'cri',
    sentAt: 100,
    arriveAt: 100.5,
    ...p,
  };
}

describe('image pulls from the trace', () => {
  it('starts at the PullImage request, finds its pod through the causes, ends at the answer', () => {
    const sandbox = cri({
      kind: 'request',
      verb: 'RunPodSandbox',
      summary: 'RunPodSandbox web-1',
      flow: 10,
    });
    const pull = cri({
      kind: 'request',
      verb: 'PullImage',
      summary: 'PullImage nginx:1.27',
      flow: 20,
      cause: 10,
    });
    let s = reducePulls(EMPTY_PULLS, [sandbox, pull], images);
    const size = (lookupImage('nginx:1.27') as { ok: true; image: { sizeBytes: number } }).image
      .sizeBytes;
    expect(s.pulls[20]).toEqual({
      runtime: 'container-runtime@worker-2',
      image: 'nginx:1.27',
      pod: 'web-1',
      startedAt: 100.5,
      durationMs: pullDurationMs(size),
      sizeBytes: size,
    });
    // Half-way: half the bytes; never 100 % until the runtime says it is done.
    const half = pullProgress(s.pulls[20], 100.5 + pullDurationMs(size) / 2);
    expect(half.fraction).toBeCloseTo(0.5);
    expect(half.bytes).toBe(Math.round(size * 0.5));
    expect(pullProgress(s.pulls[20], 1e9).fraction).toBe(0.99);
    s = reducePulls(
      s,
      [
        cri({
          kind: 'response',
          verb: 'PullImage',
          summary: 'PullImage done',
          flow: 20,
          from: 'container-runtime@worker-2',
          to: 'kubelet@worker-2',
        }),
      ],
      images,
    );
    expect(s.pulls).toEqual({});
  });

  it('keeps the same state object when nothing changes', () => {
    const s = reducePulls(
      EMPTY_PULLS,
      [
        {
          ...cri({ kind: 'request', verb: 'GET', summary: 'GET pods', flow: 1 }),
          resource: 'pods',
        },
      ],
      images,
    );
    expect(s).toBe(EMPTY_PULLS);
  });

  it('loads the image registry at the first pull, and reduces the batches from it on in order once loaded', async () => {
    const app = createAppStore();
    let load: (r: typeof images) => void = () => undefined;
    let loads = 0;
    const stop = feedPulls(app, () => {
      loads++;
      return new Promise((resolve) => (load = resolve));
    });
    const batch = (trace: TraceEvent[]): BatchMessage => ({
      type: 'batch',
      simTime: 100,
      revision: 1,
      diff: { added: [], updated: [], removed: [] },
      trace,
    });
    app
      .getState()
      .applyBatch(
        batch([
          cri({ kind: 'request', verb: 'RunPodSandbox', summary: 'RunPodSandbox web-1', flow: 10 }),
        ]),
      );
    expect(loads).toBe(0);
    app.getState().applyBatch(
      batch([
        cri({
          kind: 'request',
          verb: 'PullImage',
          summary: 'PullImage nginx:1.27',
          flow: 20,
          cause: 10,
        }),
      ]),
    );
    expect(loads).toBe(1);
    expect(pullStore.getState().pulls).toEqual({});
    load(images);
    await Promise.resolve();
    await Promise.resolve();
    expect(pullStore.getState().pulls[20]).toMatchObject({ image: 'nginx:1.27', pod: 'web-1' });
    expect(pullStore.getState().pulls[20].sizeBytes).toBeGreaterThan(0);
    stop();
    pullStore.setState(EMPTY_PULLS, true);
  });
});
