import type { Cluster } from '../cluster';
import type { Fault } from './format';
import { deleteVM } from '../cloud/index';

/**
 * Stop or start a component, as a scenario step or a UI button: `{ stop: kubelet, node: worker-2 }`,
 * `{ start: kube-scheduler }`, `{ stop: etcd }`. Returns a description, or throws with the reason.
 */
export function applyFault(cluster: Cluster, fault: Fault): string {
  if (fault.deleteVM !== undefined) return deleteVM(cluster, fault.deleteVM);
  const action =
    fault.stop !== undefined ? 'stop' : fault.start !== undefined ? 'start' : undefined;
  if (!action) throw new Error('a fault says `stop:`, `start:` or `deleteVM:` and the component');
  const name = (fault.stop ?? fault.start)!;
  const id = fault.node ? `${name}@${fault.node}` : name;
  const component = cluster.components().find((c) => c.id === id);
  if (component) {
    if (action === 'stop') component.stop();
    else component.start();
    return `${action} ${id}`;
  }
  if (name === 'etcd' || name === 'kube-apiserver') {
    if (action === 'stop') cluster.net.down.add(name);
    else cluster.net.down.delete(name);
    return `${action} ${name}`;
  }
  throw new Error(`no component "${id}"`);
}
