/**
 * The diagram's deterministic layout: a pure function from the cluster's structure (components,
 * worker names, pod keys per node) to boxes and orthogonal edge routes, in flow coordinates.
 *
 * The control plane sits on top (its components in a row, the API server below them, etcd beside
 * it), kubectl to its left, the scheduler's pending tray to its right, and the workers in a grid
 * below. Every worker edge climbs its column's gutter to one bus that enters the API server from
 * below, so 50 workers read as a tree rather than a hairball. Contents (phases, states) never move
 * anything: only the number of pods per node does.
 */
import type { ComponentInfo } from '../../protocol';
import { SIZE, PRESENTER_SIZE, COMPACT_SIZE } from './layoutSizes';
import { cx, cy, placeTray, placeWorker, podNodeId, simplify, workerHeight } from './workerLayout';
import type {
  EdgeKind,
  LayoutBox,
  LayoutEdge,
  Point,
  TraySpan,
  WorkerFrame,
  WorkerSpan,
} from './workerLayout';

export { podNodeId, workerHeaderId, workerGroupId, simplify, TRAY_ID } from './workerLayout';
export type {
  DiagramNodeType,
  EdgeKind,
  LayoutBox,
  LayoutEdge,
  Point,
  TraySpan,
  WorkerFrame,
  WorkerSpan,
} from './workerLayout';

export interface Layout {
  boxes: LayoutBox[];
  edges: LayoutEdge[];
  /** Route from one diagram node to another, for both directions of every edge (`a|b`). */
  routes: Map<string, Point[]>;
  /** Box of every diagram node by id, for endpoints that have no edge. */
  rects: Map<string, LayoutBox>;
  /** How the workers were placed, so one worker can be placed again alone (./relayout). */
  parts: WorkerParts;
}

export interface WorkerParts {
  frame: WorkerFrame;
  spans: Map<string, WorkerSpan>;
  tray: TraySpan;
  /** The input the layout was made from. */
  input: LayoutInput;
}

export interface LayoutInput {
  components: readonly Pick<ComponentInfo, 'id' | 'kind' | 'node' | 'controllers'>[];
  workers: readonly string[];
  podsByNode: Readonly<Record<string, readonly string[]>>;
  /** Pods with no node yet, shown in the scheduler's tray. */
  pendingPods: readonly string[];
  /** Presenter mode: large type in a compact arrangement that fills a 16:9 window. */
  presenter?: boolean;
  /** With `presenter`: large type outside presenter mode, in a vertically tighter arrangement. */
  compact?: boolean;
  /**
   * Per worker, room for at least this many pods (`podSlots`): boxes sized for the most pods a
   * worker had lately, so a rolling update's pods coming and going do not resize the boxes (and
   * move every worker below) frame after frame.
   */
  podSlots?: Readonly<Record<string, number>>;
}

/** The pods a worker's box has room for: its pods, or its slots if more. */
export function podRoom(input: LayoutInput, worker: string): number {
  return Math.max(input.podsByNode[worker]?.length ?? 0, input.podSlots?.[worker] ?? 0);
}

export { SIZE, PRESENTER_SIZE, COMPACT_SIZE, gridColumns, podColumns } from './layoutSizes';
export type { LayoutSizes } from './layoutSizes';

export const CONTROL_PLANE_ID = 'group:control-plane';
/** The client outside the cluster, when the worker lists none. */
export const DEFAULT_CLIENT_ID = 'kubectl';

const box = (b: LayoutBox) => b;

/** Lays out the whole diagram. Same input ⇒ same output. */
export function layoutDiagram(input: LayoutInput): Layout {
  const boxes: LayoutBox[] = [];
  const edges: LayoutEdge[] = [];
  const byKind = (kind: ComponentInfo['kind']) => input.components.find((c) => c.kind === kind);
  const add = (b: LayoutBox) => (boxes.push(b), b);
  const edge = (source: string, target: string, kind: EdgeKind, points: Point[]) =>
    edges.push({ id: `e:${source}|${target}`, source, target, kind, points: simplify(points) });

  // --- Control plane: [ccm] [kcm] [scheduler] above [kube-apiserver] [etcd].
  const S = input.presenter ? (input.compact ? COMPACT_SIZE : PRESENTER_SIZE) : SIZE;
  const { cpPad, cpTitle, cpRowGap, componentH } = S;
  const ccm = byKind('cloud-controller-manager');
  const kcm = byKind('kube-controller-manager');
  const sched = byKind('kube-scheduler');
  const api = byKind('kube-apiserver');
  const etcd = byKind('etcd');
  const rowA = [
    { c: ccm, w: S.rowA[0] },
    { c: kcm, w: S.rowA[1] },
    { c: sched, w: S.rowA[2] },
  ];
  const kcmH = componentH + S.controllerLine * S.controllerLines(kcm?.controllers?.length ?? 0);
  const rowAH = Math.max(componentH, kcmH);
  const apiY = cpTitle + rowAH + cpRowGap;
  const apiH = S.apiH;
  const cpW = cpPad * 2 + rowA.reduce((s, r) => s + r.w, 0) + 2 * S.rowAGap;
  // system: the control-plane node's own pods (its static pods, and the system pods that
  // tolerate its taint: kube-proxy, kindnet, CoreDNS…), in rows below the API server and etcd.
  const cpPods = input.podsByNode[api?.node ?? 'control-plane'] ?? [];
  const cpPodCols = Math.max(1, Math.floor((cpW - 2 * cpPad + S.podGapX) / (S.podW + S.podGapX)));
  const cpPodRows = Math.ceil(cpPods.length / cpPodCols);
  const cpPodsY = apiY + apiH + S.podGapY;
  const cpH = cpPodRows
    ? cpPodsY + cpPodRows * S.podH + (cpPodRows - 1) * S.podGapY + cpPad
    : apiY + apiH + cpPad;

  const workers = input.workers;
  const maxPods = Math.max(0, ...workers.map((w) => podRoom(input, w)));
  const pcols = S.podColumns(maxPods);
  const { podW, podGapX, workerPad, workerHeader, nodeComponentH } = S;
  const workerW = workerPad * 2 + pcols * podW + (pcols - 1) * podGapX;
  const gcols = S.gridColumns(workers.length);
  const gridW = workers.length ? gcols * workerW + (gcols - 1) * S.colGap : 0;
  const cpX = Math.max(0, (gridW - cpW) / 2);
  const gridX = Math.max(0, (cpW - gridW) / 2);

  add(
    box({
      id: CONTROL_PLANE_ID,
      type: 'controlPlane',
      x: cpX,
      y: 0,
      w: cpW,
      h: cpH,
      z: 0,
      ref: '',
    }),
  );
  add({
    id: 'title:control-plane',
    type: 'controlPlaneTitle',
    x: cpX,
    y: 0,
    w: cpW,
    h: cpTitle,
    z: 2,
    ref: '',
  });
  let x = cpX + cpPad;
  const rowABoxes: LayoutBox[] = [];
  for (const { c, w } of rowA) {
    if (c) {
      const h = c === kcm ? kcmH : componentH;
      rowABoxes.push(add({ id: c.id, type: 'component', x, y: cpTitle, w, h, z: 2, ref: c.id }));
    }
    x += w + S.rowAGap;
  }
  const apiBox = api
    ? add({
        id: api.id,
        type: 'component',
        x: cpX + cpPad,
        y: apiY,
        w: S.apiW,
        h: apiH,
        z: 2,
        ref: api.id,
      })
    : undefined;
  if (apiBox) {
    const midY = apiY - cpRowGap / 2;
    for (const b of rowABoxes) {
      const tx = Math.min(Math.max(cx(b), apiBox.x + 40), apiBox.x + apiBox.w - 40);
      edge(b.id, apiBox.id, 'api', [
        { x: cx(b), y: b.y + b.h },
        { x: cx(b), y: midY },
        { x: tx, y: midY },
        { x: tx, y: apiBox.y },
      ]);
    }
  }
  if (etcd) {
    const eb = add({
      id: etcd.id,
      type: 'component',
      x: cpX + cpW - cpPad - S.etcdW,
      y: apiY + (apiH - componentH) / 2,
      w: S.etcdW,
      h: componentH,
      z: 2,
      ref: etcd.id,
    });
    if (apiBox)
      edge(apiBox.id, eb.id, 'etcd', [
        { x: apiBox.x + apiBox.w, y: cy(eb) },
        { x: eb.x, y: cy(eb) },
      ]);
  }

  cpPods.forEach((key, i) => {
    add({
      id: podNodeId(key),
      type: 'pod',
      x: cpX + cpPad + (i % cpPodCols) * (S.podW + S.podGapX),
      y: cpPodsY + Math.floor(i / cpPodCols) * (S.podH + S.podGapY),
      w: S.podW,
      h: S.podH,
      z: 2,
      ref: key,
    });
  });

  // --- The client outside the cluster, left of the API server.
  const client = byKind('kubectl') ?? { id: DEFAULT_CLIENT_ID };
  const clientBox = add({
    id: client.id,
    type: 'component',
    x: cpX - S.clientGap - S.clientW,
    y: apiY + (apiH - S.clientH) / 2,
    w: S.clientW,
    h: S.clientH,
    z: 2,
    ref: client.id,
  });
  if (apiBox)
    edge(clientBox.id, apiBox.id, 'client', [
      { x: clientBox.x + clientBox.w, y: cy(clientBox) },
      { x: apiBox.x, y: cy(clientBox) },
    ]);

  // --- hpa: the metrics-server addon (a pod in kube-system), above the client: kube-apiserver's
  // aggregation layer forwards metrics.k8s.io requests to it, and it scrapes every kubelet.
  const metrics = byKind('metrics-server');
  if (metrics) {
    // Wider than the client's box, so its name fits; right-aligned with it.
    const w = Math.round(S.clientW * 1.3);
    const mb = add({
      id: metrics.id,
      type: 'component',
      x: clientBox.x + clientBox.w - w,
      y: Math.max(0, clientBox.y - S.clientH - S.clientGap / 2),
      w,
      h: S.clientH,
      z: 2,
      ref: metrics.id,
    });
    if (apiBox) {
      const midX = mb.x + mb.w + S.clientGap / 2;
      const inY = apiBox.y + Math.min(16, apiBox.h / 4);
      edge(apiBox.id, mb.id, 'api', [
        { x: apiBox.x, y: inY },
        { x: midX, y: inY },
        { x: midX, y: cy(mb) },
        { x: mb.x + mb.w, y: cy(mb) },
      ]);
    }
  }

  // --- The scheduler's tray of pods that have no node yet.
  const tray = { x: cpX + cpW + S.trayGap, y: cpTitle, boxes: boxes.length, boxEnd: 0 };
  placeTray(S, input.pendingPods, tray, boxes);
  tray.boxEnd = boxes.length;

  // --- Workers, in a grid below; their edges join one bus into the API server.
  const busY = cpH + S.busGap;
  const gridY = cpH + S.gridGap;
  const apiX = apiBox ? cx(apiBox) : 0;
  const toApi = apiBox
    ? [
        { x: apiX, y: busY },
        { x: apiX, y: apiBox.y + apiBox.h },
      ]
    : [];
  const share = S.nodeComponentShare;
  const shareSum = share[0] + share[1] + share[2];
  const compSpan = workerW - workerPad * 2 - 2 * podGapX;
  const compW = share.map((v) => (compSpan * v) / shareSum);
  const compX = [0, compW[0] + podGapX, compW[0] + compW[1] + 2 * podGapX];
  const compY = workerHeader + 10;
  const podsY = compY + nodeComponentH + 32;
  const heights = workers.map((w) => workerHeight({ S, pcols, compY, podsY }, podRoom(input, w)));
  const frame: WorkerFrame = {
    S,
    pcols,
    workerW,
    compW,
    compX,
    compY,
    podsY,
    busY,
    toApi,
    apiId: apiBox?.id,
    components: input.components,
  };
  const spans = new Map<string, WorkerSpan>();
  let rowTop = gridY;
  for (let r = 0; r * gcols < workers.length; r++) {
    const rowNames = workers.slice(r * gcols, (r + 1) * gcols);
    const rowH = Math.max(...rowNames.map((_, i) => heights[r * gcols + i]));
    rowNames.forEach((name, col) => {
      const span = { boxes: boxes.length, edges: edges.length, boxEnd: 0, edgeEnd: 0 };
      const place = {
        x: gridX + col * (workerW + S.colGap),
        y: rowTop,
        h: heights[r * gcols + col],
      };
      placeWorker(frame, name, input.podsByNode[name] ?? [], r, place, boxes, edges);
      span.boxEnd = boxes.length;
      span.edgeEnd = edges.length;
      spans.set(name, span);
    });
    rowTop += rowH + S.rowGap;
  }

  const routes = new Map<string, Point[]>();
  for (const e of edges) {
    routes.set(`${e.source}|${e.target}`, e.points);
    routes.set(`${e.target}|${e.source}`, [...e.points].reverse());
  }
  const rects = new Map(boxes.map((b) => [b.id, b]));
  return { boxes, edges, routes, rects, parts: { frame, spans, tray, input } };
}
