import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { PlaybackState } from '../../protocol';
import { FAST_PACE_MS, PACE_MS, PACED_PODS, paceOf, pacePods } from './pacedPods';
import type { PaceTimers } from './pacedPods';

type Pods = Record<string, readonly string[]>;

/** A clock moved by hand, with the timers due run as it passes them. */
function fakeTimers() {
  let now = 0;
  let due: { at: number; fn: () => void }[] = [];
  const timers: PaceTimers = {
    now: () => now,
    after(fn, ms) {
      const t = { at: now + ms, fn };
      due.push(t);
      return () => {
        due = due.filter((d) => d !== t);
      };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of due.filter((d) => d.at <= now)) {
      due = due.filter((d) => d !== t);
      t.fn();
    }
  };
  return { timers, advance, pending: () => due.length };
}

function setup(playback: PlaybackState) {
  const source = createStore<{ podKeysByNode: Pods; playback: PlaybackState }>()(() => ({
    podKeysByNode: { 'worker-1': [] },
    playback,
  }));
  const clock = fakeTimers();
  const paced = pacePods(source, clock.timers);
  let renders = 0;
  paced.subscribe(() => renders++);
  const pods = (n: number) => source.setState({ podKeysByNode: { 'worker-1': [`pod-${n}`] } });
  return { source, clock, paced, pods, renders: () => renders };
}

describe('the pods the diagram lays out', () => {
  it('follow every change at once at 1× and 2×', () => {
    expect(paceOf({ playing: true, speed: 2 })).toBe(0);
    const { paced, pods, renders } = setup({ playing: true, speed: 1 });
    for (let i = 1; i <= 5; i++) pods(i);
    expect(renders()).toBe(5);
    expect(paced.get()['worker-1']).toEqual(['pod-5']);
  });

  it('at 16×, follow at most every FAST_PACE_MS, and the last change always lands', () => {
    const { paced, pods, renders, clock } = setup({ playing: true, speed: 16 });
    pods(1);
    // The first change lands at once, but in a task of its own: not in the batch that brought it.
    expect(renders()).toBe(0);
    clock.advance(0);
    expect(renders()).toBe(1);
    for (let i = 2; i <= 6; i++) {
      clock.advance(16);
      pods(i);
    }
    expect(renders()).toBe(1);
    expect(paced.get()['worker-1']).toEqual(['pod-1']);
    clock.advance(FAST_PACE_MS);
    expect(renders()).toBe(2);
    expect(paced.get()['worker-1']).toEqual(['pod-6']);
    expect(clock.pending()).toBe(0);
  });

  it('lands a waiting change at once when the learner pauses or slows down', () => {
    const { source, paced, pods, renders, clock } = setup({ playing: true, speed: 16 });
    pods(1);
    clock.advance(10);
    pods(2);
    expect(renders()).toBe(1);
    expect(paced.get()['worker-1']).toEqual(['pod-1']);
    source.setState({ playback: { playing: false, speed: 16 } });
    expect(renders()).toBe(2);
    expect(paced.get()['worker-1']).toEqual(['pod-2']);
    expect(clock.pending()).toBe(0);
  });

  it('paces a big cluster at any speed while it plays', () => {
    expect(paceOf({ playing: true, speed: 1 }, PACED_PODS)).toBe(0);
    expect(paceOf({ playing: true, speed: 1 }, PACED_PODS + 1)).toBe(PACE_MS);
    expect(paceOf({ playing: false, speed: 1 }, 5_000)).toBe(0);
    const { source, paced, renders, clock } = setup({ playing: true, speed: 1 });
    const many = (tag: string) =>
      source.setState({
        podKeysByNode: {
          'worker-1': Array.from({ length: PACED_PODS + 1 }, (_, i) => `${tag}-${i}`),
        },
      });
    many('a');
    clock.advance(5);
    expect(renders()).toBe(1);
    many('b');
    expect(renders()).toBe(1);
    expect(paced.get()['worker-1'][0]).toBe('a-0');
    clock.advance(PACE_MS);
    expect(paced.get()['worker-1'][0]).toBe('b-0');
  });

  it('paces a fast-forward too, whatever its speed', () => {
    expect(paceOf({ playing: true, speed: 1, fastForward: { from: 0, until: 60_000 } })).toBe(
      FAST_PACE_MS,
    );
    expect(paceOf({ playing: true, speed: 4 })).toBe(PACE_MS);
    expect(paceOf({ playing: false, speed: 16 })).toBe(0);
  });
});
