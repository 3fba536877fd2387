import { memo } from 'react';
import type { Edge, EdgeProps } from '@xyflow/react';
import { useAppStore } from '../store';
import type { EdgeKind } from './layout';

export type RouteEdgeType = Edge<{ d: string; kind: EdgeKind }, 'route'>;

/**
 * An edge drawn along the route computed by the layout (not between React Flow's handles), so
 * message dots travel exactly on it. Dimmed when a component at either end is stopped: no
 * traffic flows there.
 */
export const RouteEdge = memo(function RouteEdge({
  data,
  source,
  target,
}: EdgeProps<RouteEdgeType>) {
  const stopped = useAppStore(
    (s) => s.components[source]?.running === false || s.components[target]?.running === false,
  );
  if (!data) return null;
  return (
    <path
      className={`kg-edge kg-edge-${data.kind}${stopped ? ' is-stopped' : ''}`}
      d={data.d}
      fill="none"
    />
  );
});
