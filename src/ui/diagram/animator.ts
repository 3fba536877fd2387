/**
 * The message animator: turns trace events into dots that travel along the diagram's edges, with
 * the Web Animations API — never a React render per frame (architecture principle 7). It owns a
 * layer inside React Flow's viewport, so the dots pan and zoom with the diagram.
 */
import type { TraceEvent } from '../../protocol';
import type { Layout, Point } from './layout';
import {
  constantSpeedKeyframes,
  flowColor,
  roundedPath,
  routeForTrace,
  staggerRanks,
} from './routes';

/** One hop's duration at 1× speed. */
export const HOP_MS = 450;
/** Dots on screen at once; beyond this, new messages are counted but not drawn. */
export const MAX_DOTS = 150;
/** Above this many dots, labels are hidden so the picture stays legible. */
const MAX_LABELS = 24;

const SVG_NS = 'http://www.w3.org/2000/svg';

export class MessageAnimator {
  private layout: Layout | null = null;
  private speed = 1;
  private reducedMotion = false;
  private active = 0;
  private stageSlot = 0;
  private readonly svg: SVGSVGElement;
  /** Messages not drawn because too many were in flight. */
  dropped = 0;

  constructor(private readonly root: HTMLElement) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'kg-flash-layer');
    this.svg.setAttribute('aria-hidden', 'true');
    root.appendChild(this.svg);
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
  }

  setSpeed(speed: number): void {
    this.speed = speed > 0 ? speed : 1;
  }

  setReducedMotion(reduced: boolean): void {
    this.reducedMotion = reduced;
  }

  /** Number of dots and flashes now in flight. */
  get inFlight(): number {
    return this.active;
  }

  /** Animates the trace events of one worker message. */
  play(events: readonly TraceEvent[]): void {
    const layout = this.layout;
    if (!layout || events.length === 0) return;
    const hop = Math.max(60, HOP_MS / this.speed);
    const ranks = staggerRanks(events);
    events.forEach((ev, i) => {
      const delay = ranks[i] * hop * 0.85;
      if (ev.kind === 'stage') {
        this.stage(ev, layout, hop, delay);
        return;
      }
      const route = routeForTrace(layout, ev);
      if (!route) return;
      if (this.active >= MAX_DOTS) {
        this.dropped++;
        return;
      }
      if (this.reducedMotion) this.flash(route, flowColor(ev.flow), hop, delay);
      else this.dot(route, ev, hop, delay);
    });
  }

  /** Removes every dot. */
  clear(): void {
    for (const el of [...this.root.children]) if (el !== this.svg) el.remove();
    this.svg.replaceChildren();
    this.active = 0;
  }

  dispose(): void {
    this.clear();
    this.svg.remove();
    this.layout = null;
  }

  private track(anim: Animation, el: Element): void {
    this.active++;
    const done = () => {
      el.remove();
      this.active = Math.max(0, this.active - 1);
    };
    anim.onfinish = done;
    anim.oncancel = done;
  }

  private dot(route: Point[], ev: TraceEvent, duration: number, delay: number): void {
    const el = document.createElement('div');
    el.className = 'kg-dot';
    el.style.setProperty('--flow', flowColor(ev.flow));
    if (this.active < MAX_LABELS) {
      const label = document.createElement('span');
      label.className = 'kg-dot-label';
      label.textContent = ev.summary;
      el.appendChild(label);
    }
    const frames = constantSpeedKeyframes(route).map((k) => ({
      transform: `translate(${k.x}px, ${k.y}px)`,
      opacity: 1,
      offset: k.offset,
    }));
    // Hidden (by its own style) while it waits for its turn; the keyframes make it visible.
    el.style.opacity = '0';
    this.root.appendChild(el);
    const anim = el.animate(frames, { duration, delay, easing: 'ease-in-out' });
    this.track(anim, el);
  }

  /** Reduced motion: the edge lights up in the flow's colour, then fades; nothing moves. */
  private flash(route: Point[], color: string, duration: number, delay: number): void {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', roundedPath(route));
    path.setAttribute('class', 'kg-flash');
    path.style.stroke = color;
    this.svg.appendChild(path);
    const anim = path.animate([{ opacity: 0.95 }, { opacity: 0.95, offset: 0.6 }, { opacity: 0 }], {
      duration: duration * 1.6,
      delay,
    });
    path.style.opacity = '0';
    this.track(anim, path);
  }

  /** An API-server pipeline stage (authentication, admission…): a label rises off the API server. */
  private stage(ev: TraceEvent, layout: Layout, duration: number, delay: number): void {
    const box =
      layout.rects.get(ev.to) ?? layout.rects.get(ev.from) ?? layout.rects.get('kube-apiserver');
    if (!box || this.active >= MAX_DOTS) return;
    const el = document.createElement('div');
    el.className = 'kg-stage';
    el.textContent = ev.summary;
    el.style.setProperty('--flow', flowColor(ev.flow));
    // Stages stack in three rows above the API server's top-left corner, rising as they fade.
    this.stageSlot = (this.stageSlot + 1) % 3;
    const x = box.x + 10;
    const y = box.y - 4 - this.stageSlot * 4;
    el.style.maxWidth = `${Math.max(120, box.w - 20)}px`;
    this.root.appendChild(el);
    const rise = this.reducedMotion ? 0 : 26;
    const at = (dy: number) => `translate(${x}px, ${y - dy}px) translateY(-100%)`;
    const anim = el.animate(
      [
        { transform: at(0), opacity: 0 },
        { transform: at(rise / 3), opacity: 1, offset: 0.15 },
        { transform: at((rise * 2) / 3), opacity: 1, offset: 0.7 },
        { transform: at(rise), opacity: 0 },
      ],
      { duration: duration * 2.2, delay },
    );
    el.style.opacity = '0';
    this.track(anim, el);
  }
}
