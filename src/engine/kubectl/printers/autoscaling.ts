/**
 * hpa: `kubectl get hpa` (k8s: pkg/printers/internalversion/printers.go
 * printHorizontalPodAutoscaler and formatHPAMetrics, v1.31): NAME REFERENCE TARGETS MINPODS
 * MAXPODS REPLICAS AGE, TARGETS as `cpu: 250%/50%` (`<unknown>` until metrics arrive).
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../../api/hpa';
import { translateTimestampSince } from '../age';
import type { KindPrinter } from './types';

/** formatHPAMetrics: the first two metrics, then `+ N more...`. */
export function formatHPAMetrics(specs: MetricSpec[] = [], statuses: MetricStatus[] = []): string {
  if (specs.length === 0) return '<none>';
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = statuses[i];
    if (spec.type === 'Resource' && spec.resource) {
      const name = spec.resource.name;
      const target = spec.resource.target;
      if (target.averageValue !== undefined) {
        const current = st?.resource?.current.averageValue ?? '<unknown>';
        list.push(`${name}: ${current}/${target.averageValue}`);
      } else {
        const u = st?.resource?.current.averageUtilization;
        const current = u !== undefined ? `${u}%` : '<unknown>';
        const want =
          target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
        list.push(`${name}: ${current}/${want}`);
      }
    } else if (spec.type === 'ContainerResource' && spec.containerResource) {
      const c = spec.containerResource;
      const u = st?.containerResource?.current.averageUtilization;
      const current = u !== undefined ? `${u}%` : '<unknown>';
      list.push(`${c.name}: ${current}/${c.target.averageUtilization ?? '<auto>'}%`);
    } else {
      // Pods, Object and External metrics: the metric name and `<unknown>` (no such API here).
      const m = spec.pods?.metric ?? spec.object?.metric ?? spec.external?.metric;
      const t = spec.pods?.target ?? spec.object?.target ?? spec.external?.target;
      list.push(`${m?.name ?? ''}: <unknown>/${t?.averageValue ?? t?.value ?? ''}`);
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalerPrinter: KindPrinter = {
  columns: [
    { name: 'Name', isName: true },
    { name: 'Reference' },
    { name: 'Targets' },
    { name: 'MinPods' },
    { name: 'MaxPods' },
    { name: 'Replicas' },
    { name: 'Age' },
  ],
  row(obj, now) {
    const hpa = obj as HorizontalPodAutoscaler;
    const ref = hpa.spec!.scaleTargetRef;
    return [
      hpa.metadata?.name ?? '',
      `${ref.kind}/${ref.name}`,
      formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
      String(hpa.spec?.maxReplicas ?? 0),
      String(hpa.status?.currentReplicas ?? 0),
      translateTimestampSince(hpa.metadata?.creationTimestamp, now),
    ];
  },
};
