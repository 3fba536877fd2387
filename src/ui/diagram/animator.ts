/**
 * The message animator: turns trace events into dots that travel along the diagram's edges, with
 * the Web Animations API — never a React render per frame (architecture principle 7). It owns a
 * layer inside React Flow's viewport, so the dots pan and zoom with the diagram.
 */
import { API_STAGES } from '../../engine/public';
import { MESSAGE_DILATION } from '../../protocol';
import type { TraceEvent } from '../../protocol';
import type { Caption } from '../../protocol/caption';
import { labelAnchor, LabelSlots } from './labelSlots';
import type { Layout, Point } from './layout';
import { DotCanvas } from './dotCanvas';
import { flowColor, resolveEndpoint, roundedPath, routeForTrace, staggerRanks } from './routes';

/** A typical hop's duration at 1× (a 2 ms message), for staggering and stage chips. */
export const HOP_MS = 2 * MESSAGE_DILATION;
/** Dots on screen at once; beyond this, new messages are counted but not drawn. */
export const MAX_DOTS = 150;
/** Above this many dots, labels are hidden so the picture stays legible. */
const MAX_LABELS = 24;
/**
 * At most this many messages of one batch are considered for drawing (the newest). A fast-forward
 * delivers minutes of traffic at once; nobody can follow it, and looping over it would stall a frame.
 */
export const MAX_BATCH_DRAWN = 400;
/** Heartbeat dots on screen at once, when shown: faint background, never a crowd. */
const MAX_HEARTBEAT_DOTS = 30;
/**
 * A stage's chip is lit again at most this often (wall ms), however many requests pass through
 * it: at 16× a request every few ms would start an animation of its colour each time, each one
 * restyling and repainting the API server's box, for a chip that looks lit throughout anyway.
 */
const CHIP_RELIGHT_MS = 250;
/** The API server's pipeline stages, drawn as chips in its box (named by the engine). */
export { API_STAGES };
const APISERVER = 'kube-apiserver';

const SVG_NS = 'http://www.w3.org/2000/svg';

export class MessageAnimator {
  private layout: Layout | null = null;
  private speed = 1;
  /** Real time: the clock does not wait for dots, so a crowd of them is drawn faster. */
  private realTime = false;
  private reducedMotion = false;
  private active = 0;
  private heartbeatsActive = 0;
  private showHeartbeats = false;
  private technical = false;
  private caption: ((ev: TraceEvent) => Caption) | undefined;
  private readonly slots = new LabelSlots();
  /** When each API-server stage chip last lit up (ms), so a burst lights it once, not 500 times. */
  private readonly chipLit = new Map<string, number>();
  private readonly svg: SVGSVGElement;
  /** Messages not drawn because too many were in flight. */
  dropped = 0;

  private readonly dots: DotCanvas;

  /**
   * `root` lives inside the viewport (flow coordinates): the reduced-motion flashes and stage
   * labels go there. `screen` is the diagram's pane, where the dots' canvas is laid over it.
   */
  constructor(
    private readonly root: HTMLElement,
    screen: HTMLElement = root,
  ) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'kg-flash-layer');
    this.svg.setAttribute('aria-hidden', 'true');
    root.appendChild(this.svg);
    this.dots = new DotCanvas(screen);
  }

  /** The diagram's pan and zoom, which the dots' canvas maps flow coordinates through. */
  setViewport(x: number, y: number, zoom: number): void {
    this.dots.setViewport(x, y, zoom);
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
  }

  setSpeed(speed: number): void {
    this.speed = speed > 0 ? speed : 1;
  }

  setRealTime(on: boolean): void {
    this.realTime = on;
  }

  setReducedMotion(reduced: boolean): void {
    this.reducedMotion = reduced;
  }

  /** Draw heartbeat traffic (Lease renewals, node status), faintly; off by default. */
  setShowHeartbeats(show: boolean): void {
    this.showHeartbeats = show;
  }

  /**
   * The plain words of the dots' labels (`captionFor` of protocol/caption, loaded at the first
   * message: MessageLayer plays no batch before it is set).
   */
  setCaptions(caption: (ev: TraceEvent) => Caption): void {
    this.caption = caption;
  }

  /** Label dots with the trace's technical summary (`POST pods`) rather than plain words. */
  setTechnicalLabels(technical: boolean): void {
    this.technical = technical;
  }

  /** Number of dots and flashes now in flight. */
  get inFlight(): number {
    return this.active;
  }

  /** Animates the trace events of one worker message. */
  play(events: readonly TraceEvent[]): void {
    const layout = this.layout;
    if (!layout || events.length === 0) return;
    // In real time, messages that would overlap are drawn faster: with more than a few in
    // flight, each takes a shorter time, down to a quarter.
    const crowd = this.realTime
      ? Math.max(0.25, Math.min(1, 4 / Math.max(1, this.active + events.length)))
      : 1;
    const hop = Math.max(60, (HOP_MS * crowd) / this.speed);
    const skip = Math.max(0, events.length - MAX_BATCH_DRAWN);
    const drawn = skip ? events.slice(skip) : events;
    const ranks = staggerRanks(drawn);
    const now = performance.now();
    this.slots.prune(now);
    drawn.forEach((ev, i) => {
      const heartbeat = ev.background === true;
      if (heartbeat && !this.showHeartbeats) return;
      const delay = ranks[i] * hop * 0.85;
      if (ev.kind === 'stage') {
        if (!heartbeat) this.stage(ev, layout, hop, delay, now);
        return;
      }
      const route = routeForTrace(layout, ev);
      if (!route) return;
      const duration = Math.max(60, this.duration(ev) * crowd);
      if (heartbeat) {
        if (this.heartbeatsActive >= MAX_HEARTBEAT_DOTS || this.active >= MAX_DOTS) return;
        if (!this.reducedMotion) this.dot(route, ev, duration, delay, -1, true);
        return;
      }
      if (this.active >= MAX_DOTS) {
        this.dropped++;
        return;
      }
      if (this.reducedMotion) {
        this.flash(route, flowColor(ev.flow), duration, delay);
        return;
      }
      let slot = -1;
      if (this.active < MAX_LABELS) {
        const from = resolveEndpoint(ev.from, layout);
        const to = resolveEndpoint(ev.to, layout);
        const apiEnd = to === APISERVER ? 'end' : from === APISERVER ? 'start' : null;
        slot = this.slots.reserve(labelAnchor(route, apiEnd), now + delay, now + delay + duration);
      }
      this.dot(route, ev, duration, delay, slot, false);
    });
  }

  /**
   * Its virtual flight time, dilated as the worker paces it; never shorter than a network hop
   * (HOP_MS), so a call inside a host (kubelet → runtime, the API server → etcd) stays legible.
   */
  private duration(ev: TraceEvent): number {
    const flight = (ev.arriveAt - ev.sentAt) * MESSAGE_DILATION;
    return Math.max(60, Math.max(HOP_MS, flight) / this.speed);
  }

  /** Removes every dot. */
  clear(): void {
    this.dots.clear();
    for (const el of [...this.root.children]) if (el !== this.svg) el.remove();
    this.svg.replaceChildren();
    this.active = 0;
    this.heartbeatsActive = 0;
    this.slots.clear();
  }

  dispose(): void {
    this.clear();
    this.dots.dispose();
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

  /** A dot travelling the route on the dots' canvas, with its label when it has a slot. */
  private dot(
    route: Point[],
    ev: TraceEvent,
    duration: number,
    delay: number,
    slot: number,
    heartbeat: boolean,
  ): void {
    this.active++;
    if (heartbeat) this.heartbeatsActive++;
    let finished = false;
    this.dots.add({
      points: route,
      start: performance.now() + delay,
      duration,
      color: flowColor(ev.flow),
      label: slot >= 0 ? (this.technical ? ev.summary : (this.caption?.(ev).short ?? '')) : '',
      slot,
      heartbeat,
      done: () => {
        if (finished) return;
        finished = true;
        this.active = Math.max(0, this.active - 1);
        if (heartbeat) this.heartbeatsActive = Math.max(0, this.heartbeatsActive - 1);
      },
    });
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

  /**
   * A processing stage. The API server's pipeline stages light up their chip in its box
   * (authentication → authorization → mutating admission → validation → validating admission),
   * with the stage's detail on the line below; other components' stages (kube-proxy's
   * `iptables-restore`) rise off their box, stacked in free slots so they never overlap.
   */
  private stage(ev: TraceEvent, layout: Layout, duration: number, delay: number, now: number) {
    const color = flowColor(ev.flow);
    if (ev.to === APISERVER && this.stageChip(ev, color, duration, now + delay)) return;
    const box = layout.rects.get(ev.to) ?? layout.rects.get(ev.from);
    if (!box || this.active >= MAX_DOTS) return;
    const life = duration * 2.2;
    const slot = this.slots.reserve(`stage@${box.id}`, now + delay, now + delay + life);
    if (slot < 0) return;
    const el = document.createElement('div');
    el.className = 'kg-stage';
    el.textContent = ev.summary;
    el.style.setProperty('--flow', color);
    el.style.setProperty('--slot', String(slot));
    const x = box.x + 10;
    const y = box.y - 6;
    el.style.maxWidth = `${Math.max(160, box.w + 120)}px`;
    this.root.appendChild(el);
    const rise = this.reducedMotion ? 0 : 10;
    const at = (dy: number) => `translate(${x}px, ${y - dy}px)`;
    const anim = el.animate(
      [
        { transform: at(0), opacity: 0 },
        { transform: at(rise / 2), opacity: 1, offset: 0.12 },
        { transform: at(rise / 2), opacity: 1, offset: 0.8 },
        { transform: at(rise), opacity: 0 },
      ],
      { duration: life, delay },
    );
    el.style.opacity = '0';
    this.track(anim, el);
  }

  /** Flashes the API server's chip for this stage; false when the chip is not on screen. */
  private stageChip(ev: TraceEvent, color: string, duration: number, at: number): boolean {
    const stage = API_STAGES.find((s) => ev.verb === s || ev.summary.startsWith(`${s}:`));
    if (!stage) return false;
    // A chip lit a moment ago stays lit: decided before looking for it in the page, since a
    // rollout at 16× passes hundreds of requests a second through each stage.
    const last = this.chipLit.get(stage);
    const gap = Math.max(duration * 0.6, CHIP_RELIGHT_MS);
    if (last !== undefined && at - last < gap && at >= last) return !!this.chip(stage);
    const box = this.chip(stage);
    if (!box) return false;
    this.chipLit.set(stage, at);
    const delay = Math.max(0, at - performance.now());
    box.animate(
      [
        { backgroundColor: color, color: '#fff', offset: 0 },
        { backgroundColor: color, color: '#fff', offset: 0.7 },
        { backgroundColor: 'transparent' },
      ],
      { duration: duration * 1.6, delay },
    );
    this.showDetail(ev.summary, color, delay);
    return true;
  }

  private readonly chips = new Map<string, HTMLElement | null>();

  /** The API server's chip of a stage, looked up once while it stays in the page. */
  private chip(stage: string): HTMLElement | null {
    const cached = this.chips.get(stage);
    if (cached?.isConnected) return cached;
    const found = this.root.ownerDocument.querySelector<HTMLElement>(
      `.kg-apiserver-pipeline [data-stage="${stage}"]`,
    );
    this.chips.set(stage, found);
    return found;
  }

  /** The stage's detail on the line under the chips, when its chip lights. */
  private showDetail(text: string, color: string, delay: number): void {
    const show = () => {
      const el = this.root.ownerDocument.querySelector<HTMLElement>('.kg-apiserver-detail');
      if (!el) return;
      el.textContent = text;
      el.style.setProperty('--flow', color);
    };
    if (delay > 0) window.setTimeout(show, delay);
    else show();
  }
}
