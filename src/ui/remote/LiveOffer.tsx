import { useState } from 'react';
import { useRemote } from './remoteMode';

/**
 * Served under `/kubeglass/` beside a real API server (kubectl proxy --www): offer to draw that
 * cluster instead of the simulation. Nothing is sent to the cluster until the user says so.
 */
export function LiveOffer() {
  const offer = useRemote((s) => s.offer);
  const [dismissed, setDismissed] = useState(false);
  if (!offer || dismissed) return null;
  const goLive = () => {
    const url = new URL(window.location.href);
    url.searchParams.set('live', '');
    window.location.assign(url.href.replace(/live=(&|$)/, 'live$1'));
  };
  return (
    <div className="kg-live-offer" role="region" aria-label="Live mode">
      <span>
        This page is served beside a Kubernetes API ({offer.version} at {new URL(offer.base).host}).
        Draw that real cluster, read-only, from its watch events?
      </span>
      <button type="button" className="kg-button kg-primary" onClick={goLive}>
        Show this cluster live
      </button>
      <button type="button" className="kg-button" onClick={() => setDismissed(true)}>
        Keep the simulation
      </button>
    </div>
  );
}
