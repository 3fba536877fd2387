import { memo } from 'react';
import type { Edge, EdgeProps } from '@xyflow/react';
import type { EdgeKind } from './layout';

export type RouteEdgeType = Edge<{ d: string; kind: EdgeKind }, 'route'>;

/**
 * An edge drawn along the route computed by the layout (not between React Flow's handles), so
 * message dots travel exactly on it.
 */
export const RouteEdge = memo(function RouteEdge({ data }: EdgeProps<RouteEdgeType>) {
  if (!data) return null;
  return <path className={`kg-edge kg-edge-${data.kind}`} d={data.d} fill="none" />;
});
