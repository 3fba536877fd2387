/**
 * Subscribes to the cluster's structure only — component ids, worker names, pod keys per node — and
 * turns it into React Flow nodes and edges. Pod phases or queue depths never get here: each node
 * component selects its own live data. Unchanged node objects are reused, so React Flow does not
 * re-adopt them (xyflow keeps a node when the object is the same one it already has).
 */
import { useMemo, useRef } from 'react';
import type { Edge, Node } from '@xyflow/react';
import { appStore, selectWorkerNames, useAppStore, useShallow } from '../store';
import type { AppState } from '../store';
import { layoutDiagram } from './layout';
import type { Layout, LayoutBox } from './layout';
import { roundedPath } from './routes';

/** Component ids with their controller counts: the part of the components that moves boxes. */
function componentStructure(s: AppState): string {
  return s.componentIds
    .map(
      (id) => `${id}#${s.components[id]?.node ?? ''}#${s.components[id]?.controllers?.length ?? 0}`,
    )
    .join(',');
}

export interface DiagramModel {
  layout: Layout;
  nodes: Node[];
  edges: Edge[];
}

function sameBox(node: Node, b: LayoutBox): boolean {
  return (
    node.type === b.type &&
    node.position.x === b.x &&
    node.position.y === b.y &&
    node.width === b.w &&
    node.height === b.h &&
    (node.data as { ref: string }).ref === b.ref
  );
}

/** The diagram's layout and its React Flow nodes and edges. */
export function useDiagramModel(): DiagramModel {
  const structure = useAppStore(componentStructure);
  const workers = useAppStore(useShallow(selectWorkerNames));
  const podKeysByNode = useAppStore((s) => s.podKeysByNode);
  const nodeCache = useRef(new Map<string, Node>());
  const edgeCache = useRef(new Map<string, Edge>());

  return useMemo(() => {
    void structure; // the memo's trigger; the components themselves are read below
    const s = appStore.getState();
    const components = s.componentIds.map((id) => s.components[id]).filter(Boolean);
    const layout = layoutDiagram({
      components,
      workers,
      podsByNode: podKeysByNode,
      pendingPods: podKeysByNode[''] ?? [],
    });
    const nextNodes = new Map<string, Node>();
    const nodes = layout.boxes.map((b) => {
      const old = nodeCache.current.get(b.id);
      const node: Node =
        old && sameBox(old, b)
          ? old
          : {
              id: b.id,
              type: b.type,
              position: { x: b.x, y: b.y },
              width: b.w,
              height: b.h,
              zIndex: b.z,
              data: { ref: b.ref },
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
    const edges = layout.edges.map((e) => {
      const d = roundedPath(e.points);
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
    });
    edgeCache.current = nextEdges;
    return { layout, nodes, edges };
  }, [structure, workers, podKeysByNode]);
}
