/**
 * HorizontalPodAutoscalers read and written at autoscaling/v1 (`kubectl get hpa.v1.autoscaling`):
 * the API server stores autoscaling/v2 and converts. What v1 cannot hold travels in annotations,
 * as k/k v1.31 writes them (pkg/apis/autoscaling/v1/conversion.go
 * Convert_autoscaling_HorizontalPodAutoscaler_To_v1_HorizontalPodAutoscaler): the metrics other
 * than a CPU utilization target, the current metrics and the conditions as v1 JSON, and
 * `spec.behavior` as Go marshals the internal type (no JSON tags: `ScaleUp`, `Policies`…).
 * Written back, the annotations are dropped (k/k: DropRoundTripHorizontalPodAutoscalerAnnotations).
 */
import type * as v2 from 'kubernetes-types/autoscaling/v2';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa';
import { resourceForPlural, type ResourceInfo } from './resources';
import type { KubeObject } from './types';

const HPA = resourceForPlural('horizontalpodautoscalers')!;
/**
 * HorizontalPodAutoscalers at autoscaling/v1 (`hpa.v1.autoscaling`), which the API server still
 * serves beside the preferred v2: the same objects, converted from the stored v2 on the way out.
 */
export const HPA_V1: ResourceInfo = { ...HPA, apiVersion: 'autoscaling/v1', version: 'v1' };

export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP = [
  METRICS_ANNOTATION,
  CURRENT_METRICS_ANNOTATION,
  CONDITIONS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
];

type Obj = Record<string, unknown>;

/** Only the fields that are set, in the order given (Go's omitempty, struct order). */
function fields(entries: [string, unknown][]): Obj {
  const out: Obj = {};
  for (const [k, v] of entries) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** v2 MetricSpec → v1 MetricSpec (conversion.go's Convert_autoscaling_*MetricSource_To_v1_*). */
function metricSpecV1(m: v2.MetricSpec): Obj {
  const t = (x?: v2.MetricTarget) => x ?? ({ type: '' } as v2.MetricTarget);
  return fields([
    ['type', m.type],
    [
      'object',
      m.object &&
        fields([
          ['target', fields(Object.entries(m.object.describedObject))],
          ['metricName', m.object.metric.name],
          ['targetValue', t(m.object.target).value ?? '0'],
          ['selector', m.object.metric.selector],
          ['averageValue', t(m.object.target).averageValue],
        ]),
    ],
    [
      'pods',
      m.pods &&
        fields([
          ['metricName', m.pods.metric.name],
          ['targetAverageValue', t(m.pods.target).averageValue ?? '0'],
          ['selector', m.pods.metric.selector],
        ]),
    ],
    [
      'resource',
      m.resource &&
        fields([
          ['name', m.resource.name],
          ['targetAverageUtilization', m.resource.target.averageUtilization],
          ['targetAverageValue', m.resource.target.averageValue],
        ]),
    ],
    [
      'containerResource',
      m.containerResource &&
        fields([
          ['name', m.containerResource.name],
          ['targetAverageUtilization', m.containerResource.target.averageUtilization],
          ['targetAverageValue', m.containerResource.target.averageValue],
          ['container', m.containerResource.container],
        ]),
    ],
    [
      'external',
      m.external &&
        fields([
          ['metricName', m.external.metric.name],
          ['metricSelector', m.external.metric.selector],
          ['targetValue', m.external.target.value],
          ['targetAverageValue', m.external.target.averageValue],
        ]),
    ],
  ]);
}

/** v2 MetricStatus → v1 MetricStatus. */
function metricStatusV1(m: v2.MetricStatus): Obj {
  return fields([
    ['type', m.type],
    [
      'object',
      m.object &&
        fields([
          ['target', fields(Object.entries(m.object.describedObject))],
          ['metricName', m.object.metric.name],
          ['currentValue', m.object.current.value ?? '0'],
          ['selector', m.object.metric.selector],
          ['averageValue', m.object.current.averageValue],
        ]),
    ],
    [
      'pods',
      m.pods &&
        fields([
          ['metricName', m.pods.metric.name],
          ['currentAverageValue', m.pods.current.averageValue ?? '0'],
          ['selector', m.pods.metric.selector],
        ]),
    ],
    [
      'resource',
      m.resource &&
        fields([
          ['name', m.resource.name],
          ['currentAverageUtilization', m.resource.current.averageUtilization],
          ['currentAverageValue', m.resource.current.averageValue ?? '0'],
        ]),
    ],
    [
      'containerResource',
      m.containerResource &&
        fields([
          ['name', m.containerResource.name],
          ['currentAverageUtilization', m.containerResource.current.averageUtilization],
          ['currentAverageValue', m.containerResource.current.averageValue ?? '0'],
          ['container', m.containerResource.container],
        ]),
    ],
    [
      'external',
      m.external &&
        fields([
          ['metricName', m.external.metric.name],
          ['metricSelector', m.external.metric.selector],
          ['currentValue', m.external.current.value ?? '0'],
          ['currentAverageValue', m.external.current.averageValue],
        ]),
    ],
  ]);
}

/** The internal HPAScalingRules as Go marshals a type without JSON tags (nil is null). */
function rulesGo(r: v2.HPAScalingRules | undefined): unknown {
  if (!r) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: r.policies
      ? r.policies.map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds }))
      : null,
  };
}

/** The stored (v2) object as autoscaling/v1 serves it. */
export function toV1(o: KubeObject): KubeObject {
  if (o.kind !== 'HorizontalPodAutoscaler') return o;
  const out = hpaV2ToV1(o);
  const spec = (o.spec ?? {}) as v2.HorizontalPodAutoscalerSpec;
  const st = (o.status ?? {}) as v2.HorizontalPodAutoscalerStatus;
  const other = (spec.metrics ?? []).filter(
    (m) =>
      !(
        m.type === 'Resource' &&
        m.resource?.name === 'cpu' &&
        m.resource.target.averageUtilization !== undefined
      ),
  );
  const annotations: Record<string, string> = { ...(o.metadata?.annotations ?? {}) };
  if (other.length) annotations[METRICS_ANNOTATION] = JSON.stringify(other.map(metricSpecV1));
  if (st.currentMetrics?.length)
    annotations[CURRENT_METRICS_ANNOTATION] = JSON.stringify(st.currentMetrics.map(metricStatusV1));
  if (st.conditions?.length)
    annotations[CONDITIONS_ANNOTATION] = JSON.stringify(
      st.conditions.map((c) =>
        fields([
          ['type', c.type],
          ['status', c.status],
          ['lastTransitionTime', c.lastTransitionTime],
          ['reason', c.reason],
          ['message', c.message],
        ]),
      ),
    );
  if (spec.behavior)
    annotations[BEHAVIOR_ANNOTATION] = JSON.stringify({
      ScaleUp: rulesGo(spec.behavior.scaleUp),
      ScaleDown: rulesGo(spec.behavior.scaleDown),
    });
  const metadata: NonNullable<KubeObject['metadata']> = { ...o.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return { ...out, metadata };
}

/**
 * An autoscaling/v1 object as the API server stores it: v2, with the round-trip annotations
 * taken back out (the metrics and behavior they carry are restored; status is the controller's).
 */
export function fromV1(o: KubeObject): KubeObject {
  if (o.kind !== 'HorizontalPodAutoscaler' || o.apiVersion !== 'autoscaling/v1') return o;
  const out = hpaV1ToV2(o);
  const annotations = { ...(o.metadata?.annotations ?? {}) };
  const spec = { ...(out.spec as Obj) };
  const metricsText = annotations[METRICS_ANNOTATION];
  if (metricsText) {
    try {
      const other = (JSON.parse(metricsText) as Obj[]).map(metricSpecV2);
      spec.metrics = [...other, ...((spec.metrics as unknown[] | undefined) ?? [])];
    } catch {
      // A malformed annotation is dropped, as the conversion's error would refuse the write.
    }
  }
  const behaviorText = annotations[BEHAVIOR_ANNOTATION];
  if (behaviorText) {
    try {
      const b = JSON.parse(behaviorText) as Record<string, Obj | null>;
      const rules = (r: Obj | null | undefined) =>
        r
          ? fields([
              ['stabilizationWindowSeconds', r.StabilizationWindowSeconds],
              ['selectPolicy', r.SelectPolicy],
              [
                'policies',
                (r.Policies as Obj[] | null)?.map((p) => ({
                  type: p.Type,
                  value: p.Value,
                  periodSeconds: p.PeriodSeconds,
                })),
              ],
            ])
          : undefined;
      spec.behavior = fields([
        ['scaleUp', rules(b.ScaleUp)],
        ['scaleDown', rules(b.ScaleDown)],
      ]);
    } catch {
      // As above.
    }
  }
  for (const k of ROUND_TRIP) delete annotations[k];
  const metadata: NonNullable<KubeObject['metadata']> = { ...o.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return { ...out, metadata, spec };
}

/** v1 MetricSpec (from the annotation) → v2 MetricSpec. */
function metricSpecV2(m: Obj): Obj {
  const r = m.resource as Obj | undefined;
  const c = m.containerResource as Obj | undefined;
  const p = m.pods as Obj | undefined;
  const ob = m.object as Obj | undefined;
  const e = m.external as Obj | undefined;
  const target = (util: unknown, avg: unknown) =>
    util !== undefined
      ? { type: 'Utilization', averageUtilization: util }
      : { type: 'AverageValue', averageValue: avg };
  return fields([
    ['type', m.type],
    [
      'object',
      ob && {
        describedObject: ob.target,
        metric: fields([
          ['name', ob.metricName],
          ['selector', ob.selector],
        ]),
        target:
          ob.averageValue !== undefined
            ? { type: 'AverageValue', averageValue: ob.averageValue }
            : { type: 'Value', value: ob.targetValue },
      },
    ],
    [
      'pods',
      p && {
        metric: fields([
          ['name', p.metricName],
          ['selector', p.selector],
        ]),
        target: { type: 'AverageValue', averageValue: p.targetAverageValue },
      },
    ],
    [
      'resource',
      r && { name: r.name, target: target(r.targetAverageUtilization, r.targetAverageValue) },
    ],
    [
      'containerResource',
      c && {
        name: c.name,
        container: c.container,
        target: target(c.targetAverageUtilization, c.targetAverageValue),
      },
    ],
    [
      'external',
      e && {
        metric: fields([
          ['name', e.metricName],
          ['selector', e.metricSelector],
        ]),
        target:
          e.targetValue !== undefined
            ? { type: 'Value', value: e.targetValue }
            : { type: 'AverageValue', averageValue: e.targetAverageValue },
      },
    ],
  ]);
}

/**
 * An object as the group-version `info` names serves it: autoscaling/v1 converts the stored v2
 * (a table is printed from the stored object, as the API server prints its internal one).
 */
export function servedAt(info: ResourceInfo): (o: KubeObject) => KubeObject {
  return info === HPA_V1 ? toV1 : (o) => o;
}
