import { useCallback, useState } from 'react';
import type { ObjectRecord } from '../../protocol';
import { useBridge } from '../bridge';

const COUNTS = [10, 30, 100];

/**
 * "Send requests" for a Service: each request travels from a client outside the cluster through
 * a node's kube-proxy rules to one of the Service's ready pods, and the spread is shown.
 */
export function ServiceTraffic({
  rec,
  via,
}: {
  rec: ObjectRecord;
  /** net: send through another Service (an ingress controller's) with this Host and path. */
  via?: { service: string; host?: string; path?: string; label: string };
}) {
  const bridge = useBridge();
  const [count, setCount] = useState(30);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; ok: boolean; perPod: [string, number][] }>();
  const service = via?.service ?? `${rec.namespace ?? 'default'}/${rec.name}`;
  const host = via?.host;
  const path = via?.path;
  const send = useCallback(async () => {
    setBusy(true);
    try {
      const r = await bridge.request({
        type: 'traffic',
        service,
        count,
        ...(host ? { host } : {}),
        ...(path ? { path } : {}),
      });
      const perPod = Object.entries(r.traffic?.perPod ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
      setResult({ text: r.output ?? '', ok: r.ok, perPod });
    } catch (err) {
      setResult({ text: (err as Error).message, ok: false, perPod: [] });
    } finally {
      setBusy(false);
    }
  }, [bridge, service, count, host, path]);
  const total = result?.perPod.reduce((n, [, v]) => n + v, 0) ?? 0;
  return (
    <div className="kg-logs">
      <div className="kg-toolbar">
        <label className="kg-muted">
          Requests{' '}
          <select
            aria-label="Number of requests"
            value={count}
            onChange={(e) => setCount(Number(e.target.value))}
          >
            {COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="kg-button" disabled={busy} onClick={() => void send()}>
          {busy ? 'Sending…' : 'Send requests'}
        </button>
        <span className="kg-muted kg-mono">
          {via?.label ?? `curl ${rec.name} · through kube-proxy`}
        </span>
      </div>
      {result && (
        <div role="status" aria-label={`Traffic to ${rec.name}`}>
          <pre className={`kg-code kg-wrap${result.ok ? '' : ' is-error'}`}>{result.text}</pre>
          {result.perPod.length > 0 && (
            <table className="kg-table">
              <thead>
                <tr>
                  <th scope="col">Pod</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Share</th>
                </tr>
              </thead>
              <tbody>
                {result.perPod.map(([pod, n]) => (
                  <tr key={pod}>
                    <td className="kg-mono" title={pod}>
                      {pod.startsWith(`${rec.namespace ?? 'default'}/`)
                        ? pod.slice(pod.indexOf('/') + 1)
                        : pod}
                    </td>
                    <td>{n}</td>
                    <td>{total ? `${Math.round((n / total) * 100)}%` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
