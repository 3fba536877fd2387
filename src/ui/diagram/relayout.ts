/**
 * The layout after pods came or went: only the workers whose pod lists changed (and the scheduler's
 * tray, if its pods did) are placed again, when that moves nothing else — the same components,
 * workers and control-plane pods, the same number of pod columns, and each changed worker the same
 * number of pod rows (so the same height). Otherwise the whole diagram is laid out again. Either
 * way the result equals `layoutDiagram(input)`.
 *
 * A rolling update of a thousand pods changes some worker's pods nearly every frame; laying out
 * every pod box and kube-proxy comb again each time (with their edge paths) cost more than the
 * frame.
 */
import { layoutDiagram, podRoom } from './layout';
import type { Layout, LayoutInput } from './layout';
import { placeTray, placeWorker, workerHeight } from './workerLayout';
import type { LayoutBox, LayoutEdge, Point, WorkerSpan } from './workerLayout';

/** `input`'s layout, reusing `prev` (the layout of an earlier input) where it can. */
export function relayout(prev: Layout | undefined, input: LayoutInput): Layout {
  return (prev && relayoutWorkers(prev, input)) ?? layoutDiagram(input);
}

/**
 * `prev` with the changed workers placed again, or `undefined` when anything else would move.
 * Pod lists are compared by identity: the store keeps a node's list while its pods stay the same.
 */
export function relayoutWorkers(prev: Layout, input: LayoutInput): Layout | undefined {
  const { frame, spans, tray, input: old } = prev.parts;
  if (
    old.components !== input.components ||
    old.workers !== input.workers ||
    !old.presenter !== !input.presenter ||
    !old.compact !== !input.compact
  )
    return undefined;
  const changed = new Set<string>();
  for (const byNode of [old.podsByNode, input.podsByNode])
    for (const node in byNode) {
      // The tray's pods are `pendingPods`, below.
      if (node === '' || old.podsByNode[node] === input.podsByNode[node]) continue;
      // The control plane's pods: they move the grid.
      if (!spans.has(node)) return undefined;
      changed.add(node);
    }
  // Room for more or fewer pods resizes a box, unless it stays within the same rows (below).
  const resized = new Set<string>();
  if (old.podSlots !== input.podSlots)
    for (const w of input.workers)
      if ((old.podSlots?.[w] ?? 0) !== (input.podSlots?.[w] ?? 0)) resized.add(w);
  // The tray sits beside the control plane: its pods move nothing else.
  const trayChanged = old.pendingPods !== input.pendingPods;
  const { S, pcols } = frame;
  if (changed.size || resized.size) {
    let maxPods = 0;
    for (const w of input.workers) maxPods = Math.max(maxPods, podRoom(input, w));
    if (S.podColumns(maxPods) !== pcols) return undefined;
  }
  // A worker whose box grows or shrinks is placed again (with its new height) when its row of
  // the grid keeps its height — the height of its tallest box; otherwise every row below moves.
  const gcols = S.gridColumns(input.workers.length);
  const oldHeight = (w: string) => {
    const span = spans.get(w);
    return span ? prev.boxes[span.boxes].h : 0;
  };
  const heightOf = new Map<string, number>();
  for (const w of new Set([...changed, ...resized])) {
    const h = workerHeight(frame, podRoom(input, w));
    if (h === oldHeight(w)) continue;
    heightOf.set(w, h);
    changed.add(w);
  }
  const gridRows = new Set(
    [...heightOf.keys()].map((w) => Math.floor(input.workers.indexOf(w) / gcols)),
  );
  for (const r of gridRows) {
    const names = input.workers.slice(r * gcols, (r + 1) * gcols);
    const before = Math.max(...names.map(oldHeight));
    const after = Math.max(...names.map((w) => heightOf.get(w) ?? oldHeight(w)));
    if (before !== after) return undefined;
  }
  if (changed.size === 0 && !trayChanged) return { ...prev, parts: { ...prev.parts, input } };

  const boxes: LayoutBox[] = [];
  const edges: LayoutEdge[] = [];
  const nextSpans = new Map<string, WorkerSpan>();
  let b = 0;
  let e = 0;
  // The tray comes before every worker (it has no edges).
  for (; b < tray.boxes; b++) boxes.push(prev.boxes[b]);
  const nextTray = { ...tray, boxes: boxes.length };
  if (trayChanged) placeTray(S, input.pendingPods, tray, boxes);
  else for (; b < tray.boxEnd; b++) boxes.push(prev.boxes[b]);
  b = tray.boxEnd;
  nextTray.boxEnd = boxes.length;
  input.workers.forEach((name, i) => {
    const span = spans.get(name);
    if (!span) return;
    for (; b < span.boxes; b++) boxes.push(prev.boxes[b]);
    for (; e < span.edges; e++) edges.push(prev.edges[e]);
    const next = { boxes: boxes.length, edges: edges.length, boxEnd: 0, edgeEnd: 0 };
    if (changed.has(name)) {
      // The group box comes first in a worker's span: where it is, and its (unchanged) height.
      const group = prev.boxes[span.boxes];
      const at = { x: group.x, y: group.y, h: heightOf.get(name) ?? group.h };
      placeWorker(
        frame,
        name,
        input.podsByNode[name] ?? [],
        Math.floor(i / gcols),
        at,
        boxes,
        edges,
      );
    } else {
      for (let k = span.boxes; k < span.boxEnd; k++) boxes.push(prev.boxes[k]);
      for (let k = span.edges; k < span.edgeEnd; k++) edges.push(prev.edges[k]);
    }
    b = span.boxEnd;
    e = span.edgeEnd;
    next.boxEnd = boxes.length;
    next.edgeEnd = edges.length;
    nextSpans.set(name, next);
  });
  for (; b < prev.boxes.length; b++) boxes.push(prev.boxes[b]);
  for (; e < prev.edges.length; e++) edges.push(prev.edges[e]);

  // Routes and rects: the changed workers' old entries out (all first: a pod may have moved from
  // one changed worker to another), their new ones in.
  const routes = new Map<string, Point[]>(prev.routes);
  const rects = new Map(prev.rects);
  if (trayChanged) for (let k = tray.boxes; k < tray.boxEnd; k++) rects.delete(prev.boxes[k].id);
  for (const name of changed) {
    const span = spans.get(name);
    if (!span) continue;
    for (let k = span.boxes; k < span.boxEnd; k++) rects.delete(prev.boxes[k].id);
    for (let k = span.edges; k < span.edgeEnd; k++) {
      const edge = prev.edges[k];
      routes.delete(`${edge.source}|${edge.target}`);
      routes.delete(`${edge.target}|${edge.source}`);
    }
  }
  if (trayChanged)
    for (let k = nextTray.boxes; k < nextTray.boxEnd; k++) rects.set(boxes[k].id, boxes[k]);
  for (const name of changed) {
    const span = nextSpans.get(name);
    if (!span) continue;
    for (let k = span.boxes; k < span.boxEnd; k++) rects.set(boxes[k].id, boxes[k]);
    for (let k = span.edges; k < span.edgeEnd; k++) {
      const edge = edges[k];
      routes.set(`${edge.source}|${edge.target}`, edge.points);
      routes.set(`${edge.target}|${edge.source}`, [...edge.points].reverse());
    }
  }
  return { boxes, edges, routes, rects, parts: { frame, spans: nextSpans, tray: nextTray, input } };
}
