import { useCallback, useMemo } from 'react';
import { stringify } from 'yaml';
import type { Pod } from '../../engine/api/types';
import type { ObjectRecord } from '../../protocol';
import { useBridge } from '../bridge';
import { componentLabel, COMPONENT_TEXT } from '../diagram/nodes/ComponentNode';
import { appStore, useAppStore } from '../store';

/** How many of a component's recent messages are listed. */
const RECENT = 40;

/** The selected object (live YAML, etcd key, revisions; logs for a pod) or component. */
export function InspectorPanel() {
  const selection = useAppStore((s) => s.selection);
  return (
    <section className="kg-panel kg-inspector" aria-label="Inspector">
      {!selection && (
        <p className="kg-empty">
          Select a component, node or pod in the diagram, a row in Events, or a key in etcd to see
          it here.
        </p>
      )}
      {selection?.type === 'object' && <ObjectView objectKey={selection.key} />}
      {selection?.type === 'component' && <ComponentView id={selection.id} />}
    </section>
  );
}

function ObjectView({ objectKey }: { objectKey: string }) {
  const rec = useAppStore((s) => s.objects[objectKey]);
  const yamlText = useMemo(() => (rec ? stringify(rec.object, { lineWidth: 0 }) : ''), [rec]);
  if (!rec) {
    return (
      <p className="kg-empty">
        <code>{objectKey}</code> is no longer stored: the object was deleted.
      </p>
    );
  }
  return (
    <>
      <header className="kg-panel-header">
        <h2>
          {rec.kind.toLowerCase()}/{rec.name}
        </h2>
        {rec.namespace && <span className="kg-muted">namespace {rec.namespace}</span>}
      </header>
      <dl className="kg-facts">
        <dt>etcd key</dt>
        <dd className="kg-mono">{rec.key}</dd>
        <dt>created at revision</dt>
        <dd className="kg-mono">{rec.createRevision}</dd>
        <dt>modified at revision</dt>
        <dd className="kg-mono">
          {rec.modRevision} <span className="kg-muted">(resourceVersion)</span>
        </dd>
      </dl>
      {rec.kind === 'Pod' && <PodLogs rec={rec} />}
      <h3 className="kg-subhead">Live object</h3>
      <pre className="kg-code" tabIndex={0} aria-label={`YAML of ${rec.kind} ${rec.name}`}>
        {yamlText}
      </pre>
    </>
  );
}

function PodLogs({ rec }: { rec: ObjectRecord }) {
  const bridge = useBridge();
  const logs = useAppStore((s) => (s.logs?.podKey === rec.key ? s.logs : null));
  const pod = rec.object as Pod;
  const fetchLogs = useCallback(async () => {
    const { setLogs } = appStore.getState();
    setLogs({ podKey: rec.key, loading: true, text: null });
    try {
      const result = await bridge.request({
        type: 'logs',
        namespace: rec.namespace ?? 'default',
        pod: rec.name,
      });
      setLogs({
        podKey: rec.key,
        loading: false,
        text: result.output ?? '',
        error: result.ok ? undefined : (result.output ?? 'the request failed'),
      });
    } catch (err) {
      setLogs({ podKey: rec.key, loading: false, text: null, error: (err as Error).message });
    }
  }, [bridge, rec.key, rec.name, rec.namespace]);
  return (
    <div className="kg-logs">
      <div className="kg-toolbar">
        <button type="button" className="kg-button" onClick={() => void fetchLogs()}>
          Logs
        </button>
        <span className="kg-muted kg-mono">
          kubectl logs {rec.name}
          {pod.spec?.nodeName ? ` · via kubelet on ${pod.spec.nodeName}` : ''}
        </span>
      </div>
      {logs?.loading && <p className="kg-muted">Waiting for the kubelet…</p>}
      {logs && !logs.loading && logs.error && <pre className="kg-code is-error">{logs.error}</pre>}
      {logs && !logs.loading && !logs.error && (
        <pre className="kg-code kg-log-lines" tabIndex={0} aria-label={`Logs of ${rec.name}`}>
          {logs.text || '(no log lines yet)'}
        </pre>
      )}
    </div>
  );
}

function ComponentView({ id }: { id: string }) {
  const info = useAppStore((s) => s.components[id]);
  const trace = useAppStore((s) => s.trace);
  const recent = useMemo(() => {
    const out = [];
    for (let i = trace.length - 1; i >= 0 && out.length < RECENT; i--) {
      const ev = trace[i];
      if (ev.from === id || ev.to === id || ev.from.startsWith(`${id}/`)) out.push(ev);
    }
    return out;
  }, [trace, id]);
  if (!info) return <p className="kg-empty">{id} is not running in this cluster.</p>;
  return (
    <>
      <header className="kg-panel-header">
        <h2>{COMPONENT_TEXT[info.kind].name}</h2>
        <span className="kg-muted">
          {componentLabel(info).replace(COMPONENT_TEXT[info.kind].name, '').trim()}
        </span>
        <span className="kg-spacer" />
        <span className={`kg-badge ${info.running ? 'kg-badge-ok' : 'kg-badge-bad'}`}>
          {info.running ? 'running' : 'stopped'}
        </span>
      </header>
      <p className="kg-muted">{COMPONENT_TEXT[info.kind].role}</p>
      <h3 className="kg-subhead">Watches</h3>
      {info.watches.length === 0 ? (
        <p className="kg-muted">Nothing: it only answers requests.</p>
      ) : (
        <ul className="kg-list kg-mono">
          {info.watches.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {info.controllers && info.controllers.length > 0 && (
        <>
          <h3 className="kg-subhead">Controllers</h3>
          <ul className="kg-list">
            {info.controllers.map((c) => (
              <li key={c.name}>
                <span className="kg-strong">{c.name}</span>{' '}
                <span className="kg-muted">
                  queue {c.queueDepth}
                  {c.lastReconcile !== undefined
                    ? ` · last reconcile at ${(c.lastReconcile / 1000).toFixed(1)} s`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
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
