import { useCallback, useEffect, useState } from 'react';
import type { LocalPortInfo } from '../../protocol';
import { useBridge } from '../bridge';

/** How often the pane asks which ports are forwarded (wall ms), while it is shown. */
const REFRESH_MS = 1_000;

/** One forwarded port: its request path, "Send request", and the last response. */
function ForwardRow({ port }: { port: LocalPortInfo }) {
  const bridge = useBridge();
  const [path, setPath] = useState('/');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const send = useCallback(async () => {
    setBusy(true);
    try {
      const r = await bridge.request({ type: 'localRequest', port: port.local, path });
      setResult({ ok: r.ok, text: r.output });
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }, [bridge, port.local, path]);
  const name = `localhost:${port.local}`;
  return (
    <li className="kg-forward">
      <div className="kg-toolbar">
        <span className="kg-mono">
          {name} → {port.pod} :{port.remote}
        </span>
        <label className="kg-muted">
          Path{' '}
          <input
            className="kg-mono"
            aria-label={`Path to request on ${name}`}
            value={path}
            onChange={(e) => setPath(e.target.value || '/')}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void send();
            }}
            size={16}
          />
        </label>
        <button type="button" className="kg-button" disabled={busy} onClick={() => void send()}>
          {busy ? 'Sending…' : 'Send request'}
        </button>
        <span className="kg-muted kg-mono">curl {name + (path === '/' ? '' : path)}</span>
      </div>
      {result && (
        <pre
          className={`kg-code kg-wrap kg-forward-response${result.ok ? '' : ' is-error'}`}
          role="status"
          aria-label={`Response from ${name}`}
        >
          {result.text}
        </pre>
      )}
    </li>
  );
}

/**
 * The ports `kubectl port-forward` listens on, on the learner's machine: each can be sent a
 * request, which travels kubectl → API server → kubelet → container runtime into the pod (the
 * terminal's port-forward prints `Handling connection for …`).
 */
export function PortForwardPanel() {
  const bridge = useBridge();
  const [ports, setPorts] = useState<LocalPortInfo[] | undefined>();
  useEffect(() => {
    let live = true;
    const refresh = () =>
      bridge
        .request({ type: 'localPorts' })
        .then((r) => live && setPorts(r.ports))
        .catch(() => live && setPorts([]));
    void refresh();
    const id = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [bridge]);
  if (!ports) return null;
  if (!ports.length) {
    return (
      <p className="kg-empty">
        No port is forwarded. In the Terminal, try{' '}
        <code className="kg-mono">kubectl port-forward pod/NAME 8080:80</code>, then send it
        requests here or with <code className="kg-mono">curl localhost:8080</code>.
      </p>
    );
  }
  return (
    <ul className="kg-forwards" aria-label="Forwarded ports">
      {ports.map((p) => (
        <ForwardRow key={p.local} port={p} />
      ))}
    </ul>
  );
}
