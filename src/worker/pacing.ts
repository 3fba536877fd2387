import type { Clock } from '../engine/sim/clock';
import type { TraceEvent } from '../engine/sim/trace';

/**
 * Wall-clock pacing of virtual time (architecture principle 2: pacing belongs to the worker).
 *
 * Messages take a few virtual milliseconds, image pulls and timers take seconds. To let a learner
 * follow each message, virtual time runs slowed down by HOP_DILATION while a foreground message is
 * in flight, and at the chosen speed otherwise.
 */
export const HOP_DILATION = 200;

/** Heartbeat traffic (Leases, node status) does not slow time down: it is background noise. */
export function isBackground(e: TraceEvent): boolean {
  return (
    /leases|kube-node-lease|\/registry\/leases|nodes\/status|minions/.test(e.resource) ||
    (e.kind === 'stage' && e.summary.includes('leases'))
  );
}

export class Pacer {
  /** Virtual time until which a foreground message is still travelling. */
  private flightUntil = 0;

  constructor(private readonly clock: Clock) {}

  observe(e: TraceEvent): void {
    if (!isBackground(e) && e.arriveAt > this.flightUntil) this.flightUntil = e.arriveAt;
  }

  /** Advance virtual time for `realMs` of wall time at `speed`. */
  advance(realMs: number, speed: number): void {
    let remaining = realMs * speed;
    let guard = 0;
    while (remaining > 1e-9 && guard++ < 100_000) {
      const inFlight = this.flightUntil > this.clock.now;
      const rate = inFlight ? 1 / HOP_DILATION : 1;
      const next = this.clock.peek();
      let horizon = this.clock.now + remaining * rate;
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
