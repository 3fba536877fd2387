import { useEffect, useMemo, useState } from 'react';
import type { ComponentDetails, ComponentInfo } from '../../protocol';
import { useBridge } from '../bridge';
import { componentLabel, COMPONENT_TEXT } from '../diagram/nodes/ComponentNode';
import { COMPONENT_EXPLAIN } from './componentExplain';
import { appStore, useAppStore } from '../store';
import { useStore } from 'zustand';
import { timelineStore } from '../timeline/controller';
import { detailsAt, recordDetails } from '../timeline/details';
import { formatMemory } from '../../engine/public';
import { humanDuration } from './events';
import { FaultControls } from './FaultControls';
import { formatClock } from './PlaybackBar';

/** How many of a component's recent messages are listed. */
const RECENT = 40;
/** The inspector asks the worker for a component's caches, rules and queues this often (ms). */
export const INSPECT_INTERVAL_MS = 1000;

/**
 * Fetches `inspect` details for a component now and every second while it is shown.
 * @example const details = useComponentDetails('kube-proxy@worker-1');
 */
export function useComponentDetails(id: string): ComponentDetails | null {
  const bridge = useBridge();
  const [details, setDetails] = useState<{ id: string; d: ComponentDetails } | null>(null);
  // A past moment on the timeline: the details as they were fetched then, not the live ones.
  const viewAt = useStore(timelineStore, (t) => t.viewAt);
  useEffect(() => {
    if (viewAt !== null) return;
    let live = true;
    const fetchOnce = () => {
      const at = appStore.getState().simTime;
      bridge
        .request({ type: 'inspect', component: id })
        .then((r) => {
          if (r.details) recordDetails(id, at, r.details);
          if (live && r.details) setDetails({ id, d: r.details });
        })
        .catch(() => {
          // The worker restarted or failed: the banner says so; keep the last details.
        });
    };
    fetchOnce();
    const timer = window.setInterval(fetchOnce, INSPECT_INTERVAL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [bridge, id, viewAt]);
  if (viewAt !== null) return detailsAt(id, viewAt)?.details ?? null;
  return details?.id === id ? details.d : null;
}

/** A component: status, fault buttons, what it watches and holds, and its recent messages. */
export function ComponentView({ id }: { id: string }) {
  const info = useAppStore((s) => s.components[id]);
  const trace = useAppStore((s) => s.trace);
  const details = useComponentDetails(id);
  const recent = useMemo(() => {
    const out = [];
    for (let i = trace.length - 1; i >= 0 && out.length < RECENT; i--) {
      const ev = trace[i];
      if (ev.from === id || ev.to === id || ev.from.startsWith(`${id}/`)) out.push(ev);
    }
    return out;
  }, [trace, id]);
  if (!info) return <p className="kg-empty">{id} is not running in this cluster.</p>;
  const name = COMPONENT_TEXT[info.kind].name;
  return (
    <>
      <header className="kg-panel-header">
        <h2>{name}</h2>
        <span className="kg-muted">{componentLabel(info).replace(name, '').trim()}</span>
        <span className="kg-spacer" />
        <span className={`kg-badge ${info.running ? 'kg-badge-ok' : 'kg-badge-bad'}`}>
          {info.running ? 'running' : 'stopped'}
        </span>
      </header>
      <p className="kg-muted">{COMPONENT_TEXT[info.kind].role}</p>
      <p className="kg-explain">{COMPONENT_EXPLAIN[info.kind].does}</p>
      <p className="kg-explain">
        <strong>Writes:</strong> {COMPONENT_EXPLAIN[info.kind].writes}
      </p>
      <p className="kg-explain kg-muted">
        Read more on kubernetes.io: <cite>{COMPONENT_EXPLAIN[info.kind].conceptPage}</cite>
      </p>
      <FaultControls info={info} />
      <ControllersList info={info} />
      {details && <DetailsView details={details} />}
      <h3 className="kg-subhead">Watches</h3>
      {info.watches.length === 0 ? (
        <p className="kg-muted">{COMPONENT_EXPLAIN[info.kind].noWatches}</p>
      ) : (
        <ul className="kg-list kg-mono">
          {info.watches.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <h3 className="kg-subhead">Recent messages</h3>
      {recent.length === 0 ? (
        <p className="kg-muted">No messages yet.</p>
      ) : (
        <ol className="kg-messages-list">
          {recent.map((ev) => (
            <li key={ev.id}>
              <span className="kg-mono kg-muted">{(ev.sentAt / 1000).toFixed(3)}s</span>{' '}
              <span className="kg-mono">{ev.from === id ? `→ ${ev.to}` : `← ${ev.from}`}</span>{' '}
              <span className="kg-strong">{ev.summary}</span>
              {ev.status !== undefined && <span className="kg-muted"> {ev.status}</span>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** kube-controller-manager's (or the cloud's) controllers: queue depth and last reconcile. */
function ControllersList({ info }: { info: ComponentInfo }) {
  const simTime = useAppStore((s) => Math.floor(s.simTime / 1000) * 1000);
  if (!info.controllers?.length) return null;
  return (
    <>
      <h3 className="kg-subhead">Controllers</h3>
      <table className="kg-table kg-compact">
        <thead>
          <tr>
            <th scope="col">CONTROLLER</th>
            <th scope="col" className="kg-num">
              QUEUE
            </th>
            <th scope="col">LAST RECONCILE</th>
          </tr>
        </thead>
        <tbody>
          {info.controllers.map((c) => (
            <tr key={c.name}>
              <td className="kg-mono">{c.name}</td>
              <td className={`kg-num${c.queueDepth > 0 ? ' kg-strong' : ''}`}>{c.queueDepth}</td>
              <td className="kg-muted">
                {c.lastReconcile === undefined
                  ? 'never'
                  : `${humanDuration(Math.max(0, simTime - c.lastReconcile))} ago (${formatClock(c.lastReconcile)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** What the worker's `inspect` returned: image cache, rules, queue, cloud, pods. */
function DetailsView({ details }: { details: ComponentDetails }) {
  return (
    <>
      {details.queue && (
        <>
          <h3 className="kg-subhead">Scheduling queue</h3>
          <dl className="kg-facts kg-queue-sizes">
            <dt>activeQ</dt>
            <dd className="kg-mono">{details.queue.active}</dd>
            <dt>backoffQ</dt>
            <dd className="kg-mono">{details.queue.backoff}</dd>
            <dt>unschedulable</dt>
            <dd className="kg-mono">{details.queue.unschedulable}</dd>
          </dl>
        </>
      )}
      {details.images && (
        <>
          <h3 className="kg-subhead">Image cache ({details.images.length})</h3>
          {details.images.length === 0 ? (
            <p className="kg-muted">No images pulled yet.</p>
          ) : (
            <table className="kg-table kg-compact" aria-label="Images on this node">
              <thead>
                <tr>
                  <th scope="col">IMAGE</th>
                  <th scope="col" className="kg-num">
                    SIZE
                  </th>
                </tr>
              </thead>
              <tbody>
                {details.images.map((img) => (
                  <tr key={img.names.join(',')}>
                    <td className="kg-mono kg-wrap">
                      {img.names.filter((n) => !n.includes('@sha256:')).join(', ') || img.names[0]}
                    </td>
                    <td className="kg-num kg-mono">{formatMemory(img.sizeBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {details.rules && (
        <>
          <h3 className="kg-subhead">iptables rules ({details.rules.length} lines)</h3>
          <pre
            className="kg-code kg-rules"
            tabIndex={0}
            aria-label="kube-proxy rules, iptables-save"
          >
            {details.rules.join('\n') || '(no rules)'}
          </pre>
        </>
      )}
      {details.cloud && (
        <>
          <CloudList title="Routes" items={details.cloud.routes} empty="No routes yet." />
          <CloudList
            title="Load balancers"
            items={details.cloud.loadBalancers}
            empty="No Service of type LoadBalancer."
          />
          <CloudList title="VMs" items={details.cloud.vms} empty="No VMs." />
        </>
      )}
      {details.pods && (
        <>
          <h3 className="kg-subhead">Pods it runs ({details.pods.length})</h3>
          {details.pods.length === 0 ? (
            <p className="kg-muted">None.</p>
          ) : (
            <ul className="kg-list kg-mono">
              {details.pods.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function CloudList({ title, items, empty }: { title: string; items: unknown[]; empty: string }) {
  return (
    <>
      <h3 className="kg-subhead">
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="kg-muted">{empty}</p>
      ) : (
        <ul className="kg-list kg-mono">
          {items.map((item, i) => (
            <li key={i}>{typeof item === 'string' ? item : describeCloudItem(item)}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A route, load balancer or VM when the worker sends objects rather than lines. */
function describeCloudItem(item: unknown): string {
  const o = item as Record<string, unknown>;
  if (typeof o.destinationCIDR === 'string')
    return `${o.destinationCIDR} → ${o.targetInstance} (${o.targetNode})${o.state === 'blackhole' ? ' blackhole' : ''}`;
  if (typeof o.hostname === 'string') return `${o.hostname} → ${o.service} (${o.state})`;
  if (typeof o.instanceId === 'string')
    return `${o.name} ${o.instanceId} ${o.instanceType} ${o.zone} ${o.state}`;
  return JSON.stringify(item);
}
