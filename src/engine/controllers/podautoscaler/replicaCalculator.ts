/**
 * hpa: the HPA's replica calculation for resource metrics (k/k: pkg/controller/podautoscaler/
 * replica_calculator.go GetResourceReplicas, groupPods, and metrics/utilization.go
 * GetResourceUtilizationRatio, v1.31). Pure: the controller passes pods, metrics and the time.
 */
import type { KubeObject, Pod } from '../../api/types';
import type { Named, StoredObject } from '../../api/stored';
import { cpuMillis, memoryBytes } from '../../api/quantity';

/** `--horizontal-pod-autoscaler-tolerance`. */
export const TOLERANCE = 0.1;
/** `--horizontal-pod-autoscaler-cpu-initialization-period`. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** `--horizontal-pod-autoscaler-initial-readiness-delay`. */
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** One pod's usage from the metrics API (milli-units: millicores or milli-bytes). */
export interface PodMetric {
  /** Virtual ms of the sample, and its window. */
  timestamp: number;
  windowMs: number;
  value: number;
}

export interface ReplicaResult {
  replicas: number;
  /** Average utilization in percent of the request (an integer, as k/k's int32). */
  utilization: number;
  /** Average usage per pod, milli-units. */
  rawAverage: number;
}

const parseTs = (ts: string | undefined) => (ts ? Date.parse(ts) : undefined);

/** k/k: groupPods — which pods count, which are unready, which have no metrics, which are ignored. */
export function groupPods(
  pods: Named<Pod>[],
  metrics: Map<string, PodMetric>,
  resource: 'cpu' | 'memory',
  nowAbs: number,
): { ready: number; unready: Set<string>; missing: Set<string>; ignored: Set<string> } {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let ready = 0;
  for (const pod of pods) {
    const name = pod.metadata.name;
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
      const start = parseTs(pod.status?.startTime);
      let isUnready: boolean;
      if (!cond || start === undefined) isUnready = true;
      else {
        const transition = parseTs(cond.lastTransitionTime) ?? 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > nowAbs) {
          // Young pods: a sample must cover a whole window since the pod turned ready.
          isUnready = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          // Older pods: ignored only if unready and never ready since they started.
          isUnready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
        }
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

/** k/k: calculatePodRequests — the sum of the containers' requests, milli-units. */
export function podRequests(
  pods: Named<Pod>[],
  resource: 'cpu' | 'memory',
): Map<string, number> | { error: string } {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.spec?.containers ?? []) {
      const q = c.resources?.requests?.[resource];
      if (q === undefined)
        return {
          error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`,
        };
      sum += resource === 'cpu' ? cpuMillis(q) : memoryBytes(q) * 1000;
    }
    out.set(pod.metadata.name, sum);
  }
  return out;
}

/** k/k: GetResourceUtilizationRatio. */
export function utilizationRatio(
  metrics: Map<string, PodMetric>,
  requests: Map<string, number>,
  target: number,
): { ratio: number; utilization: number; rawAverage: number } | { error: string } {
  let usage = 0;
  let requested = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    usage += m.value;
    requested += r;
    n++;
  }
  if (requested === 0) return { error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((usage * 100) / requested);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(usage / n) };
}

/** k/k: GetResourceReplicas with the missing- and unready-pod rules. */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: 'cpu' | 'memory',
  pods: Named<Pod>[],
  allMetrics: Map<string, PodMetric>,
  nowAbs: number,
): ReplicaResult | { error: string } {
  if (pods.length === 0)
    return { error: 'no pods returned by selector while calculating replica count' };
  const metrics = new Map(allMetrics);
  const g = groupPods(pods, metrics, resource, nowAbs);
  for (const n of [...g.ignored, ...g.unready]) metrics.delete(n);
  if (metrics.size === 0)
    return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const requests = podRequests(pods, resource);
  if ('error' in requests) return requests;
  const first = utilizationRatio(metrics, requests, targetUtilization);
  if ('error' in first) return first;
  const { ratio, utilization, rawAverage } = first;
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (Math.abs(1 - ratio) <= TOLERANCE)
      return { replicas: currentReplicas, utilization, rawAverage };
    return { replicas: Math.ceil(ratio * g.ready), utilization, rawAverage };
  }
  if (g.missing.size > 0) {
    // Scaling down, a pod without metrics counts as using its whole request (or the target, if
    // higher); scaling up, as using nothing: both damp the change.
    const fallback = Math.max(100, targetUtilization);
    for (const name of g.missing)
      metrics.set(name, {
        timestamp: 0,
        windowMs: 0,
        value: ratio < 1 ? ((requests.get(name) ?? 0) * fallback) / 100 : 0,
      });
  }
  if (scaleUpWithUnready)
    for (const name of g.unready) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
  const second = utilizationRatio(metrics, requests, targetUtilization);
  if ('error' in second) return second;
  const next = second.ratio;
  if (Math.abs(1 - next) <= TOLERANCE || (ratio < 1 && next > 1) || (ratio > 1 && next < 1))
    return { replicas: currentReplicas, utilization, rawAverage };
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1 && replicas > currentReplicas) || (next > 1 && replicas < currentReplicas))
    return { replicas: currentReplicas, utilization, rawAverage };
  return { replicas, utilization, rawAverage };
}

/** The pods' usage in milli-units from a PodMetricsList (k/k: metrics/client.go getResourceMetric). */
export function podMetricsOf(
  list: { items?: KubeObject[] },
  resource: 'cpu' | 'memory',
): Map<string, PodMetric> {
  const out = new Map<string, PodMetric>();
  for (const item of list.items ?? []) {
    // A PodMetrics of metrics.k8s.io: named after its pod.
    const m = item as KubeObject &
      StoredObject & {
        timestamp: string;
        window: string;
        containers: { usage: Record<string, string> }[];
      };
    let value = 0;
    let ok = true;
    for (const c of m.containers ?? []) {
      const q = c.usage[resource];
      if (q === undefined) ok = false;
      else value += resource === 'cpu' ? cpuMillis(q) : memoryBytes(q) * 1000;
    }
    if (!ok) continue;
    out.set(m.metadata.name, {
      timestamp: Date.parse(m.timestamp),
      windowMs: parseFloat(m.window) * 1000,
      value,
    });
  }
  return out;
}
