import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { Pod } from '../../../engine/public';
import { useAppStore, useShell } from '../../store';
import { containerView, podView } from '../../store/podView';
import { Handles } from './Handles';
import { PullBar } from './PullBar';
import { usePulls } from '../pulls';
import { useSelectable } from './selectable';

export type PodNodeType = Node<{ ref: string }, 'pod'>;

/** A pod: name, kubectl STATUS in its phase colour, READY, image and one square per container. */
export const PodNode = memo(function PodNode({ data }: NodeProps<PodNodeType>) {
  const key = data.ref;
  const rec = useAppStore((s) => s.objects.get(key));
  const { selected, props } = useSelectable({ type: 'object', key });
  const focusSeq = useShell((s) => (s.focus?.objectKey === key ? s.focus.seq : 0));
  const name = rec?.name;
  const noScheduler = useAppStore((s) => s.components['kube-scheduler']?.running === false);
  const pull = usePulls((s) => {
    if (!name) return undefined;
    for (const p of Object.values(s.pulls)) if (p.pod === name) return p;
    return undefined;
  });
  if (!rec) return null;
  const pod = rec.object as Pod;
  const view = podView(pod);
  const node = pod.spec?.nodeName;
  const containers = pod.spec?.containers ?? [];
  const statuses = pod.status?.containerStatuses ?? [];
  const image = containers.map((c) => c.image).join(', ');
  const where = node
    ? `on ${node}`
    : `not yet scheduled${noScheduler ? ': kube-scheduler is not running' : ''}`;
  return (
    <div
      className={`kg-pod tone-${view.tone}${selected ? ' is-selected' : ''}`}
      aria-label={`Pod ${rec.name}, ${view.status}, ${where}`}
      {...props}
    >
      <Handles />
      {focusSeq > 0 && <span key={focusSeq} className="kg-pulse" aria-hidden="true" />}
      <div className="kg-pod-name" title={`${rec.namespace ?? 'default'}/${rec.name}`}>
        {rec.name}
      </div>
      <div className="kg-pod-status">
        <span className="kg-pod-phase">{view.status}</span>
        <span className="kg-pod-ready" title="READY containers">
          {view.ready}
        </span>
        {view.restarts > 0 && (
          <span className="kg-pod-restarts" title="RESTARTS">
            ↻{view.restarts}
          </span>
        )}
      </div>
      <div className="kg-pod-image">
        <span className="kg-containers">
          {containers.map((c) => {
            const cv = containerView(statuses.find((s) => s.name === c.name));
            return (
              <span
                key={c.name}
                className={`kg-container ct-${cv.tone}`}
                title={`${c.name}: ${cv.text}`}
              />
            );
          })}
        </span>
        <span className="kg-pod-image-text" title={image}>
          {image}
        </span>
      </div>
      {pull && <PullBar pull={pull} />}
    </div>
  );
});
