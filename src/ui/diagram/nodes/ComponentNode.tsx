import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ComponentInfo, ControllerInfo } from '../../../protocol';
import { useAppStore, useShallow, useShell } from '../../store';
import { API_STAGES } from '../animator';
import { Handles } from './Handles';
import { PullBar } from './PullBar';
import { usePulls } from '../pulls';
import { useSelectableProps } from './selectable';
import { useLargeType } from '../largeType';

export type ComponentNodeType = Node<{ ref: string }, 'component'>;

/** How each component is named on the diagram and what it does, in one line. */
export const COMPONENT_TEXT: Record<ComponentInfo['kind'], { name: string; role: string }> = {
  'kube-apiserver': { name: 'kube-apiserver', role: 'the hub: REST API, admission, watch' },
  etcd: { name: 'etcd', role: 'key-value store of all objects' },
  'kube-scheduler': { name: 'kube-scheduler', role: 'assigns pods to nodes' },
  'kube-controller-manager': { name: 'kube-controller-manager', role: 'reconcile loops' },
  'cloud-controller-manager': {
    name: 'cloud-controller-manager',
    role: 'nodes, routes, load balancers',
  },
  kubelet: { name: 'kubelet', role: 'node agent: runs pods' },
  'kube-proxy': { name: 'kube-proxy', role: 'Service rules' },
  'container-runtime': { name: 'container runtime', role: 'containerd (CRI)' },
  kubectl: { name: 'kubectl / you', role: 'client outside the cluster' },
  // hpa:
  'metrics-server': { name: 'metrics-server', role: 'addon: metrics API' },
};

/** The accessible name of a component: `kubelet on worker-1`. */
export function componentLabel(c: Pick<ComponentInfo, 'kind' | 'node'>): string {
  const name = COMPONENT_TEXT[c.kind].name;
  if (c.kind === 'kubectl') return `${name}, outside the cluster`;
  if (c.kind === 'metrics-server') return `${name}, an addon pod in kube-system`;
  return `${name} on ${c.node ?? 'control-plane'}`;
}

/** A cluster component (control plane, node agent, or the kubectl client). */
export const ComponentNode = memo(function ComponentNode({ id }: NodeProps<ComponentNodeType>) {
  // What the box shows, field by field, in one selector (150 boxes' selectors run on every
  // batch): a kubelet's info changes with every pod it watches secrets and config maps for,
  // which this box does not draw.
  const info = useAppStore(
    useShallow((s) => {
      const c = s.components[id];
      return {
        kind: c?.kind,
        node: c?.node,
        running: c?.running,
        controllers: c?.controllers,
        highlightSeq: s.highlight?.componentId === id ? s.highlight.seq : 0,
        revision: c?.kind === 'etcd' ? s.revision : 0,
        selected: s.selection?.type === 'component' && s.selection.id === id,
      };
    }),
  );
  const { highlightSeq, revision, selected } = info;
  const focusSeq = useShell((s) => (s.focus?.components.includes(id) ? s.focus.seq : 0));
  const large = useLargeType(useShell((s) => s.presenter));
  const kind: ComponentInfo['kind'] = info.kind ?? 'kubectl';
  // Only a container runtime pulls images: the other boxes skip the search on every pull's tick.
  const runtime = kind === 'container-runtime';
  const pull = usePulls((s) => {
    if (runtime) for (const p of Object.values(s.pulls)) if (p.runtime === id) return p;
    return undefined;
  });
  const props = useSelectableProps({ type: 'component', id }, selected);
  const text = COMPONENT_TEXT[kind];
  const stopped = info.running === false;
  const label = componentLabel({ kind, node: info.node }) + (stopped ? ', stopped' : '');
  return (
    <div
      className={`kg-component kg-kind-${kind}${selected ? ' is-selected' : ''}${stopped ? ' is-stopped' : ''}`}
      aria-label={label}
      {...props}
    >
      <Handles />
      {highlightSeq > 0 && <span key={highlightSeq} className="kg-pulse" aria-hidden="true" />}
      {focusSeq > 0 && <span key={`f${focusSeq}`} className="kg-pulse" aria-hidden="true" />}
      <div className="kg-component-title">
        <span className="kg-component-name">{text.name}</span>
        {stopped && <span className="kg-badge kg-badge-bad">stopped</span>}
        {kind === 'etcd' && <span className="kg-badge">rev {revision}</span>}
      </div>
      <div className="kg-component-role">{text.role}</div>
      {kind === 'kube-apiserver' && <ApiServerPipeline />}
      {pull && <PullBar pull={pull} />}
      {info.controllers && info.controllers.length > 0 && (
        <Controllers controllers={info.controllers} compact={large} />
      )}
    </div>
  );
});

/** `syncing` (what a controller reconciles right now) comes with protocol v2; shown when present. */
type LiveController = ControllerInfo & { syncing?: string };

const busy = (c: LiveController) => !!c.syncing || c.queueDepth > 0;

/**
 * kube-controller-manager's controllers, one row each; a row lights up while its controller
 * works ("deployment: syncing default/web"). In large type (presenter mode, a small pane) there is room for two rows: the controllers at work, or a count when all are idle.
 */
function Controllers({
  controllers,
  compact,
}: {
  controllers: readonly LiveController[];
  compact: boolean;
}) {
  const shown = compact ? controllers.filter(busy).slice(0, 2) : controllers;
  const idle = controllers.length - controllers.filter(busy).length;
  return (
    <ul className="kg-controllers" aria-label="controllers">
      {shown.map((c) => (
        <li key={c.name} className={busy(c) ? 'is-busy' : undefined}>
          <span>{c.name}</span>
          <span
            className={`kg-queue${busy(c) ? ' is-busy' : ''}`}
            title={`${c.queueDepth} keys in the work queue`}
          >
            {c.syncing
              ? `syncing ${c.syncing}`
              : c.queueDepth > 0
                ? `${c.queueDepth} queued`
                : 'idle'}
          </span>
        </li>
      ))}
      {compact && shown.length < 2 && (
        <li className="kg-controllers-idle">
          {shown.length === 0 ? `${controllers.length} controllers, all idle` : `${idle} more idle`}
        </li>
      )}
    </ul>
  );
}

/** Short chip labels for the API server's request pipeline. */
const STAGE_CHIPS: Record<(typeof API_STAGES)[number], string> = {
  authentication: 'authn',
  authorization: 'authz',
  'mutating admission': 'mutating',
  validation: 'validation',
  'validating admission': 'validating',
};

/**
 * The request pipeline inside the API server's box. Static markup: the message animator lights
 * a chip in the flow's colour when a request passes that stage and writes the stage's detail on
 * the line below (outside React, like the dots).
 */
const ApiServerPipeline = memo(function ApiServerPipeline() {
  return (
    <div className="kg-apiserver-pipeline" aria-hidden="true">
      <div className="kg-apiserver-stages">
        {API_STAGES.map((s, i) => (
          <span key={s} className="kg-apiserver-stage-wrap">
            {i > 0 && <span className="kg-apiserver-arrow">→</span>}
            <span className="kg-apiserver-stage" data-stage={s} title={s}>
              {STAGE_CHIPS[s]}
            </span>
          </span>
        ))}
        <span className="kg-apiserver-arrow">→</span>
        <span className="kg-apiserver-stage is-static">etcd</span>
      </div>
      <div className="kg-apiserver-detail" />
    </div>
  );
});
