/**
 * The painter of compact pods (nodes/CompactPods.tsx): every worker's pods on one canvas, in
 * flow units, under the workers' titles and components. One canvas rather than one per worker:
 * each canvas is a composited layer of its own, and fifty of them cost the browser a third of
 * every frame to layerize and commit during a rolling update of 1000 pods.
 *
 * Painting is incremental: a pod whose tone changed is cleared and filled again in its own square;
 * only new places (pods coming and going move the others) or a new scale repaint everything.
 */
import type { Pod } from '../../engine/public';
import type { ObjectRecord } from '../../protocol';
import { podView } from '../store/podView';
import type { PodView } from '../store/podView';

/** A pod's square in flow units: relative to its worker's box, or to the canvas. */
export interface CompactPod {
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The worker it is drawn on (the painter skips workers none of whose pods changed). */
  node?: string;
}

const views = new WeakMap<ObjectRecord, PodView>();
/** podView, computed once per stored record. */
export function cachedView(rec: ObjectRecord): PodView {
  let v = views.get(rec);
  if (!v) {
    v = podView(rec.object as Pod);
    views.set(rec, v);
  }
  return v;
}

/**
 * Canvas pixels per flow unit: twice the device pixels a flow unit covers at this zoom (so the
 * gaps between pods, 14 units, stay sharp lines when the browser scales the bitmap down), rounded
 * up to a power of two (so zooming re-rasterises only at each doubling), never above 1. A bitmap at
 * full flow resolution would be 1,100 × 700 pixels per worker, 160 MB for 50 workers drawn 20
 * times smaller, and handing it to the compositor after every repaint took a third of the main
 * thread during a rolling update.
 */
export function canvasScale(zoom: number, dpr: number): number {
  const px = 2 * zoom * dpr;
  if (!(px > 0)) return 1;
  return Math.min(1, 2 ** Math.ceil(Math.log2(px)));
}

/** The pod under a point, in the same units and origin as the pods' squares. */
export function podAt(pods: readonly CompactPod[], x: number, y: number): CompactPod | undefined {
  return pods.find((p) => x >= p.x && x < p.x + p.w && y >= p.y && y < p.y + p.h);
}

/** The part of a 2D context the painter uses (a fake one in tests). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  'setTransform' | 'clearRect' | 'beginPath' | 'roundRect' | 'fill'
> & { fillStyle: CanvasRenderingContext2D['fillStyle'] };

/** Whether two lists place the same pods in the same squares, in the same order. */
export function samePlaces(
  a: readonly CompactPod[] | undefined,
  b: readonly CompactPod[],
): a is readonly CompactPod[] {
  return (
    !!a &&
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        p.key === q.key &&
        p.x === q.x &&
        p.y === q.y &&
        p.w === q.w &&
        p.h === q.h &&
        p.node === q.node
      );
    })
  );
}

/** A box in flow units (a pod's square, a layout box, their bounding box). */
export interface CompactBounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The boxes' bounding box (for the squares: where the canvas is placed, and how big it is). */
export function boundsOf(pods: readonly CompactBounds[]): CompactBounds {
  if (pods.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pods) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + p.w);
    y1 = Math.max(y1, p.y + p.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Paints pods in their tones on one context. `pods` are in flow units with the canvas's origin
 * at `bounds.x, bounds.y`; `tone(key)` reads a pod's tone now (undefined: not drawn).
 */
export class CompactPainter {
  private pods: readonly CompactPod[] = [];
  private origin = { x: 0, y: 0 };
  private scale = 1;
  /** The tone each pod was last painted in; empty after `place`, so the next paint is whole. */
  private painted = new Map<string, string | undefined>();
  /** Each worker's pod version when its pods were last painted (ClusterData.podVersionByNode). */
  private versions = new Map<string, number | undefined>();
  private whole = true;
  /** Squares of pods gone or moved since the last paint: cleared before anything is painted. */
  private cleared: CompactPod[] = [];
  /** Pods new or moved since the last paint: painted whatever their worker's version says. */
  private placed = new Set<string>();

  /**
   * New squares (pods came, went or moved): only those are cleared and painted in the next paint.
   * A new origin or scale repaints everything.
   */
  place(pods: readonly CompactPod[], bounds: CompactBounds, scale: number): void {
    const moved = scale !== this.scale || bounds.x !== this.origin.x || bounds.y !== this.origin.y;
    if (moved || this.whole) {
      this.whole = true;
    } else {
      const before = new Map(this.pods.map((p) => [p.key, p]));
      for (const p of pods) {
        const old = before.get(p.key);
        before.delete(p.key);
        if (old && old.x === p.x && old.y === p.y && old.w === p.w && old.h === p.h) continue;
        if (old) this.cleared.push(old);
        this.painted.delete(p.key);
        this.placed.add(p.key);
      }
      for (const old of before.values()) {
        this.cleared.push(old);
        this.painted.delete(old.key);
      }
    }
    this.pods = pods;
    this.origin = { x: bounds.x, y: bounds.y };
    this.scale = scale;
  }

  /** Clears everything painted: the canvas was resized or the colours changed. */
  invalidate(): void {
    this.whole = true;
  }

  /**
   * Paints what changed since the last paint; returns how many squares it painted or cleared.
   * `colours` maps a tone to its CSS colour; with `versions` (each worker's pod version), the pods
   * of a worker whose version has not moved are not even looked at.
   */
  paint(
    ctx: PaintContext,
    size: { width: number; height: number },
    tone: (key: string) => string | undefined,
    colours: Readonly<Record<string, string>>,
    versions?: Readonly<Record<string, number>>,
  ): number {
    const { x: ox, y: oy } = this.origin;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (this.whole) {
      ctx.clearRect(0, 0, size.width, size.height);
      this.painted.clear();
      this.versions.clear();
    }
    ctx.setTransform(this.scale, 0, 0, this.scale, -ox * this.scale, -oy * this.scale);
    // A canvas pixel of margin, so the anti-aliased edge of the old square goes too (less than
    // half the 14-unit gap, so the neighbours' edges stay).
    const m = Math.min(6, 1 / this.scale);
    let n = 0;
    if (!this.whole)
      for (const p of this.cleared) {
        ctx.clearRect(p.x - m, p.y - m, p.w + 2 * m, p.h + 2 * m);
        n++;
      }
    this.cleared = [];
    const placed = this.placed;
    this.placed = new Set();
    const unchanged = (key: string, node: string | undefined) =>
      !this.whole &&
      !placed.has(key) &&
      versions !== undefined &&
      node !== undefined &&
      this.versions.has(node) &&
      this.versions.get(node) === versions[node];
    for (const p of this.pods) {
      if (unchanged(p.key, p.node)) continue;
      const t = tone(p.key);
      if (!this.whole && this.painted.get(p.key) === t) continue;
      this.painted.set(p.key, t);
      n++;
      if (!this.whole && !placed.has(p.key))
        ctx.clearRect(p.x - m, p.y - m, p.w + 2 * m, p.h + 2 * m);
      if (t === undefined) continue;
      ctx.fillStyle = colours[t] ?? colours.unknown;
      ctx.beginPath();
      ctx.roundRect(p.x, p.y, p.w, p.h, Math.min(10, p.w / 2, p.h / 2));
      ctx.fill();
    }
    if (versions)
      for (const p of this.pods)
        if (p.node !== undefined) this.versions.set(p.node, versions[p.node]);
    this.whole = false;
    return n;
  }
}
