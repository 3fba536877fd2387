import { lazy, Suspense, useCallback, useEffect, useRef } from 'react';
import { Background, MiniMap, Panel, ReactFlow, useStore } from '@xyflow/react';
import type { Viewport } from '@xyflow/react';
import type { Node, NodeTypes, EdgeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './diagram.css';
import './presenter.css';
// The objects overlay's styles load with the page, not with its code: they also hold the bar's
// rules for a narrow pane.
import './objects/objects.css';
import { appStore, selectPanels, useAppStore, useShell } from '../store';
import { layoutBounds, MAX_ZOOM, MIN_ZOOM, useFit, view, ViewControls } from './ViewControls';
import { MessageLayer } from './MessageLayer';
import { CompactPodsLayer } from './CompactPodsLayer';
import { RouteEdge } from './RouteEdge';
import { ComponentNode } from './nodes/ComponentNode';
import { ControlPlaneNode, ControlPlaneTitleNode, TrayNode } from './nodes/ControlPlaneNodes';
import { PodNode } from './nodes/PodNode';
import { WorkerGroupNode, WorkerHeaderNode } from './nodes/WorkerNodes';
import { useDiagramModel } from './useDiagramLayout';
import { useSystemPods } from './systemPods';
import { SlowMotionNote } from './SlowMotionNote';
import { useObjectsOpen } from './objects/objectsStore';
import { paneNeedsLargeType, paneStore, useLargeType } from './largeType';
import { FastForwardStatus } from '../panels/FastForwardStatus';
import { CaptionBar, StoryPanel } from '../captions';
import { feedPulls } from './pulls';

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

/** The objects overlay's code (with the engine's ownership graph), loaded when it first opens. */
const ObjectsOverlay = lazy(() =>
  import('./objects/ObjectsOverlay').then((m) => ({ default: m.ObjectsOverlay })),
);

/** Pod names' font size in flow units (diagram.css), normally and in presenter mode. */
const POD_FONT = 15;
const PRESENTER_POD_FONT = 20;

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

/** The live cluster diagram: nodes, components, pods, edges and travelling messages. */
export function Diagram() {
  const presenter = useShell((s) => s.presenter);
  // Large type in presenter mode, and whenever the pane is too small for the detailed layout.
  const large = useLargeType(presenter);
  const storyOpen = useShell((s) => selectPanels(s).story);
  const objectsOpen = useObjectsOpen();
  // Level of detail follows the size pod names really have on screen, in device pixels (the
  // zoom times the browser's zoom): text under ~7 px is unreadable, so it is dropped.
  const podFont = large ? PRESENTER_POD_FONT : POD_FONT;
  const far = useStore((s) => s.transform[2] * (window.devicePixelRatio || 1) * podFont < 7);
  // Large type outside presenter mode is laid out tighter (COMPACT_SIZE): the pane is short.
  const { layout, nodes, edges, compactPods, compactArea } = useDiagramModel(
    far,
    large,
    !presenter,
  );
  const theme = useAppStore((s) => s.theme);
  const status = useAppStore((s) => s.status);
  const empty = useAppStore((s) => s.componentIds.length === 0);
  const workerCount = useAppStore((s) => s.shape?.workers ?? 0);
  const showSystem = useSystemPods((s) => (presenter ? s.presenter : s.normal));
  const fit = useFit();
  view.bounds = layoutBounds(layout.boxes);
  const hasLayout = layout.boxes.length > 0;
  // The view moves only when the learner asks (Fit, zoom, pan) — never because a pod appeared.
  // It is fitted once when a cluster is first drawn, and again for a new shape or mode, or when
  // the learner shows or hides the system pods (the control-plane box grows or shrinks).
  useEffect(() => {
    if (!hasLayout) return;
    view.userMoved = false;
    let raf = requestAnimationFrame(() => {
      raf = requestAnimationFrame(() => fit(false));
    });
    return () => cancelAnimationFrame(raf);
  }, [hasLayout, workerCount, large, presenter, showSystem, fit]);
  // A click also starts (and ends) a "move": only a real pan or zoom by the learner counts.
  const moveStart = useRef<Viewport | null>(null);
  const onMoveStart = useCallback((_: MouseEvent | TouchEvent | null, vp: Viewport) => {
    moveStart.current = vp;
  }, []);
  const onMoveEnd = useCallback((event: MouseEvent | TouchEvent | null, vp: Viewport) => {
    const start = moveStart.current;
    if (!event || !start) return;
    const moved =
      Math.abs(vp.x - start.x) > 2 || Math.abs(vp.y - start.y) > 2 || vp.zoom !== start.zoom;
    if (moved) view.userMoved = true;
  }, []);

  // The pane changes size when a panel is shown, hidden or resized, or the window resizes: until
  // the learner has moved the view, it is refitted (they asked for a different frame).
  const paneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = paneRef.current;
    if (!el) return;
    let timer = 0;
    const observer = new ResizeObserver(() => {
      const small = paneNeedsLargeType(el.clientWidth, el.clientHeight, devicePixelRatio || 1);
      if (paneStore.getState().small !== small) paneStore.setState({ small });
      // After React Flow has measured its new size (it observes the same element).
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (!view.userMoved) fit(false);
      }, 80);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [fit]);

  // The level of detail as an attribute, for the CSS that drops text when it is too small.
  useEffect(() => {
    if (paneRef.current) paneRef.current.dataset.lod = far ? 'far' : 'near';
  }, [far]);

  useEffect(() => feedPulls(appStore), []);

  const onPaneClick = useCallback(() => appStore.getState().select(null), []);

  return (
    <div className="kg-diagram-wrap">
      {!presenter && (
        <div className="kg-diagram-bar">
          <h2>Cluster</h2>
          {!objectsOpen && <SlowMotionNote inBar />}
          <span className="kg-spacer" />
          <ViewControls />
        </div>
      )}
      <FastForwardStatus />
      <div
        className={`kg-diagram${large ? ' is-presenter' : ''}`}
        aria-label="Cluster diagram"
        ref={paneRef}
      >
        <ReactFlow
          // Covered by the Objects overlay: not laid out, painted or reachable until it closes.
          className={objectsOpen ? 'is-covered' : undefined}
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
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          zoomOnDoubleClick={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          proOptions={{ hideAttribution: false }}
        >
          <Background gap={28} size={1.5} />
          {!large && (
            <Panel position="top-left" className="kg-legend-panel">
              <ul className="kg-legend" aria-label="Pod colours">
                <li className="tone-pending">Pending</li>
                <li className="tone-running">Running</li>
                <li className="tone-succeeded">Succeeded</li>
                <li className="tone-failed">Failed</li>
                <li className="tone-terminating">Terminating</li>
              </ul>
            </Panel>
          )}
          <CompactPodsLayer pods={compactPods} area={compactArea} />
          <MessageLayer layout={layout} />
          {!large && (
            <MiniMap
              position="bottom-right"
              pannable
              zoomable
              nodeColor={minimapColor}
              nodeStrokeWidth={0}
              style={{ width: 150, height: 100 }}
              ariaLabel="Overview of the cluster"
            />
          )}
        </ReactFlow>
        {status === 'starting' && empty && (
          <div className="kg-diagram-empty" role="status">
            Starting the cluster…
          </div>
        )}
        {storyOpen && <StoryPanel />}
        {objectsOpen && (
          <Suspense fallback={null}>
            <ObjectsOverlay />
          </Suspense>
        )}
        {presenter && !objectsOpen && <SlowMotionNote />}
      </div>
      <CaptionBar />
    </div>
  );
}
