import { useRemote } from './remoteMode';

/**
 * In place of the playback controls when the page draws a cluster it does not simulate: what it
 * shows and how honest the messages are. Attached to sim serve, the messages are the engine's
 * own trace; live on a real cluster, they are inferred from watch events.
 */
export function RemoteBadge() {
  const mode = useRemote((s) => s.mode);
  const base = useRemote((s) => s.base);
  const version = useRemote((s) => s.version);
  if (mode === 'sim') return null;
  const where = base ? new URL(base).host : '';
  if (mode === 'attach')
    return (
      <div
        className="kg-remote-badge is-attach"
        role="status"
        title="This page runs no simulation of its own: it draws the cluster sim serve simulates, with every message its engine traces, including the requests of real kubectl and client libraries."
      >
        <span className="kg-remote-dot" aria-hidden="true" />
        Attached to sim serve at {where}
      </div>
    );
  return (
    <div
      className="kg-remote-badge is-live"
      role="status"
      title="A real cluster, through kubectl proxy. Its components' messages cannot be seen from outside: each one drawn is inferred from a watch event (a pod bound, started, deleted; a Lease renewed), not captured."
    >
      <span className="kg-remote-dot" aria-hidden="true" />
      Live: inferred from watch events
      <span className="kg-remote-target">
        {where}
        {version ? ` · ${version}` : ''}
      </span>
    </div>
  );
}
