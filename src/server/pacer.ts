/**
 * Runs the cluster's virtual clock at real time × speed (the worker's pacing, without a
 * browser): on each tick the clock runs up to where wall time says it should be. The engine stays
 * deterministic in its own terms; only how fast its events are reached depends on the wall.
 */
import type { Clock } from '../engine/sim/clock';

/** How often the clock catches up with the wall (ms). */
const TICK_MS = 10;
/** Virtual time run per tick at most: a clock far behind catches up over several ticks, so HTTP keeps being answered. */
const MAX_STEP_MS = 5_000;

export class Pacer {
  private timer: ReturnType<typeof setInterval> | undefined;
  private wallStart = 0;
  private virtualStart = 0;
  /** Virtual ms the clock was behind the wall at the last tick (for `/metrics`-like checks). */
  lagMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly speed: number,
  ) {}

  start(): void {
    this.wallStart = performance.now();
    this.virtualStart = this.clock.now;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** The virtual instant wall time says it is. */
  target(): number {
    return this.virtualStart + (performance.now() - this.wallStart) * this.speed;
  }

  private tick(): void {
    const target = this.target();
    this.clock.runUntil(Math.min(target, this.clock.now + MAX_STEP_MS));
    this.lagMs = Math.max(0, target - this.clock.now);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
