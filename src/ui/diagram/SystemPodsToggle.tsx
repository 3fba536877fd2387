import { useShell } from '../store';
import { useSystemPods } from './systemPods';

/** The View menu's "System pods" checkbox (see ./systemPods). */
export function SystemPodsToggle() {
  const presenter = useShell((s) => s.presenter);
  const show = useSystemPods((s) => (presenter ? s.presenter : s.normal));
  return (
    <label
      className="kg-check"
      title="kube-proxy, kindnet, CoreDNS and the control plane's pods, which every cluster runs"
    >
      <input
        type="checkbox"
        checked={show}
        onChange={(e) => useSystemPods.getState().set(presenter, e.target.checked)}
      />
      System pods
    </label>
  );
}
