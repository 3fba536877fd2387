/**
 * Message dots drawn on one canvas over the diagram, in screen space. A hundred and fifty DOM dots
 * moved every frame made the browser repaint the layer of a thousand pods beneath them (half the
 * frame rate on a big cluster); one canvas redrawn per frame costs a millisecond or two.
 *
 * Dots travel along routes given in flow coordinates; the viewport transform (pan and zoom)
 * maps them to the screen. Sizes follow the DOM version they replace: 18 px dots and 13 px
 * labels on screen, growing with the zoom once it is above 1.
 */
import type { Point } from './layout';

/** One message in flight. */
export interface Flight {
  points: readonly Point[];
  /** `performance.now()` when it sets off, and how long it travels (ms). */
  start: number;
  duration: number;
  color: string;
  /** The label drawn beside it, and its stacking slot (see labelSlots.ts); none when slot < 0. */
  label: string;
  slot: number;
  heartbeat: boolean;
  /** Called once when it arrives, or when the canvas is cleared. */
  done(): void;
}

interface Placed extends Flight {
  lengths: number[];
  total: number;
}

/** CSS `ease-in-out`, cubic-bezier(0.42, 0, 0.58, 1), solved for x by Newton's method. */
export function easeInOut(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  const bez = (u: number, a: number, b: number) =>
    3 * a * u * (1 - u) ** 2 + 3 * b * u * u * (1 - u) + u ** 3;
  let u = t;
  for (let i = 0; i < 6; i++) {
    const x = bez(u, 0.42, 0.58) - t;
    const dx = 3 * 0.42 * (1 - u) ** 2 + 6 * (0.58 - 0.42) * u * (1 - u) + 3 * (1 - 0.58) * u * u;
    if (Math.abs(x) < 1e-5 || dx === 0) break;
    u = Math.min(1, Math.max(0, u - x / dx));
  }
  return bez(u, 0, 1);
}

/** The point at distance `d` along a polyline with cumulative `lengths`. */
export function pointAt(points: readonly Point[], lengths: readonly number[], d: number): Point {
  let i = 1;
  while (i < points.length - 1 && lengths[i] < d) i++;
  const seg = lengths[i] - lengths[i - 1] || 1;
  const f = Math.min(1, Math.max(0, (d - lengths[i - 1]) / seg));
  const a = points[i - 1];
  const b = points[i];
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/** Screen px per flow px for dots and labels: constant on screen when zoomed out (to 1/6). */
export function dotScale(zoom: number): number {
  const inverse = Math.min(6, Math.max(1, 1 / (zoom || 1)));
  return inverse * zoom;
}

export class DotCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private flights: Placed[] = [];
  private viewport = { x: 0, y: 0, zoom: 1 };
  private frame = 0;
  private dpr = 1;
  private style = { panel: '#fff', mono: 'monospace', at: -Infinity };
  private readonly resize: ResizeObserver | undefined;
  private labelsShown = '';
  private boxesShown = '';
  private obstaclesAt = -Infinity;
  private obstacleBoxes: Box[] = [];
  /** The timer of a measurement of the names after this frame (see `obstacles`). */
  private remeasure = 0;

  constructor(private readonly host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'kg-dot-canvas';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.testid = 'message-dots';
    this.canvas.dataset.inFlight = '0';
    host.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d');
    this.fit();
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => {
        this.fit();
        this.kick();
      });
      this.resize.observe(host);
    }
  }

  /** Messages in flight (including those waiting for their turn). */
  get size(): number {
    return this.flights.length;
  }

  setViewport(x: number, y: number, zoom: number): void {
    this.viewport = { x, y, zoom };
    this.obstaclesAt = -Infinity;
    this.kick();
  }

  /**
   * Component and pod names on screen, which labels must not cover: measured at once when the
   * view moved (or never was), else refreshed at most twice a second (pods come and go) in a task
   * of its own after the frame. Measured inside the frame, the names' boxes forced the browser to
   * lay out the pods and boxes React had just changed, a second time in the same frame.
   */
  private obstacles(now: number): Box[] {
    if (this.obstaclesAt === -Infinity) this.measureObstacles(now);
    else if (now - this.obstaclesAt >= 500 && !this.remeasure)
      this.remeasure = window.setTimeout(() => {
        this.remeasure = 0;
        this.measureObstacles(performance.now());
      }, 0);
    return this.obstacleBoxes;
  }

  private measureObstacles(now: number): void {
    this.obstaclesAt = now;
    const origin = this.canvas.getBoundingClientRect();
    const pane = this.host.closest('.kg-diagram') ?? this.host;
    this.obstacleBoxes = [
      ...pane.querySelectorAll('.kg-component-name, .kg-pod-name, .kg-worker-name'),
    ].map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
    });
  }

  add(f: Flight): void {
    const lengths = [0];
    for (let i = 1; i < f.points.length; i++) {
      const a = f.points[i - 1];
      const b = f.points[i];
      lengths.push(lengths[i - 1] + Math.hypot(b.x - a.x, b.y - a.y));
    }
    this.flights.push({ ...f, lengths, total: lengths[lengths.length - 1] });
    this.kick();
  }

  clear(): void {
    const gone = this.flights;
    this.flights = [];
    for (const f of gone) f.done();
    this.draw(performance.now());
  }

  dispose(): void {
    this.clear();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    window.clearTimeout(this.remeasure);
    this.remeasure = 0;
    this.resize?.disconnect();
    this.canvas.remove();
  }

  private fit(): void {
    this.dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.host.clientWidth * this.dpr));
    const h = Math.max(1, Math.round(this.host.clientHeight * this.dpr));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
  }

  private kick(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame((t) => {
      this.frame = 0;
      this.draw(t);
      if (this.flights.length) this.kick();
    });
  }

  /** Theme colours and the mono font, read from CSS at most twice a second. */
  private themed(now: number) {
    if (now - this.style.at > 500) {
      const css = getComputedStyle(this.host);
      this.style = {
        panel: css.getPropertyValue('--kg-panel').trim() || '#fff',
        mono: css.getPropertyValue('--kg-mono').trim() || 'monospace',
        at: now,
      };
    }
    return this.style;
  }

  private draw(now: number): void {
    const ctx = this.ctx;
    const arrived: Placed[] = [];
    this.flights = this.flights.filter((f) => {
      if (now - f.start < f.duration) return true;
      arrived.push(f);
      return false;
    });
    for (const f of arrived) f.done();
    const moving = this.flights.filter((f) => now >= f.start);
    this.canvas.dataset.inFlight = String(moving.length);
    const labels = moving
      .filter((f) => f.slot >= 0)
      .map((f) => f.label)
      .join('\n');
    if (labels !== this.labelsShown) {
      this.labelsShown = labels;
      this.canvas.dataset.labels = labels;
    }
    if (!ctx) return;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const { x: vx, y: vy, zoom } = this.viewport;
    const s = dotScale(zoom);
    const style = this.themed(now);
    const far = this.host.closest<HTMLElement>('.kg-diagram')?.dataset.lod === 'far';
    // Labels placed this frame, so no label covers another or runs off the pane.
    const placed: Box[] = [];
    // Far out no label is drawn, so no name is measured.
    const names =
      !far && moving.some((f) => f.slot >= 0 && !f.heartbeat) ? this.obstacles(now) : [];
    const bounds = { w: this.canvas.width / this.dpr, h: this.canvas.height / this.dpr };
    // Heartbeats first, faint and small, underneath the messages that matter.
    for (const pass of [true, false]) {
      for (const f of moving) {
        if (f.heartbeat !== pass) continue;
        const t = easeInOut((now - f.start) / f.duration);
        const p = pointAt(f.points, f.lengths, t * f.total);
        const cx = p.x * zoom + vx;
        const cy = p.y * zoom + vy;
        const size = (f.heartbeat ? 10 : 18) * s;
        ctx.globalAlpha = f.heartbeat ? 0.4 : 1;
        circle(ctx, cx, cy, size / 2 + 1.5 * s, f.color);
        circle(ctx, cx, cy, size / 2, style.panel);
        circle(ctx, cx, cy, size / 2 - (f.heartbeat ? 1.5 : 3) * s, f.color);
        if (f.slot >= 0 && !far && !f.heartbeat)
          label(ctx, f, cx, cy, size, s, style.mono, placed, names, bounds);
      }
    }
    ctx.globalAlpha = 1;
    const boxes = placed
      .map((b) => `${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.w)},${Math.round(b.h)}`)
      .join(' ');
    if (boxes !== this.boxesShown) {
      this.boxesShown = boxes;
      // For tests and tools: where each label is drawn (x,y,w,h in CSS px of the pane).
      this.canvas.dataset.labelBoxes = boxes;
    }
  }
}

function circle(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string) {
  if (r <= 0) return;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
}

/** A label's rectangle on screen. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Where a label of `w`×`h` goes: beside the dot at its stacking slot, else on the dot's other
 * side, else a line higher or lower — the first place inside `bounds` that covers no label
 * already `placed`. Null when there is none: the message travels unlabelled (the Story has it).
 */
export function placeLabel(
  dot: { x: number; y: number; r: number },
  w: number,
  h: number,
  slot: number,
  placed: readonly Box[],
  bounds: { w: number; h: number },
): Box | null {
  const baseY = dot.y - dot.r - h * 0.8 - slot * h * 1.35;
  const xs = [dot.x + dot.r + 2, dot.x - dot.r - 2 - w];
  const dys = [0, -1.2, 1.2, -2.4, 2.4, 3.6];
  for (const dy of dys) {
    for (const x0 of xs) {
      const x = Math.min(Math.max(2, x0), bounds.w - w - 2);
      const y = Math.min(Math.max(2, baseY + dy * h), bounds.h - h - 2);
      const box = { x, y, w, h };
      if (x < 0 || y < 0 || !placed.every((p) => !intersects(p, box))) continue;
      return box;
    }
  }
  return null;
}

/** The message's label in its flow's colour, beside the dot, never over another label or a name. */
function label(
  ctx: CanvasRenderingContext2D,
  f: Flight,
  cx: number,
  cy: number,
  size: number,
  s: number,
  mono: string,
  placed: Box[],
  names: readonly Box[],
  bounds: { w: number; h: number },
) {
  const font = 13 * s;
  ctx.font = `700 ${font}px ${mono}`;
  const padX = 0.5 * font;
  const padY = 0.3 * font;
  const w = ctx.measureText(f.label).width + padX * 2;
  const h = font + padY * 2;
  const box = placeLabel({ x: cx, y: cy, r: size / 2 }, w, h, f.slot, placed.concat(names), bounds);
  if (!box) return;
  placed.push(box);
  ctx.fillStyle = f.color;
  ctx.beginPath();
  ctx.roundRect(box.x, box.y, w, h, 6 * s);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.fillText(f.label, box.x + padX, box.y + h / 2);
}
