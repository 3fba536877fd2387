import { useBridge } from '../bridge';
import { useAppStore } from '../store';

/**
 * Shown when the worker failed (Restart) or stopped answering (Stop): either rebuilds the run
 * from its log, so every object comes back, paused. The editor's text stays.
 */
export function ErrorBanner() {
  const bridge = useBridge();
  const status = useAppStore((s) => s.status);
  const message = useAppStore((s) => s.fatalMessage);
  if (status !== 'failed' && status !== 'busy') return null;
  const busy = status === 'busy';
  return (
    <div className="kg-banner" role="alert">
      <span>
        <strong>{busy ? 'The simulation is busy:' : 'The simulation stopped:'}</strong>{' '}
        {message || 'unknown error'}
      </span>
      <span className="kg-muted">Your manifest is kept; your objects come back, paused.</span>
      <button type="button" className="kg-button kg-primary" onClick={() => bridge.restart()}>
        {busy ? 'Stop' : 'Restart'}
      </button>
    </div>
  );
}
