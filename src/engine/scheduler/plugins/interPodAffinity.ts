import type { PodAffinityTerm } from 'kubernetes-types/core/v1';
import { matchesLabelSelector } from '../../api/labels';
import { changedNodes } from '../cache';
import type { Pod } from '../../api/types';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type ScorePlugin,
} from '../framework';

function termMatchesPod(term: PodAffinityTerm, owner: Pod, other: Pod): boolean {
  const namespaces = term.namespaces?.length ? term.namespaces : [owner.metadata?.namespace];
  return (
    namespaces.includes(other.metadata?.namespace) &&
    matchesLabelSelector(other.metadata?.labels, term.labelSelector)
  );
}

/** Per cycle and term: the topology domains holding a pod that matches it (PreFilter state). */
const termDomains = new WeakMap<
  CycleState,
  Map<PodAffinityTerm, { domains: Set<string>; any: boolean }>
>();

function matchingDomains(state: CycleState, term: PodAffinityTerm) {
  let perTerm = termDomains.get(state);
  if (!perTerm) termDomains.set(state, (perTerm = new Map()));
  let hit = perTerm.get(term);
  if (!hit) {
    hit = { domains: new Set<string>(), any: false };
    for (const n of state.allNodes) {
      if (!n.pods.some((p) => termMatchesPod(term, state.pod, p))) continue;
      hit.any = true;
      const d = n.labels[term.topologyKey];
      if (d !== undefined) hit.domains.add(d);
    }
    perTerm.set(term, hit);
  }
  return hit;
}

/** Is there a pod matching the term in the same topology domain as `info`? */
function domainHas(state: CycleState, info: NodeInfo, term: PodAffinityTerm): boolean {
  const domain = info.labels[term.topologyKey];
  if (domain === undefined) return false;
  return matchingDomains(state, term).domains.has(domain);
}

/** The required anti-affinity terms of a node's pods (NodeInfo.PodsWithRequiredAntiAffinity). */
const antiAffinityTerms = new WeakMap<NodeInfo, { pod: Pod; term: PodAffinityTerm }[]>();

function requiredAntiAffinity(info: NodeInfo): { pod: Pod; term: PodAffinityTerm }[] {
  let terms = antiAffinityTerms.get(info);
  if (!terms) {
    terms = [];
    for (const p of info.pods) {
      for (const term of p.spec?.affinity?.podAntiAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
        terms.push({ pod: p, term });
    }
    antiAffinityTerms.set(info, terms);
  }
  return terms;
}

/**
 * Per cycle: the existing pods' required anti-affinity terms that match the incoming pod, with
 * the labels of the node each such pod is on (k/k: existingAntiAffinityCounts).
 */
const existingAnti = new WeakMap<
  CycleState,
  { key: string; labels: Record<string, string> | undefined }[]
>();

/**
 * The nodes of the last snapshot whose pods have required anti-affinity terms, kept to update
 * for the next snapshot (which differs only in the NodeInfos of changed nodes): the snapshot's
 * havePodsWithRequiredAntiAffinityNodeInfoList in k/k.
 */
let antiMemo: { infos: NodeInfo[]; withTerms: Set<number> } | undefined;

function nodesWithAntiAffinity(infos: NodeInfo[]): number[] {
  const memo = antiMemo;
  if (memo && memo.infos.length === infos.length) {
    if (memo.infos !== infos) {
      const update = (i: number) => {
        if (infos[i] === memo.infos[i]) return;
        if (requiredAntiAffinity(infos[i]).length > 0) memo.withTerms.add(i);
        else memo.withTerms.delete(i);
      };
      // scale: only the entries the cache changed since the memo's snapshot, when it knows them.
      const changed = changedNodes(memo.infos, infos);
      if (changed) for (const i of changed) update(i);
      else for (let i = 0; i < infos.length; i++) update(i);
      memo.infos = infos;
    }
  } else {
    const withTerms = new Set<number>();
    for (let i = 0; i < infos.length; i++)
      if (requiredAntiAffinity(infos[i]).length > 0) withTerms.add(i);
    antiMemo = { infos, withTerms };
  }
  return [...antiMemo!.withTerms].sort((a, b) => a - b);
}

function existingAntiAffinity(state: CycleState) {
  let hit = existingAnti.get(state);
  if (!hit) {
    hit = [];
    for (const i of nodesWithAntiAffinity(state.allNodes)) {
      const n = state.allNodes[i];
      for (const { pod, term } of requiredAntiAffinity(n)) {
        if (termMatchesPod(term, pod, state.pod))
          hit.push({ key: term.topologyKey, labels: n.node.metadata?.labels });
      }
    }
    existingAnti.set(state, hit);
  }
  return hit;
}

/** InterPodAffinity: required pod affinity and anti-affinity filter; preferred terms score. */
export const InterPodAffinity: FilterPlugin & ScorePlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  skipFilter: (state) => {
    const aff = state.pod.spec?.affinity;
    return (
      !aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length &&
      !aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length &&
      existingAntiAffinity(state).length === 0
    );
  },
  // Only the pod's own preferred terms score; without them every node scores 0.
  skipScore: (state) => {
    const aff = state.pod.spec?.affinity;
    return (
      !aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length &&
      !aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length
    );
  },
  filter(state, info) {
    const aff = state.pod.spec?.affinity;
    for (const term of aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      // The first pod of a group may land anywhere when it matches its own term (k/k behaviour).
      const anyMatch = matchingDomains(state, term).any;
      const selfMatch = termMatchesPod(term, state.pod, state.pod);
      if (!domainHas(state, info, term) && (anyMatch || !selfMatch)) {
        return { reasons: ["node(s) didn't match pod affinity rules"], unresolvable: true };
      }
    }
    for (const term of aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (domainHas(state, info, term))
        return { reasons: ["node(s) didn't match pod anti-affinity rules"], unresolvable: false };
    }
    // Existing pods' anti-affinity against this pod: a matching term of a pod on a node in the
    // same domain as this one (the same value of the term's key, both unset included).
    const labels = info.node.metadata?.labels;
    for (const { key, labels: podNodeLabels } of existingAntiAffinity(state)) {
      if (podNodeLabels?.[key] === labels?.[key]) {
        return {
          reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"],
          unresolvable: false,
        };
      }
    }
    return undefined;
  },
  score(state, info) {
    let total = 0;
    const aff = state.pod.spec?.affinity;
    for (const w of aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (domainHas(state, info, w.podAffinityTerm)) total += w.weight;
    }
    for (const w of aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (domainHas(state, info, w.podAffinityTerm)) total -= w.weight;
    }
    return total;
  },
  normalize(_state, scores) {
    // k/k: interpodaffinity/scoring.go NormalizeScore: MaxNodeScore × (s − min) / (max − min),
    // 0 for every node when all scores are equal.
    let min = Infinity;
    let max = -Infinity;
    for (const v of scores) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    for (let i = 0; i < scores.length; i++)
      scores[i] = max > min ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / (max - min))) : 0;
  },
};
