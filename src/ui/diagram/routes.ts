/**
 * Geometry shared by the edges and the message animator, so a dot travels exactly along the edge
 * that is drawn: trace endpoint → diagram node, route between two nodes,
 * and the SVG path of a route with rounded corners.
 */
import type { TraceEvent } from '../../protocol';
import type { Layout, Point } from './layout';
import { DEFAULT_CLIENT_ID, podNodeId } from './layout';

/** One colour per flow, distinct on light and dark backgrounds (Okabe–Ito plus a few). */
export const FLOW_PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#d55e00',
  '#56b4e9',
  '#8e6bd1',
  '#c9a100',
  '#e0457b',
  '#2a9d8f',
] as const;

/** The colour of a flow: the same request keeps its colour from kubectl to the container. */
export function flowColor(flow: number): string {
  return FLOW_PALETTE[((flow % FLOW_PALETTE.length) + FLOW_PALETTE.length) % FLOW_PALETTE.length];
}

/**
 * The diagram node a trace endpoint is drawn at. Components are their own nodes
 * (`kubelet@worker-1`); a controller inside kube-controller-manager (`kube-controller-manager/…`)
 * is drawn at the manager; a pod (`pod/<ns>/<name>`) at its pod box.
 */
export function resolveEndpoint(id: string, layout: Pick<Layout, 'rects'>): string | undefined {
  if (layout.rects.has(id)) return id;
  const pod = /^pods?[/:]([^/]+)\/(.+)$/.exec(id);
  if (pod) {
    const podId = podNodeId(`/registry/pods/${pod[1]}/${pod[2]}`);
    return layout.rects.has(podId) ? podId : undefined;
  }
  for (const manager of ['kube-controller-manager', 'cloud-controller-manager']) {
    if (id.startsWith(`${manager}/`) || id.endsWith(`@${manager}`)) return manager;
  }
  if (id === 'user' || id === 'client' || id.startsWith('kubectl')) {
    return layout.rects.has(DEFAULT_CLIENT_ID) ? DEFAULT_CLIENT_ID : undefined;
  }
  return undefined;
}

/** The points a message from `from` to `to` travels: the edge's route, else a straight line. */
export function routeBetween(layout: Layout, from: string, to: string): Point[] | undefined {
  const route = layout.routes.get(`${from}|${to}`);
  if (route) return route;
  const a = layout.rects.get(from);
  const b = layout.rects.get(to);
  if (!a || !b) return undefined;
  return [
    { x: a.x + a.w / 2, y: a.y + a.h / 2 },
    { x: b.x + b.w / 2, y: b.y + b.h / 2 },
  ];
}

/** The route a trace event is drawn on, or undefined when an end is not on the diagram. */
export function routeForTrace(
  layout: Layout,
  ev: Pick<TraceEvent, 'from' | 'to'>,
): Point[] | undefined {
  const from = resolveEndpoint(ev.from, layout);
  const to = resolveEndpoint(ev.to, layout);
  if (!from || !to || from === to) return undefined;
  return routeBetween(layout, from, to);
}

/** An SVG path through the points with corners rounded by up to `radius`. */
export function roundedPath(points: readonly Point[], radius = 10): string {
  if (points.length === 0) return '';
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [p, c, n] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(
      radius,
      Math.hypot(c.x - p.x, c.y - p.y) / 2,
      Math.hypot(n.x - c.x, n.y - c.y) / 2,
    );
    const a = towards(c, p, r);
    const b = towards(c, n, r);
    d += ` L${a.x},${a.y} Q${c.x},${c.y} ${b.x},${b.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L${last.x},${last.y}`;
}

function towards(from: Point, to: Point, dist: number): Point {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    x: round(from.x + ((to.x - from.x) * dist) / len),
    y: round(from.y + ((to.y - from.y) * dist) / len),
  };
}

/** Within one batch, later messages of the same flow start at most this many hops later. */
export const MAX_STAGGER = 6;

/**
 * For each event, how many distinct earlier send times its flow has in this batch: a request and
 * the responses and watch events it causes then play one after another instead of all at once.
 */
export function staggerRanks(events: readonly Pick<TraceEvent, 'flow' | 'sentAt'>[]): number[] {
  const times = new Map<number, number[]>();
  for (const ev of events) {
    const list = times.get(ev.flow) ?? [];
    if (!list.includes(ev.sentAt)) list.push(ev.sentAt);
    times.set(ev.flow, list);
  }
  for (const list of times.values()) list.sort((a, b) => a - b);
  return events.map((ev) => Math.min(MAX_STAGGER, times.get(ev.flow)!.indexOf(ev.sentAt)));
}
