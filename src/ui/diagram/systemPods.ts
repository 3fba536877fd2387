/**
 * Whether the diagram draws the cluster's system pods (kube-system and local-path-storage:
 * kube-proxy, kindnet, CoreDNS, the control plane's static pods…). Shown by default outside
 * presenter mode, hidden by default in it; each mode remembers the learner's choice.
 */
import { create } from 'zustand';

/** Namespaces whose pods the cluster itself runs. */
const SYSTEM_NAMESPACES = ['kube-system', 'local-path-storage'];

interface SystemPodsState {
  normal: boolean;
  presenter: boolean;
  set(presenter: boolean, show: boolean): void;
}

export const useSystemPods = create<SystemPodsState>((set) => ({
  normal: true,
  presenter: false,
  set: (presenter, show) => set(presenter ? { presenter: show } : { normal: show }),
}));

/** Whether a pod's etcd key (`/registry/pods/<ns>/<name>`) is a system pod's. */
export function isSystemPodKey(key: string): boolean {
  const ns = key.split('/')[3];
  return SYSTEM_NAMESPACES.includes(ns);
}

/** The pods by node without the system pods (the same object when there are none to drop). */
export function withoutSystemPods(
  byNode: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, readonly string[]>> {
  let out: Record<string, readonly string[]> | undefined;
  for (const [node, keys] of Object.entries(byNode)) {
    if (!keys.some(isSystemPodKey)) continue;
    out ??= { ...byNode };
    out[node] = keys.filter((k) => !isSystemPodKey(k));
  }
  return out ?? byNode;
}
