import type { Clock } from '../engine/sim/clock';
import type { TraceEvent } from '../engine/sim/trace';
import { MESSAGE_DILATION } from '../protocol';

/**
 * Wall-clock pacing of virtual time (architecture principle 2: pacing belongs to the worker).
 *
 * Messages take a few virtual milliseconds, image pulls and timers take seconds. To let a learner
 * follow each message, virtual time runs slowed down by MESSAGE_DILATION while a foreground
 * message is in flight (the UI draws it for as long), and at the chosen speed otherwise.
 */

export class Pacer {
  /** Virtual time until which a foreground message is still travelling. */
  private flightUntil = 0;
  /** Foreground messages seen so far. */
  foreground = 0;
  /**
   * Foreground messages that travel between components (not the API server's own stages, which
   * light up inside its box as part of the request they serve): what a step advances by.
   */
  travelling = 0;

  constructor(private readonly clock: Clock) {}

  /**
   * Sees one message, in trace order; true when it is foreground. Heartbeats (Leases, a kubelet's
   * node status), marked background by their sender, do not slow time down.
   */
  observe(e: TraceEvent): boolean {
    if (e.background) return false;
    this.foreground++;
    if (e.kind !== 'stage') this.travelling++;
    if (e.arriveAt > this.flightUntil) this.flightUntil = e.arriveAt;
    return true;
  }

  /**
   * Advance virtual time for `realMs` of wall time: at `speed` while a foreground message is in
   * flight (dilated, but never slower than `minRate` virtual ms per wall ms), at `quietSpeed`
   * when none is, and never past `until`.
   */
  advance(realMs: number, speed: number, quietSpeed = speed, until = Infinity, minRate = 0): void {
    let remaining = realMs;
    let guard = 0;
    while (remaining > 1e-9 && this.clock.now < until && guard++ < 100_000) {
      const inFlight = this.flightUntil > this.clock.now;
      const rate = inFlight ? Math.max(speed / MESSAGE_DILATION, minRate) : quietSpeed;
      const next = this.clock.peek();
      let horizon = Math.min(this.clock.now + remaining * rate, until);
      if (inFlight) horizon = Math.min(horizon, this.flightUntil);
      if (next !== undefined && next <= horizon) {
        remaining -= (next - this.clock.now) / rate;
        this.clock.runUntil(next);
      } else {
        remaining -= (horizon - this.clock.now) / rate;
        this.clock.runUntil(horizon);
      }
    }
  }
}
