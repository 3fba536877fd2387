import { describe, expect, it } from 'vitest';
import { Clock } from '../engine/sim/clock';
import type { TraceEvent } from '../engine/sim/trace';
import { Playback } from './fastForward';
import { Pacer } from './pacing';

/** A clock with a foreground message in flight for its first `flightMs` virtual ms. */
function busy(flightMs: number) {
  const clock = new Clock();
  const pacer = new Pacer(clock);
  const e = {
    id: 1,
    from: 'a',
    to: 'b',
    kind: 'request',
    sentAt: 0,
    arriveAt: flightMs,
  } as TraceEvent;
  pacer.observe(e);
  return { clock, pacer };
}

describe('pacing: slow motion and real time', () => {
  it('slow motion: while a message is drawn, a wall second moves the clock much less', () => {
    const { clock, pacer } = busy(1_000);
    const p = new Playback(
      () => 0,
      () => {},
    );
    p.play(1_000, clock, pacer);
    expect(clock.now).toBeLessThan(50);
  });

  it('real time: a wall second at 1× is a virtual second, messages or not', () => {
    const { clock, pacer } = busy(1_000);
    const p = new Playback(
      () => 0,
      () => {},
    );
    p.control({ action: 'realTime', on: true }, clock, pacer);
    expect(p.state.realTime).toBe(true);
    p.play(1_000, clock, pacer);
    expect(clock.now).toBeCloseTo(1_000, 6);
    // And back: the setting is a toggle, kept across a fast-forward's end.
    p.control({ action: 'advance', ms: 1_000 }, clock, pacer);
    p.control({ action: 'stopFastForward' }, clock, pacer);
    expect(p.state.realTime).toBe(true);
    p.control({ action: 'realTime', on: false }, clock, pacer);
    expect(p.state).toEqual({ playing: true, speed: 1 });
  });
});
