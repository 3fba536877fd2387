/**
 * The score table's model: one row per node of a SchedulingDecision — the filter that rejected
 * it and why, or each score plugin's normalised score and weighted contribution, and the total.
 * Pure, so it is tested in Node.
 */
import type { NodeVerdict, SchedulingDecision } from '../../protocol';
import { naturalCompare } from '../store/selectors';

/**
 * kube-scheduler's default score plugins and weights.
 * k/k: pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins
 */
export const SCORE_PLUGINS = [
  { name: 'TaintToleration', short: 'Taint', weight: 3 },
  { name: 'NodeAffinity', short: 'Affinity', weight: 2 },
  { name: 'PodTopologySpread', short: 'Spread', weight: 2 },
  { name: 'InterPodAffinity', short: 'Inter-pod', weight: 2 },
  { name: 'NodeResourcesFit', short: 'Fit', weight: 1 },
  { name: 'NodeResourcesBalancedAllocation', short: 'Balanced', weight: 1 },
  { name: 'ImageLocality', short: 'Image', weight: 1 },
] as const;

export interface ScoreCell {
  plugin: string;
  /** Normalised score, 0–100; undefined when the plugin did not score this node. */
  score?: number;
  /** score × weight. */
  weighted?: number;
}

export interface ScoreRow {
  node: string;
  chosen: boolean;
  /** Set when a filter rejected the node. */
  filtered?: { plugin: string; reasons: string[] };
  /** Passed every filter but was not scored (percentageOfNodesToScore). */
  notScored: boolean;
  cells: ScoreCell[];
  total?: number;
}

function row(v: NodeVerdict, selected: string | undefined): ScoreRow {
  const cells = SCORE_PLUGINS.map((p) => {
    const s = v.scores?.[p.name];
    return s ? { plugin: p.name, score: s.score, weighted: s.weighted } : { plugin: p.name };
  });
  return {
    node: v.node,
    chosen: v.node === selected,
    ...(v.filteredBy ? { filtered: v.filteredBy } : {}),
    notScored: !v.filteredBy && !v.scores,
    cells,
    ...(v.total !== undefined ? { total: v.total } : {}),
  };
}

/**
 * Rows in reading order: the chosen node first, then the other scored nodes by total (highest
 * first), then nodes that passed the filters but were not scored, then the filtered-out nodes.
 */
export function scoreRows(decision: SchedulingDecision): ScoreRow[] {
  const rank = (r: ScoreRow) => (r.chosen ? 0 : r.filtered ? 3 : r.notScored ? 2 : 1);
  return decision.verdicts
    .map((v) => row(v, decision.selected))
    .sort(
      (a, b) =>
        rank(a) - rank(b) || (b.total ?? 0) - (a.total ?? 0) || naturalCompare(a.node, b.node),
    );
}

/** One sentence for the table's caption: what the scheduler did and how many nodes it weighed. */
export function decisionSummary(decision: SchedulingDecision): string {
  const total = decision.verdicts.length;
  const filtered = decision.verdicts.filter((v) => v.filteredBy).length;
  const feasible = total - filtered;
  if (!decision.selected) {
    return `Attempt ${decision.attempt}: no node fits — ${filtered} of ${total} filtered out.`;
  }
  const chosen = decision.verdicts.find((v) => v.node === decision.selected);
  const score = chosen?.total !== undefined ? ` with a total of ${chosen.total}` : '';
  return (
    `Attempt ${decision.attempt}: ${feasible} of ${total} nodes passed the filters, ` +
    `${decision.scored} scored; ${decision.selected} won${score}.`
  );
}
