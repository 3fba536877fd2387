/**
 * hpa: `kubectl describe hpa` (k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * describeHorizontalPodAutoscalerV2 and printDirectionBehavior, v1.31).
 */
import type { HorizontalPodAutoscaler, HPAScalingRules } from '../../api/hpa';
import type { Event } from '../../api/types';
import { formatRFC1123Z } from '../age';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

function printDirectionBehavior(w: PrefixWriter, direction: string, rules?: HPAScalingRules): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies)
      w.write(
        LEVEL_3,
        `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`,
      );
  }
}

export function describeHorizontalPodAutoscaler(
  hpa: HorizontalPodAutoscaler,
  events: Event[] | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = hpa.metadata ?? {};
  const spec = hpa.spec!;
  const status = hpa.status ?? { currentReplicas: 0, desiredReplicas: 0 };
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(meta.creationTimestamp ?? '')}\n`);
  w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}\n`);
  w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
  (spec.metrics ?? []).forEach((m, i) => {
    const st = status.currentMetrics?.[i];
    if (m.type !== 'Resource' || !m.resource) {
      const name = m.pods?.metric.name ?? m.object?.metric.name ?? m.external?.metric.name ?? '';
      w.write(LEVEL_1, `"${name}" (${m.type.toLowerCase()} metric):\t<unknown> / <unknown>\n`);
      return;
    }
    const target = m.resource.target;
    if (target.averageValue !== undefined) {
      const current = st?.resource?.current.averageValue ?? '<unknown>';
      w.write(
        LEVEL_1,
        `resource ${m.resource.name} on pods:\t${current} / ${target.averageValue}\n`,
      );
      return;
    }
    const c = st?.resource?.current;
    const current =
      c?.averageUtilization !== undefined
        ? `${c.averageUtilization}% (${c.averageValue ?? '0'})`
        : '<unknown>';
    const want =
      target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
    w.write(
      LEVEL_1,
      `resource ${m.resource.name} on pods  (as a percentage of request):\t${current} / ${want}\n`,
    );
  });
  w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas}\n`);
  if (spec.behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(
    LEVEL_0,
    `${spec.scaleTargetRef.kind} pods:\t${status.currentReplicas ?? 0} current / ${status.desiredReplicas} desired\n`,
  );
  if (status.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of status.conditions)
      w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}
