import { memo, useState } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { formatCpu, formatMemory } from '../../../engine/public';
import {
  nodeKeyOf,
  selectNodeReady,
  selectNodeTaints,
  nodeUsageSelector,
  shallowEqual,
  useAppStore,
  useShallow,
  useShell,
} from '../../store';
import type { AppState, NodeUsage } from '../../store';
import { countSystemPods, useSystemPods } from '../systemPods';
import { CompactPods } from './CompactPods';
import { useCompactPlacements } from '../compactPlacements';
import { useSelectableProps } from './selectable';

export type WorkerGroupNodeType = Node<{ ref: string; compact?: boolean }, 'workerGroup'>;
export type WorkerHeaderNodeType = Node<{ ref: string }, 'workerHeader'>;

/** The box of a worker node; its title and contents are separate nodes drawn above the edges. */
export const WorkerGroupNode = memo(function WorkerGroupNode({
  id,
  data,
}: NodeProps<WorkerGroupNodeType>) {
  const notReady = useAppStore((s) => selectNodeReady(s, data.ref) !== 'True');
  const pods = useCompactPlacements((s) => (data.compact ? s.byWorker.get(id) : undefined));
  const className = `kg-worker${notReady ? ' is-not-ready' : ''}`;
  if (!pods?.length) return <div className={className} aria-hidden="true" />;
  return (
    <div className={className}>
      <CompactPods node={data.ref} pods={pods} />
    </div>
  );
});

function Bar({
  label,
  used,
  total,
  format,
}: {
  label: string;
  used: number;
  total: number;
  format(n: number): string;
}) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div
      className="kg-bar"
      title={`${label}: ${format(used)} requested of ${format(total)} allocatable`}
    >
      <span className="kg-bar-label">{label}</span>
      <span className="kg-bar-track">
        <span className={`kg-bar-fill${pct > 90 ? ' is-full' : ''}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="kg-bar-value">
        {format(used)} / {format(total)}
      </span>
    </div>
  );
}

/** What a taint's effect does to pods, for the chip's tooltip. */
const TAINT_EFFECT: Record<string, string> = {
  NoSchedule: 'new pods without a matching toleration are not scheduled here',
  PreferNoSchedule: 'the scheduler avoids this node for pods without a matching toleration',
  NoExecute:
    'pods without a matching toleration are evicted (after their tolerationSeconds) and none are scheduled here',
};

/**
 * One taint on a worker: the key's last segment and the effect (`unreachable:NoExecute`); the
 * full `key=value:Effect` and what it does in the tooltip. The node lifecycle controller adds
 * `node.kubernetes.io/unreachable` and `not-ready` when a node stops reporting.
 */
function Taint({ taint }: { taint: string }) {
  const effect = taint.slice(taint.lastIndexOf(':') + 1);
  const key = taint.slice(0, taint.lastIndexOf(':')).replace(/=.*$/, '');
  const short = `${key.slice(key.lastIndexOf('/') + 1)}:${effect}`;
  return (
    <span
      className={`kg-taint kg-taint-${effect}`}
      title={`Taint ${taint}: ${TAINT_EFFECT[effect] ?? effect}`}
    >
      {short}
    </span>
  );
}

/** A worker's name, Ready condition, and requested vs allocatable CPU and memory. */
export const WorkerHeaderNode = memo(function WorkerHeaderNode({
  data,
}: NodeProps<WorkerHeaderNodeType>) {
  const name = data.ref;
  // With the system pods hidden (View › System pods), the count says how many are not drawn.
  const presenterMode = useShell((s) => s.presenter);
  const showSystem = useSystemPods((s) => (presenterMode ? s.presenter : s.normal));
  // Everything the header shows in one selector (50 headers' selectors run on every batch),
  // each part memoized on what it is made from.
  const [usageOf] = useState(() => {
    // A pod's status changing moves the node's pod version: the same figures keep their object.
    const select = nodeUsageSelector();
    let last: NodeUsage | undefined;
    return (s: AppState, node: string) => {
      const u = select(s, node);
      if (!last || !shallowEqual(last, u)) last = u;
      return last;
    };
  });
  const view = useAppStore(
    useShallow((s) => {
      const nodeKey = nodeKeyOf(s, name);
      return {
        usage: usageOf(s, name),
        nodeKey,
        selected: !!nodeKey && s.selection?.type === 'object' && s.selection.key === nodeKey,
        taintText: selectNodeTaints(s, name),
        kubeletStopped: s.components[`kubelet@${name}`]?.running === false,
        hidden: showSystem ? 0 : countSystemPods(s.podKeysByNode[name] ?? []),
      };
    }),
  );
  const { usage, nodeKey, selected, taintText, kubeletStopped, hidden } = view;
  const props = useSelectableProps(nodeKey ? { type: 'object', key: nodeKey } : null, selected);
  // kubectl get nodes: Ready when the Ready condition is True, else NotReady (False or Unknown).
  // k/k: pkg/printers/internalversion/printers.go printNode
  const status = !usage.registered
    ? 'not registered'
    : usage.ready === 'True'
      ? 'Ready'
      : 'NotReady';
  const statusText = status + (usage.unschedulable ? ',SchedulingDisabled' : '');
  const taints = taintText ? taintText.split('\n') : [];
  const podsText =
    `${usage.pods} ${usage.pods === 1 ? 'pod' : 'pods'}` +
    (hidden ? ` (${hidden} system ${hidden === 1 ? 'pod' : 'pods'} not drawn)` : '');
  const label =
    `Node ${name}, ${statusText}, ` +
    (taints.length ? `tainted ${taints.join(' and ')}, ` : '') +
    (kubeletStopped ? 'its kubelet stopped posting status, ' : '') +
    `CPU ${formatCpu(usage.cpuRequested)} of ${formatCpu(usage.cpuAllocatable)} requested, ` +
    `memory ${formatMemory(usage.memoryRequested)} of ${formatMemory(usage.memoryAllocatable)} requested, ${podsText}`;
  return (
    <div
      className={`kg-worker-header${selected ? ' is-selected' : ''}`}
      aria-label={label}
      {...(nodeKey ? props : { role: 'group' })}
    >
      <div className="kg-worker-title">
        <span className="kg-worker-kind">node</span>
        <span className="kg-worker-name">{name}</span>
        <span
          className={`kg-badge ${status === 'Ready' ? 'kg-badge-ok' : 'kg-badge-bad'}`}
          title={`Ready condition: ${usage.ready}`}
        >
          {statusText}
        </span>
        {kubeletStopped && (
          <span
            className="kg-badge kg-badge-bad"
            title="The kubelet is stopped: no node status, no Lease renewals; the node lifecycle controller will notice"
          >
            kubelet stopped posting status
          </span>
        )}
        {taints.map((t) => (
          <Taint key={t} taint={t} />
        ))}
        <span className="kg-worker-pods" title={podsText}>
          {usage.pods - hidden} {usage.pods - hidden === 1 ? 'pod' : 'pods'}
          {hidden ? ` +${hidden} system` : ''}
        </span>
      </div>
      <div className="kg-bars">
        <Bar
          label="CPU"
          used={usage.cpuRequested}
          total={usage.cpuAllocatable}
          format={formatCpu}
        />
        <Bar
          label="Mem"
          used={usage.memoryRequested}
          total={usage.memoryAllocatable}
          format={formatMemory}
        />
      </div>
    </div>
  );
});
