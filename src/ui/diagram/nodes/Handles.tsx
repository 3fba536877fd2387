import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';

/**
 * Invisible connection points: edges draw their own routes (see ../layout.ts), but React Flow
 * renders an edge only between nodes that have handles.
 */
export const Handles = memo(function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="kg-handle" />
      <Handle
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className="kg-handle"
      />
    </>
  );
});
