import { useMemo } from 'react';
import type { Pod } from '../../engine/public';
import type { SchedulingDecision } from '../../protocol';
import { useAppStore } from '../store';
import { decisionSummary, SCORE_PLUGINS, scoreRows } from './scoreTable';

/** The selected pod's record, when the selection is a pod. */
function useSelectedPod() {
  return useAppStore((s) => {
    if (s.selection?.type !== 'object') return undefined;
    const rec = s.objects.get(s.selection.key);
    return rec?.kind === 'Pod' ? rec : undefined;
  });
}

/**
 * "Why this node?": kube-scheduler's last attempt for the selected pod — for every node, the
 * filter that rejected it (with the reason the FailedScheduling event counts), or each score
 * plugin's normalised score (0–100) and weighted contribution, and the total that decided.
 */
export function ScorePanel() {
  const schedulerStopped = useAppStore((st) => st.components['kube-scheduler']?.running === false);
  const rec = useSelectedPod();
  const uid = rec?.object.metadata?.uid;
  const decision = useAppStore((s) => (uid ? s.decisions.get(uid) : undefined));
  const pod = rec?.object as Pod | undefined;
  return (
    <section className="kg-panel kg-scores" aria-label="Why this node?">
      <header className="kg-panel-header">
        <h2>{rec ? `pod/${rec.name}` : 'Why this node?'}</h2>
        <span className="kg-spacer" />
        <span className="kg-muted">
          kube-scheduler: filter the nodes, score the rest, bind the best
        </span>
      </header>
      <div className="kg-scores-body">
        {!rec && (
          <p className="kg-empty">
            Select a pod in the diagram to see how kube-scheduler chose its node.
          </p>
        )}
        {rec && !decision && (
          <p className="kg-empty">
            {pod?.spec?.nodeName
              ? `kube-scheduler made no decision for this pod in this session: it is on ${pod.spec.nodeName}` +
                (pod.spec.schedulerName && pod.spec.schedulerName !== 'default-scheduler'
                  ? ` (schedulerName ${pod.spec.schedulerName}).`
                  : ' (spec.nodeName was set, or it was scheduled before this view opened).')
              : schedulerStopped
                ? 'kube-scheduler is not running: nothing places this pod on a node until it starts again.'
                : 'kube-scheduler has not tried to place this pod yet.'}
          </p>
        )}
        {decision && <DecisionTable decision={decision} />}
      </div>
    </section>
  );
}

function DecisionTable({ decision }: { decision: SchedulingDecision }) {
  const rows = useMemo(() => scoreRows(decision), [decision]);
  const chosenTotal = rows.find((r) => r.chosen)?.total;
  const ties = rows.filter((r) => !r.filtered && r.total === chosenTotal).length;
  return (
    <>
      {decision.message && (
        <p className="kg-failed-scheduling" role="note">
          <span className="kg-strong">
            <span aria-hidden="true">⚠ </span>Warning FailedScheduling
          </span>{' '}
          <span className="kg-mono">{decision.message}</span>
        </p>
      )}
      <p className="kg-muted kg-scores-caption">
        {decisionSummary(decision)}
        {ties > 1 ? ` ${ties} nodes tied; kube-scheduler broke the tie at random.` : ''}
      </p>
      <div className="kg-table-scroll" tabIndex={0} aria-label="Score table">
        <table className="kg-table kg-score-table">
          <caption className="kg-visually-hidden">
            Scores of pod {decision.namespace}/{decision.pod} per node and plugin
          </caption>
          <thead>
            <tr>
              <th scope="col">NODE</th>
              {SCORE_PLUGINS.map((p) => (
                <th
                  key={p.name}
                  scope="col"
                  className="kg-num"
                  title={`${p.name}, weight ${p.weight}`}
                >
                  <abbr title={p.name}>{p.short}</abbr>
                  <span className="kg-weight">×{p.weight}</span>
                </th>
              ))}
              <th scope="col" className="kg-num">
                TOTAL
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.node}
                className={r.chosen ? 'is-chosen' : r.filtered ? 'is-filtered' : undefined}
              >
                <th scope="row" className="kg-mono">
                  {r.node}
                  {r.chosen && <span className="kg-badge kg-badge-ok">chosen</span>}
                </th>
                {r.filtered ? (
                  <td colSpan={SCORE_PLUGINS.length + 1} className="kg-filter-reason">
                    <span className="kg-badge kg-badge-bad">filtered by {r.filtered.plugin}</span>{' '}
                    <span className="kg-mono">{r.filtered.reasons.join('; ')}</span>
                  </td>
                ) : r.notScored ? (
                  <td colSpan={SCORE_PLUGINS.length + 1} className="kg-muted">
                    passed the filters;{' '}
                    {decision.scored === 0 || rows.filter((x) => !x.filtered).length === 1
                      ? 'the only feasible node, so no scoring was needed'
                      : 'not scored (percentageOfNodesToScore)'}
                  </td>
                ) : (
                  <>
                    {r.cells.map((c) => (
                      <td key={c.plugin} className="kg-num">
                        {c.score === undefined ? (
                          <span className="kg-muted">–</span>
                        ) : (
                          <>
                            <span className="kg-score">{fmt(c.weighted!)}</span>
                            <span className="kg-score-raw" title="normalised score (0–100)">
                              {fmt(c.score)}
                            </span>
                          </>
                        )}
                      </td>
                    ))}
                    <td className="kg-num kg-strong">
                      {r.total === undefined ? '–' : fmt(r.total)}
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="kg-muted kg-scores-legend">
        Each cell: the weighted contribution (large) = the plugin&apos;s normalised score 0–100
        (small) × its weight. The highest total wins.
      </p>
    </>
  );
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
