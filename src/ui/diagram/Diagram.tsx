import { useCallback, useEffect, useMemo, useRef } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import type { Viewport } from '@xyflow/react';
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
import { FastForwardStatus } from '../panels/FastForwardStatus';

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
/** Following the diagram as it grows: jump, do not animate (each frame of a zoom repaints it all). */
const FOLLOW = { padding: 0.04 } as const;

/** Below this zoom, text is too small to read: pods are drawn as coloured boxes (diagram.css). */
export const FAR_ZOOM = 0.2;

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

/** "Show heartbeats": Lease renewals and node status, drawn faintly; off keeps the picture calm. */
function HeartbeatToggle() {
  const show = useAppStore((s) => s.showHeartbeats);
  return (
    <label className="kg-check" title="Lease renewals and node status updates, every 10 s per node">
      <input
        type="checkbox"
        checked={show}
        onChange={(e) => appStore.getState().setShowHeartbeats(e.target.checked)}
      />
      Show heartbeats
    </label>
  );
}

/** The live cluster diagram: nodes, components, pods, edges and travelling messages. */
export function Diagram() {
  // Re-renders only when the zoom crosses FAR_ZOOM.
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const { layout, nodes, edges } = useDiagramModel(far);
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
      raf = requestAnimationFrame(() => void fitView(FOLLOW));
    });
    return () => cancelAnimationFrame(raf);
  }, [bounds, workerCount, fitView]);
  // A click also starts (and ends) a "move": only a real pan or zoom by the learner stops following.
  const moveStart = useRef<Viewport | null>(null);
  const onMoveStart = useCallback((_: MouseEvent | TouchEvent | null, vp: Viewport) => {
    moveStart.current = vp;
  }, []);
  const onMoveEnd = useCallback((event: MouseEvent | TouchEvent | null, vp: Viewport) => {
    const start = moveStart.current;
    if (!event || !start) return;
    const moved =
      Math.abs(vp.x - start.x) > 2 || Math.abs(vp.y - start.y) > 2 || vp.zoom !== start.zoom;
    if (moved) autoFit.current = false;
  }, []);

  // The pane changes size when the dock grows or the window resizes: refit while following.
  const paneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = paneRef.current;
    if (!el) return;
    let timer = 0;
    const observer = new ResizeObserver(() => {
      // After React Flow has measured its new size (it observes the same element).
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (autoFit.current) void fitView(FOLLOW);
      }, 80);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [fitView]);

  // The level of detail as an attribute, for the CSS that drops text when zoomed far out.
  useEffect(() => {
    if (paneRef.current) paneRef.current.dataset.lod = far ? 'far' : 'near';
  }, [far]);

  const onPaneClick = useCallback(() => appStore.getState().select(null), []);
  const fit = useCallback(() => {
    autoFit.current = true;
    void fitView(FIT);
  }, [fitView]);

  return (
    <div className="kg-diagram-wrap">
      <div className="kg-diagram-bar">
        <h2>Cluster</h2>
        <span className="kg-spacer" />
        <HeartbeatToggle />
        <button type="button" className="kg-button" onClick={fit}>
          Fit to view
        </button>
      </div>
      <FastForwardStatus />
      <div className="kg-diagram" aria-label="Cluster diagram" ref={paneRef}>
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
          onMoveEnd={onMoveEnd}
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
          <Panel position="top-left" className="kg-legend-panel">
            <ul className="kg-legend" aria-label="Pod colours">
              <li className="tone-pending">Pending</li>
              <li className="tone-running">Running</li>
              <li className="tone-succeeded">Succeeded</li>
              <li className="tone-failed">Failed</li>
              <li className="tone-terminating">Terminating</li>
            </ul>
          </Panel>
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
