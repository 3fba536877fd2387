/**
 * Pure helpers of the DaemonSet controller (k/k: pkg/controller/daemon/util/daemonset_util.go and
 * the decisions of daemon_controller.go and update.go), kept apart so they can be tested without
 * a cluster.
 */
import type { DaemonSet, Node, Pod, PodTemplateSpec, Toleration } from '../../api/types';
import type { Stored } from '../../api/stored';
import { clone } from '../../apiserver/patch';
import { matchesNodeSelectorAndAffinity } from '../../scheduler/plugins/nodeAffinity';
import { tolerates } from '../../scheduler/plugins/taintToleration';
import { TEMPLATE_GENERATION_ANNOTATION } from '../../apiserver/registry/apps/daemonset/strategy';
import { isPodAvailable, parseTime } from '../controllerUtils';
import { scaledValue } from '../deployment/util';
import { REVISION_HASH_LABEL } from '../history';

export { REVISION_HASH_LABEL } from '../history';
/** k/k: extensions.DaemonSetTemplateGenerationKey. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/**
 * k/k: util.AddOrUpdateDaemonPodTolerations — daemon pods tolerate the node conditions a
 * DaemonSet must survive (a not-ready node still runs its kube-proxy), in this order.
 */
export function daemonPodTolerations(template: PodTemplateSpec): Toleration[] {
  const out = [...(template.spec?.tolerations ?? [])];
  const add = (key: string, effect: string) => {
    const t: Toleration = { key, operator: 'Exists', effect };
    const i = out.findIndex((x) => x.key === key && x.effect === effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (template.spec?.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return out;
}

/** The DaemonSet's template generation (the `deprecated.daemonset.template.generation` annotation). */
export function templateGeneration(ds: DaemonSet): string | undefined {
  return ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
}

/**
 * k/k: util.CreatePodTemplate — the template with the daemon tolerations and the labels that
 * tie each pod to its template: `pod-template-generation` and `controller-revision-hash`.
 */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = clone(ds.spec!.template) as PodTemplateSpec;
  t.spec!.tolerations = daemonPodTolerations(t);
  const labels = { ...(t.metadata?.labels ?? {}) };
  const gen = templateGeneration(ds);
  if (gen) labels[TEMPLATE_GENERATION_LABEL] = gen;
  if (hash) labels[REVISION_HASH_LABEL] = hash;
  t.metadata = { ...(t.metadata ?? {}), labels };
  return t;
}

/**
 * k/k: util.ReplaceDaemonSetPodNodeNameNodeAffinity — since v1.12 a daemon pod is placed by
 * the default scheduler, held to its node by a required node affinity on `metadata.name`.
 */
export function withNodeAffinity(template: PodTemplateSpec, nodeName: string): PodTemplateSpec {
  const t = clone(template);
  const spec = t.spec!;
  const affinity = (spec.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] },
    ],
  };
  return t;
}

/** k/k: util.GetTargetNodeName — where a daemon pod is, or is meant to be. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
    }
  }
  return undefined;
}

/**
 * k/k: NodeShouldRunDaemonPod — `shouldRun`: a new daemon pod belongs on the node (its node
 * name, selector and affinity match, its NoSchedule and NoExecute taints are tolerated);
 * `shouldContinueRunning`: a pod already there may stay (only untolerated NoExecute taints evict).
 */
export function nodeShouldRunDaemonPod(
  node: Node,
  ds: DaemonSet,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const template = ds.spec?.template;
  const nodeName = node.metadata?.name ?? '';
  const want = template?.spec?.nodeName;
  if (want && want !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  const pod: Pod = { metadata: {}, spec: template?.spec ? clone(template.spec) : undefined };
  if (!matchesNodeSelectorAndAffinity(pod, node))
    return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = template ? daemonPodTolerations(template) : [];
  const untolerated = (node.spec?.taints ?? []).filter(
    (taint) =>
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') &&
      !tolerations.some((t) => tolerates(t, taint)),
  );
  if (untolerated.length === 0) return { shouldRun: true, shouldContinueRunning: true };
  return {
    shouldRun: false,
    shouldContinueRunning: !untolerated.some((t) => t.effect === 'NoExecute'),
  };
}

/** k/k: util.IsPodUpdated — the pod carries the current hash or template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (
    (!!generation && labels[TEMPLATE_GENERATION_LABEL] === generation) ||
    (!!hash && labels[REVISION_HASH_LABEL] === hash)
  );
}

/** k/k: podByCreationTimestampAndPhase — running pods first, then the oldest. */
export function byCreationAndPhase(a: Pod, b: Pod): number {
  const ra = a.status?.phase === 'Running' ? 0 : 1;
  const rb = b.status?.phase === 'Running' ? 0 : 1;
  if (ra !== rb) return ra - rb;
  const ta = parseTime(a.metadata?.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
}

/** k/k: util.AllowsSurge — a RollingUpdate with a non-zero maxSurge. */
export function allowsSurge(ds: DaemonSet): boolean {
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  return (
    ds.spec?.updateStrategy?.type === 'RollingUpdate' &&
    !!ru?.maxSurge &&
    ru.maxSurge !== '0%' &&
    scaledValue(ru.maxSurge, 100, true) > 0
  );
}

/** k/k: updatedDesiredNodeCounts's surge and unavailable budget: percentages round up. */
export function rollingBudget(ds: DaemonSet, desired: number): [number, number] {
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  const surge = allowsSurge(ds) ? scaledValue(ru?.maxSurge, desired, true) : 0;
  let unavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** k/k: findUpdatedPodsOnNode — the one new and one old pod on a node, or `ok: false`. */
export function findUpdatedPodsOnNode<P extends Pod>(
  ds: DaemonSet,
  pods: P[],
  hash: string,
): { ok: boolean; newPod?: P; oldPod?: P } {
  let newPod: P | undefined;
  let oldPod: P | undefined;
  const gen = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, gen)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ok: true, newPod, oldPod };
}

/**
 * k/k: DaemonSetsController.rollingUpdate (update.go) — which old pods to delete and on which
 * nodes to create new pods now, within maxUnavailable (or maxSurge).
 */
export function planRollingUpdate(
  ds: DaemonSet,
  nodes: Stored<Node>[],
  nodeToPods: Map<string, Stored<Pod>[]>,
  hash: string,
  nowMs: number,
): { podsToDelete: string[]; nodesToCreate: string[] } {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const eligible = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun);
  const [maxSurge, maxUnavailable] = rollingBudget(ds, eligible.length);
  const available = (p: Pod) => isPodAvailable(p, minReady, nowMs);
  const names = [...nodeToPods.keys()].sort();
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const node of names) {
      const { ok, newPod, oldPod } = findUpdatedPodsOnNode(ds, nodeToPods.get(node)!, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++;
        continue;
      }
      if (newPod) {
        if (!available(newPod)) numUnavailable++;
        continue;
      }
      if (!available(oldPod!)) allowed.push(oldPod!.metadata.name);
      else candidates.push(oldPod!.metadata.name);
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { podsToDelete: [...allowed, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }
  const eligibleNames = new Set(eligible.map((n) => n.metadata.name));
  let numSurge = 0;
  const toCreate: string[] = [];
  const candidateNodes: string[] = [];
  const toDelete: string[] = [];
  for (const node of names) {
    const { ok, newPod, oldPod } = findUpdatedPodsOnNode(ds, nodeToPods.get(node)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!eligibleNames.has(node)) continue;
      if (!available(oldPod)) toCreate.push(node);
      else candidateNodes.push(node);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else toDelete.push(oldPod.metadata.name);
  }
  const remaining = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length);
  return {
    podsToDelete: toDelete,
    nodesToCreate: [...toCreate, ...candidateNodes.slice(0, remaining)],
  };
}
