import type { Clock } from '../engine/sim/clock';
import {
  FAST_FORWARD_MESSAGE_SPEED,
  FAST_FORWARD_QUIET_SPEED,
  type ControlAction,
  type PlaybackState,
} from '../protocol';
import type { Pacer } from './pacing';

/** One batch per animation frame at most. */
export const FRAME_MS = 16;
const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];
/** The longest fast-forward or skip: a day of virtual time. */
const MAX_ADVANCE_MS = 24 * 3_600_000;
/**
 * A fast-forward of `ms` ends within `ms / FAST_FORWARD_QUIET_SPEED` plus this much wall time,
 * however busy the cluster: a few seconds to draw the messages of a quiet one.
 */
const FF_SLACK_MS = 8_000;

/**
 * Playback: play, pause, speed, step, and the fast-forward policy (a time-lapse that still draws
 * each foreground message, and ends by a wall-clock deadline however busy the cluster).
 */
export class Playback {
  state: PlaybackState = { playing: true, speed: 1 };
  /** Wall time by which the fast-forward under way must end. */
  private ffDeadline = 0;
  /** True while `step` runs the clock: the frame loop must not run it too. */
  stepping = false;

  constructor(
    private readonly wallNow: () => number,
    /** Called after an instant skip: only the last messages are worth drawing. */
    private readonly skipped: () => void,
  ) {}

  control(c: ControlAction, clock: Clock, pacer: Pacer): void {
    switch (c.action) {
      case 'play':
        this.state = { ...this.state, playing: true };
        break;
      case 'pause':
        this.state = { ...this.state, playing: false };
        break;
      case 'speed':
        this.state = { ...this.state, speed: SPEEDS.includes(c.speed) ? c.speed : 1 };
        break;
      case 'step':
        this.state = { ...this.state, playing: false };
        this.stepToNextMessage(clock, pacer);
        break;
      case 'advance': {
        const ms = Math.max(0, Math.min(Number(c.ms) || 0, MAX_ADVANCE_MS));
        const now = clock.now;
        if (c.instant) {
          this.skipTo(clock, now + ms);
          break;
        }
        // Pressing +5 min during a fast-forward adds to it.
        const ff = this.state.fastForward;
        const until = Math.min((ff ? ff.until : now) + ms, now + MAX_ADVANCE_MS);
        const wall = this.wallNow();
        this.ffDeadline =
          Math.max(ff ? this.ffDeadline : wall, wall) + ms / FAST_FORWARD_QUIET_SPEED + FF_SLACK_MS;
        this.state = {
          ...this.state,
          playing: true,
          fastForward: { from: ff ? ff.from : now, until },
        };
        break;
      }
      case 'finishFastForward':
        if (this.state.fastForward) this.skipTo(clock, this.state.fastForward.until);
        this.endFastForward();
        break;
      case 'stopFastForward':
        this.endFastForward();
        break;
      case 'realTime': {
        const { realTime: _, ...rest } = this.state;
        this.state = c.on ? { ...rest, realTime: true } : rest;
        break;
      }
    }
  }

  endFastForward(): void {
    if (!this.state.fastForward) return;
    const { playing, speed, realTime } = this.state;
    this.state = realTime ? { playing, speed, realTime } : { playing, speed };
  }

  /** Advance virtual time for `dt` wall ms: a fast-forward under way, or the chosen speed. */
  play(dt: number, clock: Clock, pacer: Pacer): void {
    if (!this.state.playing || this.stepping) return;
    const ff = this.state.fastForward;
    if (!ff) {
      const { speed, realTime } = this.state;
      // Real time: in flight or not, virtual time runs at the chosen speed (the minimum rate).
      pacer.advance(dt, speed, speed, Infinity, realTime ? speed : 0);
      return;
    }
    // Each message is drawn while the slack lasts. Once even quiet time at full speed would miss
    // the deadline, all time runs as fast as it needs to (a busy cluster's minute of messages
    // would otherwise take an hour to draw).
    const left = Math.max(0, ff.until - clock.now);
    const needed = left / Math.max(FRAME_MS, this.ffDeadline - this.wallNow());
    const speed = Math.max(this.state.speed, FAST_FORWARD_MESSAGE_SPEED);
    const quiet = Math.max(this.state.speed, FAST_FORWARD_QUIET_SPEED);
    const behind = needed > quiet;
    pacer.advance(dt, speed, behind ? needed : quiet, ff.until, behind ? needed : 0);
    if (clock.now >= ff.until) this.endFastForward();
  }

  /** Jump to virtual time `until` at once. */
  private skipTo(clock: Clock, until: number): void {
    if (until > clock.now) clock.advance(until - clock.now);
    this.skipped();
  }

  /**
   * Run events until the next foreground message is sent between components (or 10 virtual
   * minutes pass); the API-server stages on the way light up as part of it.
   */
  private stepToNextMessage(clock: Clock, pacer: Pacer): void {
    const before = pacer.travelling;
    const limit = clock.now + 600_000;
    this.stepping = true;
    try {
      while (pacer.travelling === before) {
        const next = clock.peek();
        if (next === undefined || next > limit) break;
        clock.step();
      }
    } finally {
      this.stepping = false;
    }
  }
}
