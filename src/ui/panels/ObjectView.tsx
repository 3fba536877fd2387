import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as YamlModule from 'yaml';
import type { Pod } from '../../engine/public';
import type { ObjectRecord } from '../../protocol';
import { useStore } from 'zustand';
import { useBridge } from '../bridge';
import { timelineStore } from '../timeline/controller';
import { ServiceTraffic } from './ServiceTraffic';
import { IngressTraffic } from './IngressTraffic';
import { appStore, CONTROL_PLANE_LABEL, findObjectKey, useAppStore } from '../store';
import { DeleteVmControl } from './FaultControls';
import { RolloutView } from './RolloutView';

type YamlLib = typeof YamlModule;

/** The `yaml` library, loaded the first time an object is inspected: not needed to draw the page. */
let yamlLib: YamlLib | undefined;

/** An object as YAML; empty for the moment it takes to load the library the first time. */
function useYaml(object: unknown): string {
  const [lib, setLib] = useState(yamlLib);
  useEffect(() => {
    if (lib) return;
    let live = true;
    void import('yaml').then((m) => {
      yamlLib = m;
      if (live) setLib(m);
    });
    return () => {
      live = false;
    };
  }, [lib]);
  return useMemo(
    () => (lib && object ? lib.stringify(object, { lineWidth: 0 }) : ''),
    [lib, object],
  );
}

/** The selected object: its etcd key and revisions, owner, logs for a pod, live YAML. */
export function ObjectView({ objectKey }: { objectKey: string }) {
  const rec = useAppStore((s) => s.objects.get(objectKey));
  const yamlText = useYaml(rec?.object);
  const past = useStore(timelineStore, (t) => t.viewAt !== null);
  if (!rec) {
    return (
      <p className="kg-empty">
        <code>{objectKey}</code>{' '}
        {past
          ? 'is not stored at this moment: the object did not exist yet, or was deleted already.'
          : 'is no longer stored: the object was deleted.'}
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
      <OwnerLink rec={rec} />
      {rec.kind === 'Pod' && <PodScheduling rec={rec} />}
      {rec.kind === 'Pod' && <PodLogs rec={rec} />}
      {rec.kind === 'Deployment' && <RolloutView rec={rec} />}
      {rec.kind === 'Service' && <ServiceTraffic rec={rec} />}
      {/* net: requests through the ingress controller */}
      {rec.kind === 'Ingress' && <IngressTraffic rec={rec} />}
      {rec.kind === 'Node' && !(CONTROL_PLANE_LABEL in (rec.object.metadata?.labels ?? {})) && (
        <DeleteVmControl node={rec.name} />
      )}
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
  // A past moment on the timeline: the log as it was then, not the live one.
  const viewAt = useStore(timelineStore, (t) => t.viewAt);
  const pod = rec.object as Pod;
  const uid = pod.metadata?.uid ?? '';
  const fetchLogs = useCallback(
    async (previous = false) => {
      const { setLogs } = appStore.getState();
      const at = viewAt ?? undefined;
      setLogs({ podKey: rec.key, loading: true, text: null, at, previous });
      try {
        const result =
          at === undefined
            ? await bridge.request({
                type: 'logs',
                namespace: rec.namespace ?? 'default',
                pod: rec.name,
                previous,
              })
            : await bridge.request({ type: 'pastLogs', uid, at });
        setLogs({
          podKey: rec.key,
          loading: false,
          text: result.output ?? '',
          error: result.ok ? undefined : (result.output ?? 'the request failed'),
          at,
          previous,
        });
      } catch (err) {
        setLogs({
          podKey: rec.key,
          loading: false,
          text: null,
          error: (err as Error).message,
          at,
        });
      }
    },
    [bridge, rec.key, rec.name, rec.namespace, uid, viewAt],
  );
  // Logs already shown follow the timeline: moving to another moment shows that moment's lines.
  const shownAt = logs?.at ?? null;
  useEffect(() => {
    if (logs && !logs.loading && shownAt !== viewAt)
      void fetchLogs(viewAt === null && logs.previous);
  }, [fetchLogs, logs, shownAt, viewAt]);
  return (
    <div className="kg-logs">
      <div className="kg-toolbar">
        <button type="button" className="kg-button" onClick={() => void fetchLogs()}>
          Logs
        </button>
        <button
          type="button"
          className="kg-button"
          onClick={() => void fetchLogs(true)}
          disabled={viewAt !== null}
          aria-label="Logs of the previous container (kubectl logs --previous)"
          title={viewAt !== null ? 'Only at the live edge' : undefined}
        >
          Previous
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
          {logs.text ||
            (logs.at !== undefined ? '(no log lines yet at this moment)' : '(no log lines yet)')}
        </pre>
      )}
    </div>
  );
}

/** "Controlled by ReplicaSet/web-5d8f7c9b4": a link to the object's controller (owner). */
function OwnerLink({ rec }: { rec: ObjectRecord }) {
  const owner = rec.object.metadata?.ownerReferences?.find((o) => o.controller);
  const ownerKey = useAppStore((s) =>
    owner ? findObjectKey(s, owner.kind, rec.namespace, owner.name) : undefined,
  );
  if (!owner) return null;
  return (
    <p className="kg-owner">
      <span className="kg-muted">Controlled By</span>{' '}
      {ownerKey ? (
        <button
          type="button"
          className="kg-link kg-mono"
          onClick={() => appStore.getState().select({ type: 'object', key: ownerKey })}
        >
          {owner.kind}/{owner.name}
        </button>
      ) : (
        <span className="kg-mono">
          {owner.kind}/{owner.name}
        </span>
      )}
    </p>
  );
}

/** Where kube-scheduler put the pod, with a way to the score table. */
function PodScheduling({ rec }: { rec: ObjectRecord }) {
  const uid = rec.object.metadata?.uid;
  const decision = useAppStore((s) => (uid ? s.decisions.get(uid) : undefined));
  const pod = rec.object as Pod;
  const node = pod.spec?.nodeName;
  return (
    <div className="kg-scheduling-summary">
      <p>
        {node ? (
          <>
            On <strong>{node}</strong>
            {decision?.selected === node && ' — chosen by kube-scheduler'}
          </>
        ) : decision?.message ? (
          <span className="kg-warn-text">
            <span aria-hidden="true">⚠ </span>Unschedulable: {decision.message}
          </span>
        ) : (
          'Not scheduled yet.'
        )}
      </p>
      <button
        type="button"
        className="kg-button"
        onClick={() => appStore.getState().setDockTab('scheduling')}
      >
        Why this node?
      </button>
    </div>
  );
}
