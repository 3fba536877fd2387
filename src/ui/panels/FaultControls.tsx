import { useState } from 'react';
import type { ComponentInfo, FaultSpec } from '../../protocol';
import { useBridge } from '../bridge';
import { COMPONENT_TEXT } from '../diagram/nodes/ComponentNode';

/** Components a fault can stop and start (issue 4 item 4): the control plane and node agents. */
const STOPPABLE = new Set<ComponentInfo['kind']>([
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
  'kubelet',
  'kube-proxy',
]);

/** What stopping each component makes a learner see. */
const WHAT_STOPS: Partial<Record<ComponentInfo['kind'], string>> = {
  'kube-apiserver': 'Every request fails; nothing in the cluster can change.',
  etcd: 'Every write fails: the API server cannot reach its storage.',
  'kube-scheduler': 'New pods stay Pending: nothing binds them to a node.',
  'kube-controller-manager': 'Replicas are not restored and rollouts stall.',
  'cloud-controller-manager': 'No routes, load balancers or cloud node updates.',
  kubelet: 'The node stops reporting: NotReady after 40 s, pods evicted 300 s later.',
  'kube-proxy': 'Service rules on this node stop following endpoint changes.',
};

/** The fault spec that stops or starts a component, as a scenario's `fault:` step says it. */
export function faultFor(info: Pick<ComponentInfo, 'kind' | 'node'>, action: 'stop' | 'start') {
  const spec: FaultSpec = { [action]: info.kind };
  if (info.kind === 'kubelet' || info.kind === 'kube-proxy') spec.node = info.node;
  return spec;
}

function useFault() {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const send = async (fault: FaultSpec) => {
    setBusy(true);
    try {
      const r = await bridge.request({ type: 'fault', fault });
      setResult({ ok: r.ok, text: r.output ?? (r.ok ? 'done' : 'failed') });
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return { busy, result, send };
}

/** Stop / Start for a component (and Delete VM for a worker's kubelet). */
export function FaultControls({ info }: { info: ComponentInfo }) {
  const { busy, result, send } = useFault();
  if (!STOPPABLE.has(info.kind)) return null;
  const name = COMPONENT_TEXT[info.kind].name;
  const where = info.node && (info.kind === 'kubelet' || info.kind === 'kube-proxy');
  const target = where ? `${name} on ${info.node}` : name;
  return (
    <div className="kg-faults" role="group" aria-label={`Faults for ${target}`}>
      <div className="kg-toolbar">
        {info.running ? (
          <button
            type="button"
            className="kg-button kg-danger"
            disabled={busy}
            onClick={() => void send(faultFor(info, 'stop'))}
            aria-label={`Stop ${target}`}
          >
            <span aria-hidden="true">■</span> Stop
          </button>
        ) : (
          <button
            type="button"
            className="kg-button kg-primary"
            disabled={busy}
            onClick={() => void send(faultFor(info, 'start'))}
            aria-label={`Start ${target}`}
          >
            <span aria-hidden="true">▶</span> Start
          </button>
        )}
        <span className="kg-muted kg-fault-hint">
          {info.running
            ? WHAT_STOPS[info.kind]
            : 'Stopped. Start it again and it relists and catches up.'}
        </span>
      </div>
      {result && (
        <p className={`kg-fault-result ${result.ok ? '' : 'is-error'}`} role="status">
          {result.text}
        </p>
      )}
      {info.kind === 'kubelet' && info.node && <DeleteVmControl node={info.node} />}
    </div>
  );
}

/** "Delete VM" for a worker, behind an inline confirmation. */
export function DeleteVmControl({ node }: { node: string }) {
  const { busy, result, send } = useFault();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="kg-delete-vm">
      {!confirming ? (
        <button
          type="button"
          className="kg-button kg-danger"
          onClick={() => setConfirming(true)}
          aria-label={`Delete VM of ${node}…`}
        >
          Delete VM…
        </button>
      ) : (
        <div className="kg-confirm" role="alertdialog" aria-label={`Delete the VM of ${node}?`}>
          <p>
            Delete the VM of <strong>{node}</strong>? Its kubelet and kube-proxy die with it; the
            node goes NotReady, and cloud-controller-manager deletes the Node once the cloud no
            longer has the instance.
          </p>
          <div className="kg-toolbar">
            <button
              type="button"
              className="kg-button kg-danger"
              disabled={busy}
              autoFocus
              onClick={() => {
                setConfirming(false);
                void send({ deleteVM: node });
              }}
            >
              Delete VM {node}
            </button>
            <button type="button" className="kg-button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className={`kg-fault-result ${result.ok ? '' : 'is-error'}`} role="status">
          {result.text}
        </p>
      )}
    </div>
  );
}
