import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useAppStore } from '../../store';
import { useCompactPlacements } from '../compactPlacements';
import { CompactPods } from './CompactPods';

export type ControlPlaneNodeType = Node<{ ref: string }, 'controlPlane'>;
export type ControlPlaneTitleNodeType = Node<{ ref: string }, 'controlPlaneTitle'>;
export type TrayNodeType = Node<{ ref: string; compact?: boolean }, 'tray'>;

/** The control-plane node's box. */
export const ControlPlaneNode = memo(function ControlPlaneNode() {
  return <div className="kg-control-plane" aria-hidden="true" />;
});

/**
 * The control-plane node's title with its taint — the reason it runs no ordinary pods
 * (kubeadm taints it `node-role.kubernetes.io/control-plane:NoSchedule`).
 */
export const ControlPlaneTitleNode = memo(function ControlPlaneTitleNode() {
  return (
    <div
      className="kg-cp-title"
      role="group"
      aria-label="Node control-plane, tainted node-role.kubernetes.io/control-plane:NoSchedule, runs no ordinary pods"
    >
      <span className="kg-worker-kind">node</span>
      <span className="kg-worker-name">control-plane</span>
      <span className="kg-taint" title="Pods without a matching toleration are not scheduled here">
        taint node-role.kubernetes.io/control-plane:NoSchedule
      </span>
    </div>
  );
});

/** Pods the scheduler has not bound yet (no `spec.nodeName`). */
export const TrayNode = memo(function TrayNode({ id, data }: NodeProps<TrayNodeType>) {
  const count = useAppStore((s) => s.podKeysByNode['']?.length ?? 0);
  // Far out on a big cluster its pods are squares on the compact pods' canvas (./CompactPods).
  const pods = useCompactPlacements((s) => (data.compact ? s.byWorker.get(id) : undefined));
  const stopped = useAppStore((s) => s.components['kube-scheduler']?.running === false);
  const more = Number(data.ref);
  return (
    <div
      className="kg-tray"
      role="group"
      aria-label={`Pending, not yet scheduled: ${count} pods${stopped ? ', kube-scheduler is not running' : ''}`}
    >
      <div className="kg-tray-title">Pending — not yet scheduled</div>
      <div className={`kg-tray-sub${stopped ? ' is-bad' : ''}`}>
        {stopped
          ? `kube-scheduler is not running: ${count} pod${count === 1 ? '' : 's'} will wait`
          : count === 0
            ? 'no pods waiting'
            : `${count} pod${count === 1 ? '' : 's'} waiting for kube-scheduler`}
      </div>
      {more > 0 && <div className="kg-tray-more">+{more} more</div>}
      {!!pods?.length && <CompactPods node="" pods={pods} />}
    </div>
  );
});
