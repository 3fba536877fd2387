import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import type { Node, NodeTypes, EdgeTypes } from '@xyflow/react';
import type { LayoutBox } from './layout';
import '@xyflow/react/dist/style.css';
import './diagram.css';
import { appStore, useAppStore } from '../store';
import { MessageLayer } from './MessageLayer';
import { RouteEdge } from './RouteEdge';
import { ComponentNode } from './nodes/ComponentNode';
import { ControlPlaneNode, ControlPlaneTitleNode, TrayNode } from './nodes/ControlPlaneNodes';
import { PodNode } from './nodes/PodNode';
import { WorkerGroupNode, WorkerHeaderNode } from './nodes/WorkerNodes';
import { useDiagramModel } from './useDiagramLayout';

const nodeTypes: NodeTypes = {
  component: ComponentNode,
  pod: PodNode,
  workerGroup: WorkerGroupNode,
  workerHeader: WorkerHeaderNode,
  controlPlane: ControlPlaneNode,
  controlPlaneTitle: ControlPlaneTitleNode,
  tray: TrayNode,
};
const edgeTypes: EdgeTypes = { route: RouteEdge };

const FIT = { padding: 0.04, duration: 300 } as const;

function minimapColor(node: Node): string {
  switch (node.type) {
    case 'controlPlane':
      return 'var(--kg-cp-bg)';
    case 'workerGroup':
      return 'var(--kg-worker-bg)';
    case 'pod':
      return 'var(--kg-running)';
    case 'component':
      return 'var(--kg-accent)';
    default:
      return 'transparent';
  }
}

/**
 * React Flow gives a node pointer events only when it is selectable, draggable or has a handler;
 * ours are neither, and select themselves (see nodes/selectable.ts), so a no-op handler it is.
 */
const receivePointer = () => {};

/** The diagram's extent, rounded: changes when the picture grows or shrinks noticeably. */
function boundsKey(boxes: readonly LayoutBox[]): string {
  if (boxes.length === 0) return '';
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return [x0, y0, x1, y1].map((v) => Math.round(v / 40)).join(',');
}

/** The live cluster diagram: nodes, components, pods, edges and travelling messages. */
export function Diagram() {
  const { layout, nodes, edges } = useDiagramModel();
  const theme = useAppStore((s) => s.theme);
  const status = useAppStore((s) => s.status);
  const empty = useAppStore((s) => s.componentIds.length === 0);
  const workerCount = useAppStore((s) => s.shape?.workers ?? 0);
  const { fitView } = useReactFlow();
  // The view follows the diagram as it grows (pods arrive, a reset changes the shape) until the
  // learner pans or zooms; "Fit to view" hands control back to it.
  const autoFit = useRef(true);
  const bounds = useMemo(() => boundsKey(layout.boxes), [layout]);
  useEffect(() => {
    if (!bounds || !autoFit.current) return;
    let raf = requestAnimationFrame(() => {
      raf = requestAnimationFrame(() => void fitView(FIT));
    });
    return () => cancelAnimationFrame(raf);
  }, [bounds, workerCount, fitView]);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) autoFit.current = false;
  }, []);

  const onPaneClick = useCallback(() => appStore.getState().select(null), []);
  const fit = useCallback(() => {
    autoFit.current = true;
    void fitView(FIT);
  }, [fitView]);

  return (
    <div className="kg-diagram-wrap">
      <div className="kg-diagram-bar">
        <h2>Cluster</h2>
        <ul className="kg-legend" aria-label="Pod colours">
          <li className="tone-pending">Pending</li>
          <li className="tone-running">Running</li>
          <li className="tone-succeeded">Succeeded</li>
          <li className="tone-failed">Failed</li>
          <li className="tone-terminating">Terminating</li>
        </ul>
        <span className="kg-spacer" />
        <button type="button" className="kg-button" onClick={fit}>
          Fit to view
        </button>
      </div>
      <div className="kg-diagram" aria-label="Cluster diagram">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          colorMode={theme}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          onPaneClick={onPaneClick}
          onNodeClick={receivePointer}
          onMoveStart={onMoveStart}
          onlyRenderVisibleElements
          minZoom={0.05}
          maxZoom={2}
          zoomOnDoubleClick={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          proOptions={{ hideAttribution: false }}
        >
          <Background gap={28} size={1.5} />
          <MessageLayer layout={layout} />
          <Controls showInteractive={false} position="bottom-left" aria-label="Zoom controls" />
          <MiniMap
            position="bottom-right"
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeStrokeWidth={0}
            style={{ width: 150, height: 100 }}
            ariaLabel="Overview of the cluster"
          />
        </ReactFlow>
        {status === 'starting' && empty && (
          <div className="kg-diagram-empty" role="status">
            Starting the cluster…
          </div>
        )}
      </div>
    </div>
  );
}
