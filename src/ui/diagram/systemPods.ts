/**
 * Whether the diagram draws the cluster's system pods (kube-system and local-path-storage:
 * kube-proxy, kindnet, CoreDNS, the control plane's static pods…). Hidden by default in both
 * modes: the fifteen system pods of a three-worker cluster would take the room the learner's own
 * pods need (the control-plane box alone grows by three rows), and the normal layout's
 * readability at 1280×720 is measured without them. The View menu's "System pods" shows them
 * (what `kubectl get pods -A` lists); each mode remembers the learner's choice, across reloads.
 */
import { create } from 'zustand';
import { savedRecord } from '../store/shell';

/** Namespaces whose pods the cluster itself runs. */
const SYSTEM_NAMESPACES = ['kube-system', 'local-path-storage'];

interface SystemPodsState {
  normal: boolean;
  presenter: boolean;
  set(presenter: boolean, show: boolean): void;
}

const STORAGE_KEY = 'kubeglass.systemPods.v1';
const DEFAULTS = { normal: false, presenter: false };

/** The saved choice, field by field (a bad or missing entry falls back to the defaults). */
export function loadSystemPods(raw: string | null): { normal: boolean; presenter: boolean } {
  const saved = savedRecord(raw);
  const pick = (k: 'normal' | 'presenter') =>
    typeof saved[k] === 'boolean' ? (saved[k] as boolean) : DEFAULTS[k];
  return { normal: pick('normal'), presenter: pick('presenter') };
}

function readStorage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export const useSystemPods = create<SystemPodsState>((set, get) => ({
  ...loadSystemPods(readStorage()),
  set: (presenter, show) => {
    set(presenter ? { presenter: show } : { normal: show });
    try {
      const { normal, presenter: p } = get();
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ normal, presenter: p }));
    } catch {
      // Private mode or a full quota: the choice simply is not remembered.
    }
  },
}));

/**
 * Whether an object's etcd key (`/registry/<resource>/<ns>/<name>`, a pod's or any namespaced
 * object's) lies in a system namespace.
 */
export function isSystemPodKey(key: string): boolean {
  // The namespace is the fourth segment: found by index, since every pod of every worker is
  // checked whenever a pod comes or goes (a split per key showed in the rollout's profile).
  const a = key.indexOf('/', 1);
  const b = a < 0 ? -1 : key.indexOf('/', a + 1);
  if (b < 0) return false;
  const c = key.indexOf('/', b + 1);
  const ns = c < 0 ? key.slice(b + 1) : key.slice(b + 1, c);
  return SYSTEM_NAMESPACES.includes(ns);
}

const systemCounts = new WeakMap<readonly string[], number>();

/**
 * How many of a node's pod keys are system pods, counted once per key list (the store keeps a
 * list's identity while the node's pods stay the same; every worker's header asks on every change).
 */
export function countSystemPods(keys: readonly string[]): number {
  let n = systemCounts.get(keys);
  if (n === undefined) {
    n = keys.filter(isSystemPodKey).length;
    systemCounts.set(keys, n);
  }
  return n;
}

const withoutSystem = new WeakMap<readonly string[], readonly string[]>();

/**
 * The pods by node without the system pods (the same object when there are none to drop). A
 * node's filtered list is computed once per key list, so it keeps its identity while that node's
 * pods stay the same (every worker has system pods: kube-proxy, kindnet).
 */
export function withoutSystemPods(
  byNode: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, readonly string[]>> {
  let out: Record<string, readonly string[]> | undefined;
  for (const [node, keys] of Object.entries(byNode)) {
    if (countSystemPods(keys) === 0) continue;
    out ??= { ...byNode };
    let kept = withoutSystem.get(keys);
    if (!kept) {
      kept = keys.filter((k) => !isSystemPodKey(k));
      withoutSystem.set(keys, kept);
    }
    out[node] = kept;
  }
  return out ?? byNode;
}
