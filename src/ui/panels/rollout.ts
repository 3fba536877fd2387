/**
 * A Deployment's rollout as the learner follows it: its ReplicaSets old and new with their
 * counts, the surge/unavailable bounds, and the Progressing/Available conditions. Pure.
 */
import { REVISION_ANNOTATION } from '../../engine/public';
import type { Deployment, ReplicaSet } from '../../engine/public';

/** k/k: pkg/controller/deployment/util RevisionAnnotation */

export interface ReplicaSetRow {
  name: string;
  revision: number;
  /** The ReplicaSet with the highest revision: the one the rollout scales up. */
  isNew: boolean;
  desired: number;
  current: number;
  ready: number;
  available: number;
  image: string;
}

/** ReplicaSets controlled by the Deployment, newest revision first. */
export function replicaSetRows(d: Deployment, all: readonly ReplicaSet[]): ReplicaSetRow[] {
  const uid = d.metadata?.uid;
  const owned = all.filter((rs) =>
    (rs.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === uid),
  );
  const rows = owned.map((rs) => ({
    name: rs.metadata?.name ?? '',
    revision: Number(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0) || 0,
    isNew: false,
    desired: rs.spec?.replicas ?? 0,
    current: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
    image: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image).join(', '),
  }));
  rows.sort((a, b) => b.revision - a.revision || (a.name < b.name ? -1 : 1));
  if (rows.length) rows[0].isNew = true;
  return rows;
}

/**
 * A percentage or a count against `total`, rounded as the deployment controller does.
 * k/k: pkg/controller/deployment/util ResolveFenceposts (intstr.GetScaledValueFromIntOrPercent)
 */
function scaled(v: number | string | undefined, total: number, roundUp: boolean, dflt: string) {
  const value = v ?? dflt;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export interface RolloutBounds {
  strategy: string;
  maxSurge?: string;
  maxUnavailable?: string;
  surge: number;
  unavailable: number;
  /** The most pods the rollout may run at once: replicas + surge. */
  maxPods: number;
  /** The fewest available pods it keeps: replicas − unavailable. */
  minAvailable: number;
}

/**
 * The RollingUpdate fenceposts: maxSurge rounds up, maxUnavailable rounds down, and when both are
 * 0 unavailable becomes 1. Defaults 25% and 25%.
 */
export function rolloutBounds(d: Deployment): RolloutBounds {
  const replicas = d.spec?.replicas ?? 1;
  const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') {
    return { strategy, surge: 0, unavailable: replicas, maxPods: replicas, minAvailable: 0 };
  }
  const ru = d.spec?.strategy?.rollingUpdate;
  const surge = scaled(ru?.maxSurge, replicas, true, '25%');
  let unavailable = scaled(ru?.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return {
    strategy,
    maxSurge: String(ru?.maxSurge ?? '25%'),
    maxUnavailable: String(ru?.maxUnavailable ?? '25%'),
    surge,
    unavailable,
    maxPods: replicas + surge,
    minAvailable: Math.max(0, replicas - unavailable),
  };
}
