import { useBridge } from '../bridge';
import { useAppStore } from '../store';

/** Shown when the worker failed: what happened, and a Restart. The editor's text stays. */
export function ErrorBanner() {
  const bridge = useBridge();
  const status = useAppStore((s) => s.status);
  const message = useAppStore((s) => s.fatalMessage);
  if (status !== 'failed') return null;
  return (
    <div className="kg-banner" role="alert">
      <span>
        <strong>The simulation stopped:</strong> {message || 'unknown error'}
      </span>
      <span className="kg-muted">Your manifest is kept.</span>
      <button type="button" className="kg-button kg-primary" onClick={() => bridge.restart()}>
        Restart
      </button>
    </div>
  );
}
