import { useMemo } from 'react';
import type { Deployment, ReplicaSet } from '../../engine/public';
import type { ObjectRecord } from '../../protocol';
import { appStore, keysOf, useAppStore, useShallow } from '../store';
import { replicaSetRows, rolloutBounds } from './rollout';

/**
 * A Deployment's rollout, live: ReplicaSets old and new with DESIRED/CURRENT/READY, the surge and
 * unavailable bounds, and the Progressing and Available conditions.
 */
export function RolloutView({ rec }: { rec: ObjectRecord }) {
  const d = rec.object as Deployment;
  const ns = rec.namespace ?? 'default';
  // ReplicaSet records of the namespace: the same records keep their identity between batches.
  const replicaSets = useAppStore(
    useShallow((s) =>
      keysOf(s.keysByKind, 'ReplicaSet')
        .flatMap((k) => s.objects.get(k) ?? [])
        .filter((r) => r.namespace === ns),
    ),
  );
  const rows = useMemo(
    () =>
      replicaSetRows(
        d,
        replicaSets.map((r) => r.object as ReplicaSet),
      ),
    [d, replicaSets],
  );
  const bounds = rolloutBounds(d);
  const st = d.status ?? {};
  const replicas = d.spec?.replicas ?? 1;
  const conditions = (st.conditions ?? []).filter(
    (c) => c.type === 'Progressing' || c.type === 'Available' || c.type === 'ReplicaFailure',
  );
  const selectRs = (name: string) => {
    const s = appStore.getState();
    const key = keysOf(s.keysByKind, 'ReplicaSet').find(
      (k) => s.objects.get(k)?.name === name && s.objects.get(k)?.namespace === ns,
    );
    if (key) s.select({ type: 'object', key });
  };
  return (
    <section className="kg-rollout" aria-label={`Rollout of deployment ${rec.name}`}>
      <h3 className="kg-subhead">Rollout</h3>
      <p className="kg-rollout-counts">
        <span>
          <strong>{st.readyReplicas ?? 0}</strong>/{replicas} ready
        </span>
        <span>
          <strong>{st.updatedReplicas ?? 0}</strong> up-to-date
        </span>
        <span>
          <strong>{st.availableReplicas ?? 0}</strong> available
        </span>
        {(st.unavailableReplicas ?? 0) > 0 && (
          <span className="kg-warn-text">
            <strong>{st.unavailableReplicas}</strong> unavailable
          </span>
        )}
      </p>
      <p className="kg-muted">
        {bounds.strategy === 'RollingUpdate' ? (
          <>
            RollingUpdate: maxSurge <span className="kg-mono">{bounds.maxSurge}</span> (+
            {bounds.surge} pod{bounds.surge === 1 ? '' : 's'}), maxUnavailable{' '}
            <span className="kg-mono">{bounds.maxUnavailable}</span> ({bounds.unavailable} pod
            {bounds.unavailable === 1 ? '' : 's'}) — at most {bounds.maxPods} pods, at least{' '}
            {bounds.minAvailable} available.
          </>
        ) : (
          <>Recreate: old pods are all deleted before new ones start.</>
        )}
      </p>
      <table className="kg-table kg-compact" aria-label="ReplicaSets">
        <thead>
          <tr>
            <th scope="col">REPLICASET</th>
            <th scope="col" className="kg-num">
              DESIRED
            </th>
            <th scope="col" className="kg-num">
              CURRENT
            </th>
            <th scope="col" className="kg-num">
              READY
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={4} className="kg-muted">
                No ReplicaSets yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.name} className={r.isNew ? 'is-new' : 'is-old'}>
              <td>
                <button
                  type="button"
                  className="kg-link kg-mono"
                  onClick={() => selectRs(r.name)}
                  title={r.image}
                >
                  {r.name}
                </button>{' '}
                <div className="kg-rs-meta">
                  <span className={`kg-badge ${r.isNew ? 'kg-badge-ok' : ''}`}>
                    {r.isNew ? 'new' : 'old'}
                  </span>{' '}
                  <span className="kg-muted">revision {r.revision || '–'}</span>
                </div>
              </td>
              <td className="kg-num kg-mono">{r.desired}</td>
              <td className="kg-num kg-mono">{r.current}</td>
              <td className="kg-num kg-mono">{r.ready}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="kg-subhead">Conditions</h3>
      {conditions.length === 0 ? (
        <p className="kg-muted">None reported yet.</p>
      ) : (
        <ul className="kg-conditions">
          {conditions.map((c) => (
            <li key={c.type}>
              <span className="kg-strong">{c.type}</span>{' '}
              <span className={`kg-badge ${c.status === 'True' ? 'kg-badge-ok' : 'kg-badge-bad'}`}>
                {c.status}
              </span>{' '}
              <span className="kg-mono">{c.reason}</span>
              {c.message && <div className="kg-muted">{c.message}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
