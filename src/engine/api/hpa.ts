/**
 * hpa: HorizontalPodAutoscaler (autoscaling/v2) defaults, the behaviour the controller uses when
 * `spec.behavior` is absent, and the autoscaling/v1 → v2 conversion (k/k:
 * pkg/apis/autoscaling/v2/defaults.go, pkg/apis/autoscaling/v1/conversion.go, v1.31).
 */
import type * as v2 from 'kubernetes-types/autoscaling/v2';
import type { DeepMutable, KubeObject } from './types';

export type HorizontalPodAutoscaler = DeepMutable<v2.HorizontalPodAutoscaler>;
export type HPAScalingRules = DeepMutable<v2.HPAScalingRules>;
export type MetricSpec = DeepMutable<v2.MetricSpec>;
export type HPACondition = DeepMutable<v2.HorizontalPodAutoscalerCondition>;
export type MetricStatus = DeepMutable<v2.MetricStatus>;

/** k/k: autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** k/k: GenerateHPAScaleUpRules — no window; the larger of 4 pods or 100 % per 15 s. */
export function scaleUpRules(r: HPAScalingRules | undefined): Required<HPAScalingRules> {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 0,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/** k/k: GenerateHPAScaleDownRules — a 300 s window; up to 100 % per 15 s. */
export function scaleDownRules(r: HPAScalingRules | undefined): Required<HPAScalingRules> {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 300,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  };
}

type Obj = Record<string, unknown>;

/**
 * k/k: SetDefaults_HorizontalPodAutoscaler — minReplicas 1; no metrics means CPU at 80 %; a
 * `behavior` that is given gets its missing rules filled in (an absent one stays absent).
 */
export function defaultHorizontalPodAutoscaler(o: KubeObject): void {
  const spec = ((o as Obj).spec ??= {}) as Obj;
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  const behavior = spec.behavior as v2.HorizontalPodAutoscalerBehavior | undefined;
  if (behavior) {
    behavior.scaleUp = scaleUpRules(behavior.scaleUp);
    behavior.scaleDown = scaleDownRules(behavior.scaleDown);
  }
}

/**
 * An autoscaling/v1 object as the API server stores it (v2): `targetCPUUtilizationPercentage`
 * becomes a CPU Utilization metric (k/k: Convert_v1_HorizontalPodAutoscaler_To_autoscaling_...).
 */
export function hpaV1ToV2(o: KubeObject): KubeObject {
  const spec = { ...((o.spec ?? {}) as Obj) };
  const target = spec.targetCPUUtilizationPercentage as number | undefined;
  delete spec.targetCPUUtilizationPercentage;
  if (target !== undefined)
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
      },
    ];
  return { ...o, apiVersion: 'autoscaling/v2', spec };
}

/** The v2 object read as autoscaling/v1 (`kubectl get hpa.v1.autoscaling -o yaml`). */
export function hpaV2ToV1(o: KubeObject): KubeObject {
  const spec = { ...((o.spec ?? {}) as Obj) };
  const metrics = (spec.metrics ?? []) as MetricSpec[];
  const cpu = metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  delete spec.metrics;
  delete spec.behavior;
  if (cpu?.resource?.target.averageUtilization !== undefined)
    spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const st = (o.status ?? {}) as v2.HorizontalPodAutoscalerStatus;
  const current = st.currentMetrics?.find((m) => m.resource?.name === 'cpu');
  const status: Obj = {
    currentReplicas: st.currentReplicas ?? 0,
    desiredReplicas: st.desiredReplicas ?? 0,
  };
  if (st.observedGeneration !== undefined) status.observedGeneration = st.observedGeneration;
  if (st.lastScaleTime) status.lastScaleTime = st.lastScaleTime;
  if (current?.resource?.current.averageUtilization !== undefined)
    status.currentCPUUtilizationPercentage = current.resource.current.averageUtilization;
  return { ...o, apiVersion: 'autoscaling/v1', spec, status };
}
