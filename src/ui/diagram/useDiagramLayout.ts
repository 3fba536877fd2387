/**
 * Subscribes to the cluster's structure only — component ids, worker names, pod keys per node — and
 * turns it into React Flow nodes and edges. Pod phases or queue depths never get here: each node
 * component selects its own live data. Unchanged node objects are reused, so React Flow does not
 * re-adopt them (xyflow keeps a node when the object is the same one it already has).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Edge, Node } from '@xyflow/react';
import { selectWorkerNames, useAppStore, useShallow, useShell } from '../store';
import type { ComponentInfo } from '../../protocol';
import type { AppState } from '../store';
import type { Layout, LayoutBox, LayoutEdge } from './layout';
import { relayout } from './relayout';
import { boundsOf, samePlaces } from './compactCanvas';
import type { CompactBounds, CompactPod } from './compactCanvas';
import { roundedPath } from './routes';
import { useSystemPods, withoutSystemPods } from './systemPods';
import { growPodSlots, SETTLE_MS } from './podSlots';
import { publishCompactPlacements } from './compactPlacements';
import { usePacedPodKeys } from './pacedPods';

/**
 * With more pods than this on the workers, zooming far out draws them inside their worker's box
 * (CompactPods) instead of as nodes of their own.
 */
export const COMPACT_PODS_THRESHOLD = 150;

/** Component ids with their controller counts: the part of the components that moves boxes. */
function componentStructure(s: AppState): string {
  return s.componentIds
    .map(
      (id) => `${id}#${s.components[id]?.node ?? ''}#${s.components[id]?.controllers?.length ?? 0}`,
    )
    .join(',');
}

/**
 * The components the layout reads, as a new array only when their structure changes: status
 * updates (a controller syncing, a kubelet stopped) leave the layout alone.
 */
function useComponentsByStructure(): ComponentInfo[] {
  const last = useRef<
    | {
        key: string;
        components: ComponentInfo[];
        from: Pick<AppState, 'componentIds' | 'components'>;
      }
    | undefined
  >(undefined);
  return useAppStore((s) => {
    // Most batches change no component: the selector runs on every one of them, so the key is
    // made only when the components did change.
    const was = last.current;
    if (was && was.from.componentIds === s.componentIds && was.from.components === s.components)
      return was.components;
    const key = componentStructure(s);
    const from = { componentIds: s.componentIds, components: s.components };
    if (was?.key === key) {
      was.from = from;
      return was.components;
    }
    last.current = {
      key,
      components: s.componentIds.map((id) => s.components[id]).filter(Boolean),
      from,
    };
    return last.current.components;
  });
}

const NO_PODS: readonly string[] = [];

/** Each edge's SVG path, once per layout edge: a relayout keeps the edges of unchanged workers. */
const paths = new WeakMap<LayoutEdge, string>();
function pathOf(e: LayoutEdge): string {
  let d = paths.get(e);
  if (d === undefined) {
    d = roundedPath(e.points);
    paths.set(e, d);
  }
  return d;
}

export interface DiagramModel {
  layout: Layout;
  nodes: Node[];
  edges: Edge[];
  /** Pods drawn inside their workers' boxes (far out on a big cluster), placed in flow units. */
  compactPods: CompactPod[];
  /** What their canvas covers: every worker's box and the tray. */
  compactArea: CompactBounds;
  /** The same pods by worker box id, relative to the box (published by ./compactPlacements). */
  placesByWorker: ReadonlyMap<string, CompactPod[]>;
}

const NO_COMPACT_PODS: CompactPod[] = [];
const NO_AREA: CompactBounds = { x: 0, y: 0, w: 0, h: 0 };

function sameBounds(a: CompactBounds, b: CompactBounds): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

function sameBox(node: Node, b: LayoutBox, compact: boolean): boolean {
  return (
    node.type === b.type &&
    node.position.x === b.x &&
    node.position.y === b.y &&
    node.width === b.w &&
    node.height === b.h &&
    (node.data as { ref: string }).ref === b.ref &&
    !!(node.data as { compact?: boolean }).compact === compact
  );
}

/** `next`, or `prev` when it holds the very same items: React Flow takes a new list in full. */
function sameList<T>(prev: T[] | undefined, next: T[]): T[] {
  return prev && prev.length === next.length && prev.every((x, i) => x === next[i]) ? prev : next;
}

const NO_PLACES = new Map<string, CompactPod[]>();

/**
 * Each worker's pods, placed relative to its box, for drawing inside it, and the scheduler's
 * tray's (by the tray's id): far out, a pending pod is a square too, and the tray's pods coming
 * and going no longer change React Flow's list of nodes on nearly every frame of a rollout. The
 * layout lists a group's pods after its box (the tray's before any worker's), so one pass finds
 * each pod's group. The control plane's pods stay nodes.
 */
export function compactPods(layout: Layout): Map<string, CompactPod[]> {
  const byWorker = new Map<string, CompactPod[]>();
  let g: LayoutBox | undefined;
  for (const b of layout.boxes) {
    if (b.type === 'workerGroup' || b.type === 'tray') g = b;
    if (b.type !== 'pod') continue;
    // (In large type outside presenter mode the tray is a little narrower than its pods.)
    const inside =
      g && (g.type === 'tray' || (b.x >= g.x && b.x < g.x + g.w)) && b.y >= g.y && b.y < g.y + g.h;
    if (!g || !inside) continue;
    const list = byWorker.get(g.id) ?? [];
    list.push({ key: b.ref, x: b.x - g.x, y: b.y - g.y, w: b.w, h: b.h });
    byWorker.set(g.id, list);
  }
  return byWorker;
}

/** The boxes compact pods are drawn in (the workers' and the tray): the canvas covers them all. */
function isPodGroup(b: LayoutBox): boolean {
  return b.type === 'workerGroup' || b.type === 'tray';
}

/**
 * The diagram's layout and its React Flow nodes and edges. `far`: zoomed out so far that pods on
 * a big cluster are drawn inside their workers' boxes rather than as nodes (the layout, and so the
 * routes messages travel, stay the same). `presenter`: large type; `tight`: large type outside
 * presenter mode, laid out closer together (COMPACT_SIZE).
 */
export function useDiagramModel(far = false, presenter = false, tight = false): DiagramModel {
  const components = useComponentsByStructure();
  const workers = useAppStore(useShallow(selectWorkerNames));
  // Paced at fast speeds (./pacedPods): a rollout at 16× moves pods on nearly every frame.
  const allPodKeysByNode = usePacedPodKeys();
  // system: the View menu's "System pods" (./systemPods) hides kube-system's pods. The choice
  // is the shell mode's (presenter or not), as the menu shows it, not the large type's: a small
  // pane draws large type outside presenter mode too.
  const presenterMode = useShell((s) => s.presenter);
  const showSystem = useSystemPods((s) => (presenterMode ? s.presenter : s.normal));
  const podKeysByNode = useMemo(
    () => (showSystem ? allPodKeysByNode : withoutSystemPods(allPodKeysByNode)),
    [showSystem, allPodKeysByNode],
  );
  const nodeCache = useRef(new Map<string, Node>());
  const edgeCache = useRef(new Map<string, Edge>());
  const lastLayout = useRef<Layout | undefined>(undefined);
  const lastCompact = useRef<CompactPod[]>(NO_COMPACT_PODS);
  const lastModel = useRef<DiagramModel | undefined>(undefined);
  // Room for the most pods each worker had lately (./podSlots), until they have been still for a
  // moment: a settle bumps `settled`, and the boxes fit their pods again.
  const slots = useRef<Readonly<Record<string, number>> | undefined>(undefined);
  const [settled, setSettled] = useState(0);
  const lastSettled = useRef(settled);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled((n) => n + 1), SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [podKeysByNode]);

  const model = useMemo(() => {
    if (lastSettled.current !== settled) {
      lastSettled.current = settled;
      slots.current = undefined;
    }
    slots.current = growPodSlots(slots.current, workers, podKeysByNode);
    // Pods coming and going place only their workers again (./relayout).
    const layout = relayout(lastLayout.current, {
      components,
      workers,
      podsByNode: podKeysByNode,
      pendingPods: podKeysByNode[''] ?? NO_PODS,
      presenter,
      compact: presenter && tight,
      podSlots: slots.current,
    });
    lastLayout.current = layout;
    let podCount = 0;
    for (const w of workers) podCount += podKeysByNode[w]?.length ?? 0;
    const compact = far && podCount > COMPACT_PODS_THRESHOLD ? compactPods(layout) : null;
    // The same squares in the diagram's coordinates, for the one canvas that paints them all.
    const placed: CompactPod[] = [];
    const groups: LayoutBox[] = [];
    for (const b of compact ? layout.boxes : []) {
      if (!isPodGroup(b)) continue;
      groups.push(b);
      // Pending pods are the store's pods of node '' (their version moves with them).
      const node = b.type === 'tray' ? '' : b.ref;
      for (const p of compact?.get(b.id) ?? [])
        placed.push({ ...p, x: p.x + b.x, y: p.y + b.y, node });
    }
    const nextNodes = new Map<string, Node>();
    const drawn = new Set(placed.map((p) => p.key));
    const boxes = compact
      ? layout.boxes.filter((b) => b.type !== 'pod' || !drawn.has(b.ref))
      : layout.boxes;
    const nodes = boxes.map((b) => {
      const old = nodeCache.current.get(b.id);
      // The pods' places are published apart (./compactPlacements): the box only knows it has some.
      const hasPods = !!compact?.get(b.id)?.length;
      const node: Node =
        old && sameBox(old, b, hasPods)
          ? old
          : {
              id: b.id,
              type: b.type,
              position: { x: b.x, y: b.y },
              width: b.w,
              height: b.h,
              zIndex: b.z,
              data: hasPods ? { ref: b.ref, compact: true } : { ref: b.ref },
              draggable: false,
              selectable: false,
              focusable: false,
              connectable: false,
            };
      nextNodes.set(b.id, node);
      return node;
    });
    nodeCache.current = nextNodes;
    const nextEdges = new Map<string, Edge>();
    const edges = (compact ? layout.edges.filter((e) => e.kind !== 'proxy') : layout.edges).map(
      (e) => {
        const d = pathOf(e);
        const old = edgeCache.current.get(e.id);
        const edge: Edge =
          old && (old.data as { d: string }).d === d
            ? old
            : {
                id: e.id,
                source: e.source,
                target: e.target,
                type: 'route',
                data: { d, kind: e.kind },
                zIndex: 1,
                selectable: false,
                focusable: false,
              };
        nextEdges.set(e.id, edge);
        return edge;
      },
    );
    edgeCache.current = nextEdges;
    const last = lastCompact.current;
    const compactSame = samePlaces(last, placed);
    const compactPodsPlaced = compactSame ? last : placed.length ? placed : NO_COMPACT_PODS;
    lastCompact.current = compactPodsPlaced;
    // The canvas covers the groups' boxes, not just the pods: a tray emptying and filling again
    // must not move (and so clear and repaint) the whole canvas.
    const area = boundsOf(groups);
    const lastArea = lastModel.current?.compactArea;
    const compactArea =
      lastArea && sameBounds(lastArea, area) ? lastArea : placed.length ? area : NO_AREA;
    const model = {
      layout,
      nodes: sameList(lastModel.current?.nodes, nodes),
      edges: sameList(lastModel.current?.edges, edges),
      compactPods: compactPodsPlaced,
      compactArea,
      placesByWorker: compact ?? NO_PLACES,
    };
    lastModel.current = model;
    return model;
  }, [components, workers, podKeysByNode, far, presenter, tight, settled]);
  // Before the boxes paint: each worker's box finds its pods' places there.
  useLayoutEffect(() => publishCompactPlacements(model.placesByWorker), [model]);
  return model;
}
