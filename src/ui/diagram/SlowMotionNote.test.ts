import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol';
import { clockIsWaiting } from './SlowMotionNote';

const ev = (sentAt: number, arriveAt: number, background = false) =>
  ({ id: sentAt, from: 'a', to: 'b', kind: 'request', sentAt, arriveAt, background }) as TraceEvent;

describe('the slow-motion note', () => {
  const playing = { playing: true, speed: 1 };
  it('shows while a foreground message is still travelling in virtual time', () => {
    expect(clockIsWaiting({ playback: playing, simTime: 5, trace: [ev(4, 6)] })).toBe(true);
    expect(clockIsWaiting({ playback: playing, simTime: 7, trace: [ev(4, 6)] })).toBe(false);
  });
  it('not for heartbeats, in real time, when paused, or during a fast-forward (it says so)', () => {
    expect(clockIsWaiting({ playback: playing, simTime: 5, trace: [ev(4, 6, true)] })).toBe(false);
    const trace = [ev(4, 6)];
    expect(clockIsWaiting({ playback: { ...playing, realTime: true }, simTime: 5, trace })).toBe(
      false,
    );
    expect(clockIsWaiting({ playback: { ...playing, playing: false }, simTime: 5, trace })).toBe(
      false,
    );
    const ff = { ...playing, fastForward: { from: 0, until: 100 } };
    expect(clockIsWaiting({ playback: ff, simTime: 5, trace })).toBe(false);
  });
});
