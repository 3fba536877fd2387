/**
 * One worker's part of the diagram's layout (./layout): its box, header, node components and pods,
 * and their edges. Its own module so that a worker whose pods changed can be placed again alone
 * (./relayout) by exactly the code that placed it in the full layout.
 */
import type { ComponentInfo } from '../../protocol';
import type { LayoutSizes } from './layoutSizes';

export interface Point {
  x: number;
  y: number;
}

export type DiagramNodeType =
  | 'controlPlane'
  | 'controlPlaneTitle'
  | 'component'
  | 'workerGroup'
  | 'workerHeader'
  | 'pod'
  | 'tray';

/** One positioned box. `ref` is what its React component selects from the store. */
export interface LayoutBox {
  id: string;
  type: DiagramNodeType;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Group boxes below edges (0), everything else above (2). */
  z: number;
  /** Component id, pod key, node name, or '' for static boxes. */
  ref: string;
}

export type EdgeKind = 'api' | 'etcd' | 'cri' | 'proxy' | 'client';

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  points: Point[];
}

/** Diagram node id of a pod. */
export const podNodeId = (key: string): string => `pod:${key}`;
export const workerHeaderId = (name: string): string => `node:${name}`;
export const workerGroupId = (name: string): string => `group:${name}`;
export const cx = (b: LayoutBox) => b.x + b.w / 2;
export const cy = (b: LayoutBox) => b.y + b.h / 2;

/** Drops repeated points and points in the middle of a straight run. */
export function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const prev = out[out.length - 2];
    if (
      prev &&
      last &&
      ((prev.x === last.x && last.x === p.x) || (prev.y === last.y && last.y === p.y))
    ) {
      out[out.length - 1] = p;
    } else out.push(p);
  }
  return out;
}

/** What placing one worker's contents needs from the rest of the layout (alike for every worker). */
export interface WorkerFrame {
  S: LayoutSizes;
  /** Pod columns per worker. */
  pcols: number;
  workerW: number;
  /** The x offsets and widths of kube-proxy, the kubelet and the runtime; their y offset. */
  compX: number[];
  compW: number[];
  compY: number;
  /** The y offset of the first row of pods. */
  podsY: number;
  /** The bus the worker edges join below the control plane, and its way into the API server. */
  busY: number;
  toApi: Point[];
  apiId: string | undefined;
  components: readonly Pick<ComponentInfo, 'id' | 'kind' | 'node' | 'controllers'>[];
}

/** The height of a worker's box with room for `room` pods. */
export function workerHeight(
  f: Pick<WorkerFrame, 'S' | 'pcols' | 'compY' | 'podsY'>,
  room: number,
) {
  const { S, pcols, compY, podsY } = f;
  const rows = Math.max(S.minPodRows, Math.ceil(room / pcols));
  return rows
    ? podsY + rows * S.podH + (rows - 1) * S.podGapY + S.workerPad
    : compY + S.nodeComponentH + S.workerPad;
}

/** A worker's boxes `[boxes, boxEnd)` and edges `[edges, edgeEnd)` in the layout's lists. */
export interface WorkerSpan {
  boxes: number;
  boxEnd: number;
  edges: number;
  edgeEnd: number;
}

export const TRAY_ID = 'tray:pending';

/** The scheduler's tray: where it sits, and its boxes `[boxes, boxEnd)` in the layout's list. */
export interface TraySpan {
  x: number;
  y: number;
  boxes: number;
  boxEnd: number;
}

/** The scheduler's tray of pods that have no node yet (the first `trayMax` of them), and its pods. */
export function placeTray(
  S: LayoutSizes,
  pendingPods: readonly string[],
  at: Pick<TraySpan, 'x' | 'y'>,
  boxes: LayoutBox[],
): void {
  const { podW, podH } = S;
  const shown = pendingPods.slice(0, S.trayMax);
  const more = pendingPods.length - shown.length;
  const trayH = S.trayHeader + Math.max(1, shown.length) * (podH + 12) + (more > 0 ? 30 : 0) + 4;
  boxes.push({
    id: TRAY_ID,
    type: 'tray',
    x: at.x,
    y: at.y,
    w: S.trayW,
    h: trayH,
    z: 0,
    ref: String(more),
  });
  shown.forEach((key, i) => {
    boxes.push({
      id: podNodeId(key),
      type: 'pod',
      x: at.x + (S.trayW - podW) / 2,
      y: at.y + S.trayHeader + i * (podH + 12),
      w: podW,
      h: podH,
      z: 2,
      ref: key,
    });
  });
}

/** Where a worker's box sits, and its height (from its row count). */
interface WorkerPlace {
  x: number;
  y: number;
  h: number;
}

/**
 * One worker's boxes and edges: its group and header, kube-proxy, the kubelet and the runtime,
 * its pods in rows, and the edges from them (appended to `boxes` and `edges`, in that order).
 * `row`: its row of the grid (the first row climbs straight to the bus).
 */
export function placeWorker(
  f: WorkerFrame,
  name: string,
  pods: readonly string[],
  row: number,
  at: WorkerPlace,
  boxes: LayoutBox[],
  edges: LayoutEdge[],
): void {
  const { S, pcols, busY, toApi, apiId, compW, compX, compY, podsY } = f;
  const { podW, podH, podGapX, podGapY, workerPad, workerHeader, nodeComponentH } = S;
  const add = (b: LayoutBox) => (boxes.push(b), b);
  const edge = (source: string, target: string, kind: EdgeKind, points: Point[]) =>
    edges.push({ id: `e:${source}|${target}`, source, target, kind, points: simplify(points) });
  const { x: wx, y: wy, h } = at;
  const { workerW } = f;
  add({
    id: workerGroupId(name),
    type: 'workerGroup',
    x: wx,
    y: wy,
    w: workerW,
    h,
    z: 0,
    ref: name,
  });
  add({
    id: workerHeaderId(name),
    type: 'workerHeader',
    x: wx,
    y: wy,
    w: workerW,
    h: workerHeader,
    z: 2,
    ref: name,
  });
  const on = (kind: ComponentInfo['kind']) =>
    f.components.find((c) => c.kind === kind && c.node === name);
  const slots: [ComponentInfo['kind'], number][] = [
    ['kube-proxy', 0],
    ['kubelet', 1],
    ['container-runtime', 2],
  ];
  const comp: Partial<Record<ComponentInfo['kind'], LayoutBox>> = {};
  for (const [kind, slot] of slots) {
    const c = on(kind);
    if (!c) continue;
    const bx = wx + workerPad + compX[slot];
    comp[kind] = add({
      id: c.id,
      type: 'component',
      x: bx,
      y: wy + compY,
      w: compW[slot],
      h: nodeComponentH,
      z: 2,
      ref: c.id,
    });
  }
  // Up to the bus: directly from the first row, through the column's gutter from the others.
  const climb = (b: LayoutBox): Point[] => {
    const start = [{ x: cx(b), y: b.y }];
    if (row === 0) return [...start, { x: cx(b), y: busY }, ...toApi];
    const lane = wy - S.rowGap / 2;
    const gutter = wx - S.colGap / 2;
    return [
      ...start,
      { x: cx(b), y: lane },
      { x: gutter, y: lane },
      { x: gutter, y: busY },
      ...toApi,
    ];
  };
  if (apiId) {
    for (const kind of ['kubelet', 'kube-proxy'] as const) {
      const b = comp[kind];
      if (b) edge(b.id, apiId, 'api', climb(b));
    }
  }
  const kubelet = comp.kubelet;
  const runtime = comp['container-runtime'];
  if (kubelet && runtime) {
    edge(kubelet.id, runtime.id, 'cri', [
      { x: kubelet.x + kubelet.w, y: cy(kubelet) },
      { x: runtime.x, y: cy(runtime) },
    ]);
  }
  const proxy = comp['kube-proxy'];
  pods.forEach((key, i) => {
    const pr = Math.floor(i / pcols);
    const px = wx + workerPad + (i % pcols) * (podW + podGapX);
    const py = wy + podsY + pr * (podH + podGapY);
    const pb = add({
      id: podNodeId(key),
      type: 'pod',
      x: px,
      y: py,
      w: podW,
      h: podH,
      z: 2,
      ref: key,
    });
    if (!proxy) return;
    // kube-proxy's rules reach every pod: a comb down the node's left margin.
    const lane0 = wy + podsY - podGapY / 2;
    const lane = py - podGapY / 2;
    const gx = wx + workerPad / 2;
    const pts =
      pr === 0
        ? [
            { x: cx(proxy), y: proxy.y + proxy.h },
            { x: cx(proxy), y: lane0 },
            { x: cx(pb), y: lane0 },
            { x: cx(pb), y: pb.y },
          ]
        : [
            { x: cx(proxy), y: proxy.y + proxy.h },
            { x: cx(proxy), y: lane0 },
            { x: gx, y: lane0 },
            { x: gx, y: lane },
            { x: cx(pb), y: lane },
            { x: cx(pb), y: pb.y },
          ];
    edge(proxy.id, pb.id, 'proxy', pts);
  });
}
