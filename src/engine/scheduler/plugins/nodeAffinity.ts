import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import type { Node, Pod } from '../../api/types';
import { defaultNormalize, type FilterPlugin, type ScorePlugin } from '../framework';

function matchRequirement(node: Node, r: NodeSelectorRequirement): boolean {
  const labels = node.metadata?.labels ?? {};
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return v !== undefined && (r.values ?? []).includes(v);
    case 'NotIn':
      return v === undefined || !(r.values ?? []).includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(r.values?.[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(r.values?.[0]);
    default:
      return false;
  }
}

function matchTerm(node: Node, term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => matchRequirement(node, r)) &&
    fields.every(
      (f) =>
        f.key !== 'metadata.name' ||
        matchRequirement(
          { metadata: { labels: { 'metadata.name': node.metadata!.name! } } },
          { ...f, key: 'metadata.name' },
        ),
    )
  );
}

/**
 * Does the node satisfy the pod's nodeSelector and required node affinity
 * (k/k: component-helpers/scheduling/corev1/nodeaffinity GetRequiredNodeAffinity().Match)?
 */
export function matchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const spec = pod.spec;
  if (!hasRequiredNodeAffinity(pod)) return true;
  const labels = node.metadata?.labels ?? {};
  const selectorOk = Object.entries(spec?.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return selectorOk && (!required || required.nodeSelectorTerms.some((t) => matchTerm(node, t)));
}

/** Whether the pod has a nodeSelector or required node affinity (else every node matches). */
export function hasRequiredNodeAffinity(pod: Pod): boolean {
  const spec = pod.spec;
  if (spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) return true;
  for (const _ in spec?.nodeSelector ?? {}) return true;
  return false;
}

/** NodeAffinity: nodeSelector and requiredDuringScheduling terms filter; preferred terms score. */
export const NodeAffinity: FilterPlugin & ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  skipFilter: (state) => !hasRequiredNodeAffinity(state.pod),
  skipScore: (state) =>
    !state.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution
      ?.length,
  filter(state, info) {
    if (matchesNodeSelectorAndAffinity(state.pod, info.node)) return undefined;
    return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  },
  score(state, info) {
    let total = 0;
    for (const p of state.pod.spec?.affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (p.weight && matchTerm(info.node, p.preference)) total += p.weight;
    }
    return total;
  },
  normalize(_state, scores) {
    defaultNormalize(scores, false);
  },
};
