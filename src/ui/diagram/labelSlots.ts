/**
 * Label slots: messages that travel the same stretch of the diagram at the same time would print
 * their labels on top of each other. Each stretch (an anchor key) has a few slots; a label takes
 * the lowest slot free for its whole flight and is drawn that many lines higher. When every slot
 * is taken the dot travels without a label rather than adding to an unreadable pile.
 */
import type { Point } from './layout';

/** Labels stacked at one place at most. */
export const MAX_LABEL_SLOTS = 4;

export class LabelSlots {
  /** Per anchor: when each slot becomes free (ms, the animation clock). */
  private readonly busyUntil = new Map<string, number[]>();

  constructor(private readonly maxSlots = MAX_LABEL_SLOTS) {}

  /**
   * Reserves a slot at `anchor` from `start` to `end`; returns its index (0 = beside the dot),
   * or -1 when all are taken.
   */
  reserve(anchor: string, start: number, end: number): number {
    const slots = this.busyUntil.get(anchor) ?? [];
    let slot = slots.findIndex((until) => until <= start);
    if (slot < 0) {
      if (slots.length >= this.maxSlots) return -1;
      slot = slots.length;
    }
    slots[slot] = end;
    this.busyUntil.set(anchor, slots);
    return slot;
  }

  /** Forgets reservations that ended before `now` (keeps the map small). */
  prune(now: number): void {
    for (const [anchor, slots] of this.busyUntil) {
      if (slots.every((until) => until <= now)) this.busyUntil.delete(anchor);
    }
  }

  clear(): void {
    this.busyUntil.clear();
  }
}

const key = (p: Point) => `${Math.round(p.x / 8)},${Math.round(p.y / 8)}`;

/**
 * Where a route's labels could collide with others': routes into the API server converge on its
 * entry point (every worker's edges share one bus), so that end names the stretch; other routes
 * are named by their two ends, in either direction (a request and its response share the edge).
 */
export function labelAnchor(route: readonly Point[], apiServerEnd: 'start' | 'end' | null): string {
  const first = route[0];
  const last = route[route.length - 1];
  if (apiServerEnd === 'end') return `api@${key(last)}`;
  if (apiServerEnd === 'start') return `api@${key(first)}`;
  const [a, b] = [key(first), key(last)].sort();
  return `${a}|${b}`;
}
