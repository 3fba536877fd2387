/**
 * hpa: one reconcile of a HorizontalPodAutoscaler (k/k: pkg/controller/podautoscaler/
 * horizontal.go reconcileAutoscaler, v1.31): read the target's `scale` subresource, read the
 * pods' usage from the resource metrics API (metrics.k8s.io, served by metrics-server through the
 * API server), compute the replicas each metric wants (./replicaCalculator.ts), stabilize and
 * limit the change, write the new size through `scale`, and record status, conditions and events
 * with the real texts. Only a learner's HorizontalPodAutoscaler is reconciled, so this loads on
 * demand (../../onDemand.ts); ./horizontal.ts is the controller that runs it.
 */
import type { ApiCalls } from '../../client/calls';
import type { EventRecorder } from '../../client/events';
import { resourceForKind } from '../../api/resources';
import type { KubeObject, Pod } from '../../api/types';
import type { Stored } from '../../api/stored';
import {
  scaleDownRules,
  scaleUpRules,
  type HorizontalPodAutoscaler,
  type HPACondition,
  type MetricStatus,
} from '../../api/hpa';
import { cpuMillis, memoryBytes } from '../../api/quantity';
import type { Co } from '../../client/coroutine';
import type { Informer } from '../../client/informer';
import { parseLabelSelector } from '../../api/labelparser';
import { matchesParsedSelector } from '../../api/labels';
import { EPOCH_MS, type Clock } from '../../sim/clock';
import { errorText } from '../controllerUtils';
import { onDemand } from '../../onDemand';
import type { Limited, Recommendation, ScaleEvent } from './normalize';
import type { PodMetric } from './replicaCalculator';

/** An HPA as the controller works on it: a copy of the cached one. */
export type HPA = Stored<HorizontalPodAutoscaler & KubeObject>;
type Status = NonNullable<HorizontalPodAutoscaler['status']>;

const rfc3339 = (ms: number) => new Date(EPOCH_MS + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What a reconcile works with: the controller's client, recorder, clock, pods and memory. */
export interface HorizontalState {
  readonly api: ApiCalls;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly pods: Informer<Pod>;
  /** Recent recommendations and scale events, per HPA (the controller's memory, not in etcd). */
  readonly recommendations: Map<string, Recommendation[]>;
  readonly scaleUpEvents: Map<string, ScaleEvent[]>;
  readonly scaleDownEvents: Map<string, ScaleEvent[]>;
}

/** k/k: reconcileAutoscaler for one HPA (a copy of the cached one) under `key`. */
export function reconcileAutoscaler(state: HorizontalState, hpa: HPA, key: string): Co<void> {
  return new HorizontalReconcile(state).reconcileAutoscaler(hpa, key);
}

class HorizontalReconcile {
  private readonly api: ApiCalls;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly pods: Informer<Pod>;
  private readonly recommendations: Map<string, Recommendation[]>;
  private readonly scaleUpEvents: Map<string, ScaleEvent[]>;
  private readonly scaleDownEvents: Map<string, ScaleEvent[]>;

  constructor(state: HorizontalState) {
    this.api = state.api;
    this.recorder = state.recorder;
    this.clock = state.clock;
    this.pods = state.pods;
    this.recommendations = state.recommendations;
    this.scaleUpEvents = state.scaleUpEvents;
    this.scaleDownEvents = state.scaleDownEvents;
  }

  private get nowAbs(): number {
    return EPOCH_MS + this.clock.now;
  }

  *reconcileAutoscaler(hpa: HPA, key: string): Co<void> {
    const before = JSON.stringify(hpa.status ?? {});
    const status: Status = (hpa.status ??= { currentReplicas: 0, desiredReplicas: 0 });
    const ns = hpa.metadata.namespace!;
    const ref = hpa.spec!.scaleTargetRef;
    const info = resourceForKind(ref.kind);
    const scaleResp = info
      ? yield* this.api.request({
          verb: 'get',
          resource: info.plural,
          subresource: 'scale',
          namespace: ns,
          name: ref.name,
        })
      : undefined;
    if (!info || !scaleResp || scaleResp.code !== 200) {
      const err = info
        ? errorText(scaleResp!)
        : `no matches for kind "${ref.kind}" in group "${(ref.apiVersion ?? '').split('/')[0]}"`;
      this.setCondition(
        hpa,
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${err}`,
      );
      this.recorder.event(hpa, 'Warning', 'FailedGetScale', err);
      yield* this.writeStatus(hpa, before);
      return;
    }
    const scale = scaleResp.body as {
      spec?: { replicas?: number };
      status?: { selector?: string };
    };
    this.setCondition(
      hpa,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    const currentReplicas = scale.spec?.replicas ?? 0;
    const minReplicas = hpa.spec!.minReplicas ?? 1;
    const maxReplicas = hpa.spec!.maxReplicas;
    let desired = 0;
    let rescaleReason = '';
    let metricStatuses: MetricStatus[] = status.currentMetrics ?? [];
    if (currentReplicas === 0 && minReplicas !== 0) {
      desired = 0;
      this.setCondition(
        hpa,
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      );
    } else if (currentReplicas > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desired = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desired = minReplicas;
    } else {
      const computed = yield* this.computeReplicasForMetrics(
        hpa,
        currentReplicas,
        scale.status?.selector,
      );
      if ('error' in computed) {
        status.currentReplicas = currentReplicas;
        status.desiredReplicas = status.desiredReplicas ?? currentReplicas;
        if (computed.statuses) status.currentMetrics = computed.statuses;
        yield* this.writeStatus(hpa, before);
        return;
      }
      metricStatuses = computed.statuses;
      desired = computed.replicas;
      if (desired > currentReplicas) rescaleReason = `${computed.metricName} above target`;
      if (desired < currentReplicas) rescaleReason = 'All metrics below target';
      desired = this.normalize(hpa, key, currentReplicas, desired, minReplicas);
    }
    const rescale = desired !== currentReplicas;
    if (rescale) {
      const upd = yield* this.api.request({
        verb: 'update',
        resource: info.plural,
        subresource: 'scale',
        namespace: ns,
        name: ref.name,
        body: { ...scale, spec: { ...scale.spec, replicas: desired } },
      });
      if (upd.code >= 300) {
        const err = errorText(upd);
        this.setCondition(
          hpa,
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${err}`,
        );
        this.recorder.event(
          hpa,
          'Warning',
          'FailedRescale',
          `New size: ${desired}; reason: ${rescaleReason}; error: ${err}`,
        );
        yield* this.writeStatus(hpa, before);
        return;
      }
      this.setCondition(
        hpa,
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desired}`,
      );
      this.recorder.event(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desired}; reason: ${rescaleReason}`,
      );
      this.storeScaleEvent(key, currentReplicas, desired);
      status.lastScaleTime = rfc3339(this.clock.now);
    } else desired = currentReplicas;
    status.currentReplicas = currentReplicas;
    status.desiredReplicas = desired;
    status.currentMetrics = metricStatuses;
    yield* this.writeStatus(hpa, before);
  }

  /**
   * k/k: computeReplicasForMetrics — each metric's proposal, the largest wins. Only Resource
   * metrics (cpu, memory) are served here: metrics-server is the only metrics API of the cluster.
   */
  private *computeReplicasForMetrics(
    hpa: HPA,
    currentReplicas: number,
    selectorText: string | undefined,
  ): Co<
    | { replicas: number; metricName: string; statuses: MetricStatus[] }
    | { error: string; statuses?: MetricStatus[] }
  > {
    if (!selectorText) {
      const msg = 'selector is required';
      this.setCondition(
        hpa,
        'ScalingActive',
        'False',
        'InvalidSelector',
        "the HPA target's scale is missing a selector",
      );
      this.recorder.event(hpa, 'Warning', 'SelectorRequired', msg);
      return { error: msg };
    }
    const selector = parseLabelSelector(selectorText);
    const ns = hpa.metadata.namespace!;
    const pods = this.pods
      .list()
      .filter(
        (p) => p.metadata.namespace === ns && matchesParsedSelector(p.metadata.labels, selector),
      ) as Stored<Pod>[];
    const specs = hpa.spec!.metrics ?? [];
    const statuses: MetricStatus[] = [];
    let best: { replicas: number; metricName: string } | undefined;
    let invalid = 0;
    let firstErr = '';
    for (const spec of specs) {
      if (spec.type !== 'Resource' || !spec.resource) {
        invalid++;
        firstErr ||= `invalid metric source: the ${spec.type} metrics API is not available in this cluster`;
        statuses.push({ type: '' } as MetricStatus);
        continue;
      }
      const name = spec.resource.name as 'cpu' | 'memory';
      const target = spec.resource.target;
      const r = yield* this.api.request({
        verb: 'list',
        resource: 'pods',
        group: 'metrics.k8s.io',
        namespace: ns,
        labelSelector: selectorText,
      });
      let metrics: Map<string, PodMetric> | undefined;
      let fetchErr = '';
      if (r.code !== 200) {
        const what =
          r.code === 404
            ? 'the server could not find the requested resource (get pods.metrics.k8s.io)'
            : errorText(r);
        fetchErr = `unable to get metrics for resource ${name}: unable to fetch metrics from resource metrics API: ${what}`;
      } else {
        metrics = onDemand().podMetricsOf(r.body as { items?: KubeObject[] }, name);
        if (metrics.size === 0)
          fetchErr = `unable to get metrics for resource ${name}: no metrics returned from resource metrics API`;
      }
      if (target.type === 'Utilization') {
        const metricName = `${name} resource utilization (percentage of request)`;
        const calc = fetchErr
          ? { error: fetchErr }
          : onDemand().resourceReplicas(
              currentReplicas,
              target.averageUtilization ?? 80,
              name,
              pods,
              metrics!,
              this.nowAbs,
            );
        if ('error' in calc) {
          const msg = `failed to get ${name} utilization: ${calc.error}`;
          this.recorder.event(hpa, 'Warning', 'FailedGetResourceMetric', msg);
          this.setCondition(
            hpa,
            'ScalingActive',
            'False',
            'FailedGetResourceMetric',
            `the HPA was unable to compute the replica count: ${msg}`,
          );
          invalid++;
          firstErr ||= `failed to get ${name} resource metric value: ${msg}`;
          statuses.push({ type: '' } as MetricStatus);
          continue;
        }
        statuses.push({
          type: 'Resource',
          resource: {
            name,
            current: {
              averageUtilization: calc.utilization,
              averageValue:
                name === 'cpu' ? `${calc.rawAverage}m` : `${Math.round(calc.rawAverage / 1000)}`,
            },
          },
        });
        if (!best || calc.replicas > best.replicas) best = { replicas: calc.replicas, metricName };
      } else {
        // AverageValue: the usage per pod against a quantity (k/k: GetRawResourceReplicas).
        const metricName = `${name} resource`;
        const want =
          name === 'cpu'
            ? cpuMillis(target.averageValue ?? '0')
            : memoryBytes(target.averageValue ?? '0') * 1000;
        if (fetchErr || !metrics) {
          invalid++;
          firstErr ||= fetchErr;
          this.recorder.event(hpa, 'Warning', 'FailedGetResourceMetric', fetchErr);
          statuses.push({ type: '' } as MetricStatus);
          continue;
        }
        let total = 0;
        for (const m of metrics.values()) total += m.value;
        const ratio = total / (want * metrics.size);
        const replicas = Math.abs(1 - ratio) <= 0.1 ? currentReplicas : Math.ceil(total / want);
        const avg = Math.trunc(total / metrics.size);
        statuses.push({
          type: 'Resource',
          resource: {
            name,
            current: { averageValue: name === 'cpu' ? `${avg}m` : `${Math.round(avg / 1000)}` },
          },
        });
        if (!best || replicas > best.replicas) best = { replicas, metricName };
      }
    }
    if (!best || invalid === specs.length) {
      const msg = `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstErr}`;
      this.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', msg);
      return { error: msg, statuses };
    }
    this.setCondition(
      hpa,
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${best.metricName}`,
    );
    return { ...best, statuses };
  }

  /**
   * k/k: normalizeDesiredReplicas (no `behavior`) and normalizeDesiredReplicasWithBehaviors:
   * stabilize the proposal over the remembered recommendations (AbleToScale says whether that
   * changed it), then bound it (ScalingLimited says whether that did).
   */
  private normalize(
    hpa: HPA,
    key: string,
    current: number,
    prenormalized: number,
    minReplicas: number,
  ): number {
    const now = this.clock.now;
    const recs = this.recommendations.get(key) ?? [];
    this.recommendations.set(key, recs);
    const behavior = hpa.spec!.behavior;
    let stabilized: Limited;
    if (!behavior) {
      stabilized = {
        replicas: onDemand().stabilizeRecommendation(recs, prenormalized, now),
        reason: 'ScaleDownStabilized',
        message:
          'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
    } else {
      stabilized = onDemand().stabilizeWithBehaviors(
        recs,
        current,
        prenormalized,
        now,
        scaleUpRules(behavior.scaleUp),
        scaleDownRules(behavior.scaleDown),
      );
    }
    if (stabilized.replicas !== prenormalized)
      this.setCondition(hpa, 'AbleToScale', 'True', stabilized.reason, stabilized.message);
    else
      this.setCondition(
        hpa,
        'AbleToScale',
        'True',
        'ReadyForNewScale',
        'recommended size matches current size',
      );
    const limited = !behavior
      ? onDemand().convertDesiredReplicasWithRules(
          current,
          stabilized.replicas,
          minReplicas,
          hpa.spec!.maxReplicas,
        )
      : onDemand().convertWithBehaviorRate(
          current,
          stabilized.replicas,
          minReplicas,
          hpa.spec!.maxReplicas,
          this.scaleUpEvents.get(key) ?? [],
          this.scaleDownEvents.get(key) ?? [],
          scaleUpRules(behavior.scaleUp),
          scaleDownRules(behavior.scaleDown),
          now,
        );
    const status = limited.replicas === stabilized.replicas ? 'False' : 'True';
    this.setCondition(hpa, 'ScalingLimited', status, limited.reason, limited.message);
    return limited.replicas;
  }

  /** k/k: storeScaleEvent — what the behaviors' policies count over their periods. */
  private storeScaleEvent(key: string, prev: number, next: number): void {
    const now = this.clock.now;
    const map = next > prev ? this.scaleUpEvents : this.scaleDownEvents;
    const list = (map.get(key) ?? []).filter((e) => e.at > now - 30 * 60_000);
    list.push({ change: Math.abs(next - prev), at: now });
    map.set(key, list);
  }

  /** k/k: setCondition — the transition time moves only when the status changes. */
  private setCondition(
    hpa: HPA,
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): void {
    const st = (hpa.status ??= { currentReplicas: 0, desiredReplicas: 0 });
    const list = (st.conditions ??= []) as HPACondition[];
    const existing = list.find((c) => c.type === type);
    if (existing) {
      if (existing.status !== status) existing.lastTransitionTime = rfc3339(this.clock.now);
      existing.status = status;
      existing.reason = reason;
      existing.message = message;
      return;
    }
    list.push({ type, status, lastTransitionTime: rfc3339(this.clock.now), reason, message });
  }

  /** k/k: updateStatusIfNeeded — PUT horizontalpodautoscalers/status when it changed. */
  private *writeStatus(hpa: HPA, before: string): Co<void> {
    hpa.status!.observedGeneration = hpa.metadata.generation;
    const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
    hpa.status!.conditions?.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
    if (JSON.stringify(hpa.status) === before) return;
    const r = yield* this.api.updateStatus('horizontalpodautoscalers', hpa);
    if (r.code >= 300) this.recorder.event(hpa, 'Warning', 'FailedUpdateStatus', errorText(r));
  }
}
