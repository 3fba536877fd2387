/**
 * hpa: how the HPA controller turns a metric's proposal into the size it writes (k/k:
 * pkg/controller/podautoscaler/horizontal.go normalizeDesiredReplicas,
 * normalizeDesiredReplicasWithBehaviors and their helpers, v1.31), as pure functions over the
 * controller's remembered recommendations and scale events.
 */
import type { HPAScalingRules } from '../../api/hpa';

/** `--horizontal-pod-autoscaler-downscale-stabilization` (the path without `behavior`). */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
/** k/k: scaleUpLimitFactor, scaleUpLimitMinimum (the path without `behavior`). */
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface Recommendation {
  replicas: number;
  at: number;
}
export interface ScaleEvent {
  change: number;
  at: number;
}
/** A size and the condition that explains it (`ScaleUpLimit`, `DesiredWithinRange`…). */
export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

const WITHIN: Omit<Limited, 'replicas'> = {
  reason: 'DesiredWithinRange',
  message: 'the desired count is within the acceptable range',
};
const TOO_MANY = {
  reason: 'TooManyReplicas',
  message: 'the desired replica count is more than the maximum replica count',
};
const TOO_FEW = {
  reason: 'TooFewReplicas',
  message: 'the desired replica count is less than the minimum replica count',
};
const UP_LIMIT = {
  reason: 'ScaleUpLimit',
  message: 'the desired replica count is increasing faster than the maximum scale rate',
};
const DOWN_LIMIT = {
  reason: 'ScaleDownLimit',
  message: 'the desired replica count is decreasing faster than the maximum scale rate',
};

/**
 * k/k: stabilizeRecommendation — the highest recommendation of the window (the new one
 * included), so the size drops only once every recent recommendation is lower. Mutates `recs`:
 * the new one is recorded and those older than the window are dropped.
 */
export function stabilizeRecommendation(
  recs: Recommendation[],
  recommendation: number,
  now: number,
  windowMs = DOWNSCALE_STABILIZATION_MS,
): number {
  let max = recommendation;
  for (const r of recs) if (r.at >= now - windowMs && r.replicas > max) max = r.replicas;
  prune(recs, now - windowMs);
  recs.push({ replicas: recommendation, at: now });
  return max;
}

/** k/k: convertDesiredReplicasWithRules — min/max and the scale-up limit max(2 × current, 4). */
export function convertDesiredReplicasWithRules(
  current: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
): Limited {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const [maximum, why] =
    maxReplicas > scaleUpLimit ? [scaleUpLimit, UP_LIMIT] : [maxReplicas, TOO_MANY];
  if (desired < minReplicas) return { replicas: minReplicas, ...TOO_FEW };
  if (desired > maximum) return { replicas: maximum, ...why };
  return { replicas: desired, ...WITHIN };
}

/**
 * k/k: stabilizeRecommendationWithBehaviors — the current size moved no lower than the lowest
 * recommendation of the scale-up window and no higher than the highest of the scale-down window.
 */
export function stabilizeWithBehaviors(
  recs: Recommendation[],
  current: number,
  recommendation: number,
  now: number,
  up: Required<HPAScalingRules>,
  down: Required<HPAScalingRules>,
): Limited {
  const upMs = (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downMs = (down.stabilizationWindowSeconds ?? 300) * 1000;
  let upRec = recommendation;
  let downRec = recommendation;
  for (const r of recs) {
    if (r.at > now - upMs) upRec = Math.min(upRec, r.replicas);
    if (r.at > now - downMs) downRec = Math.max(downRec, r.replicas);
  }
  prune(recs, now - Math.max(upMs, downMs));
  recs.push({ replicas: recommendation, at: now });
  let result = current;
  if (result < upRec) result = upRec;
  if (result > downRec) result = downRec;
  return recommendation >= current
    ? {
        replicas: result,
        reason: 'ScaleUpStabilized',
        message:
          'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        replicas: result,
        reason: 'ScaleDownStabilized',
        message:
          'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

/** k/k: getReplicasChangePerPeriod. */
function changedWithin(events: ScaleEvent[], periodSeconds: number, now: number): number {
  let sum = 0;
  for (const e of events) if (e.at > now - periodSeconds * 1000) sum += e.change;
  return sum;
}

/** k/k: calculateScaleUpLimitWithScalingRules. */
export function scaleUpLimit(
  current: number,
  upEvents: ScaleEvent[],
  downEvents: ScaleEvent[],
  rules: Required<HPAScalingRules>,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  let result = minChange ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start =
      current -
      changedWithin(upEvents, p.periodSeconds, now) +
      changedWithin(downEvents, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = minChange ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** k/k: calculateScaleDownLimitWithBehaviors. */
export function scaleDownLimit(
  current: number,
  upEvents: ScaleEvent[],
  downEvents: ScaleEvent[],
  rules: Required<HPAScalingRules>,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  let result = minChange ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start =
      current -
      changedWithin(upEvents, p.periodSeconds, now) +
      changedWithin(downEvents, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = minChange ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** k/k: convertDesiredReplicasWithBehaviorRate. */
export function convertWithBehaviorRate(
  current: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
  upEvents: ScaleEvent[],
  downEvents: ScaleEvent[],
  up: Required<HPAScalingRules>,
  down: Required<HPAScalingRules>,
  now: number,
): Limited {
  if (desired > current) {
    const limit = Math.max(scaleUpLimit(current, upEvents, downEvents, up, now), current);
    const [maximum, why] = maxReplicas > limit ? [limit, UP_LIMIT] : [maxReplicas, TOO_MANY];
    if (desired > maximum) return { replicas: maximum, ...why };
  } else if (desired < current) {
    const limit = Math.min(scaleDownLimit(current, upEvents, downEvents, down, now), current);
    const [minimum, why] = minReplicas < limit ? [limit, DOWN_LIMIT] : [minReplicas, TOO_FEW];
    if (desired < minimum) return { replicas: minimum, ...why };
  }
  return { replicas: desired, ...WITHIN };
}

function prune<T extends { at: number }>(list: T[], cutoff: number): void {
  let keep = 0;
  for (const x of list) if (x.at >= cutoff) list[keep++] = x;
  list.length = keep;
}
