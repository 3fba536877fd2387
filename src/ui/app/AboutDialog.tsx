import { useModalDialog } from './useModalDialog';
import { appStore, useAppStore } from '../store';

/** The Kubernetes release whose behaviour and texts the simulator follows. */
export const KUBERNETES_MINOR = 'v1.31';
export const KUBERNETES_PATCH = 'v1.31.4';

/** Keyboard shortcuts, as the About dialog lists them. */
export const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['Space', 'Play / pause the simulation (when focus is not in the editor or on a control)'],
  ['.', 'Step: deliver the next message, then pause'],
  ['Ctrl+Enter / ⌘+Enter', 'Apply the manifest (in the editor)'],
  ['Tab / Shift+Tab', 'Move between controls and every box of the diagram'],
  ['Enter / Space', 'Select the focused component, node or pod'],
  ['← / →', 'Switch tabs (Events, Why this node?, Terminal; Inspector, etcd)'],
  ['Escape', 'Close a menu or this dialog'],
  ['?', 'Open this dialog'],
];

/** "About kubeglass": the Kubernetes version simulated, how to use it, keyboard shortcuts. */
export function AboutDialog() {
  const open = useAppStore((s) => s.aboutOpen);
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="kg-dialog"
      aria-labelledby="about-title"
      onClose={() => appStore.getState().setAboutOpen(false)}
    >
      <header className="kg-dialog-header">
        <h2 id="about-title">About kubeglass</h2>
        <button
          type="button"
          className="kg-button kg-icon-button"
          aria-label="Close"
          onClick={() => appStore.getState().setAboutOpen(false)}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <p className="kg-about-version">
        Simulates Kubernetes {KUBERNETES_MINOR} ({KUBERNETES_PATCH})
      </p>
      <p>
        A whole cluster runs in this tab: kube-apiserver, etcd, kube-scheduler,
        kube-controller-manager and cloud-controller-manager on the control plane; kubelet,
        kube-proxy and a container runtime on every worker. Every dot you see is a real message
        between them; phases, reasons, events and kubectl output follow {KUBERNETES_MINOR}.
      </p>
      <h3>How to use it</h3>
      <ol>
        <li>
          Pick a manifest from <strong>Examples</strong> (or write one) and press{' '}
          <strong>Apply</strong>.
        </li>
        <li>
          Watch the requests travel: each colour is one flow, from kubectl to the API server, the
          scheduler, the kubelet and the container runtime.
        </li>
        <li>
          Click a pod, node or component to inspect it. For a pod, <strong>Why this node?</strong>{' '}
          shows the scheduler&apos;s filters and scores; <strong>Logs</strong> fetches its logs
          through the kubelet.
        </li>
        <li>
          Break things: <strong>Stop</strong> a component or delete a worker&apos;s VM from the
          inspector, and see what stalls. <strong>+1 min</strong> and <strong>+5 min</strong> skip
          long waits.
        </li>
        <li>
          <strong>Pause</strong> and <strong>Step</strong> to follow one message at a time; change
          the speed from 0.25× to 16×.
        </li>
      </ol>
      <h3>Keyboard shortcuts</h3>
      <table className="kg-table kg-compact">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
