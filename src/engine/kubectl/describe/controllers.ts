/**
 * `kubectl describe daemonset` (and the other workload kinds of issue 14).
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeDaemonSet (v1.31)
 */
import type { DaemonSet, Event, Pod } from '../../api/types';
import { formatLabels, labelSelectorString } from '../format';
import { describePodTemplate } from './containers';
import {
  describeEvents,
  LEVEL_0,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

/** k8s: getPodStatusForController — the controller's pods counted by phase. */
export function podStatusCounts(pods: Pod[], uid: string | undefined): string {
  const count: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const p of pods) {
    if (!uid || !p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid)) continue;
    const phase = p.status?.phase ?? '';
    if (phase in count) count[phase]++;
  }
  return `${count.Running} Running / ${count.Pending} Waiting / ${count.Succeeded} Succeeded / ${count.Failed} Failed`;
}

/** The text of `kubectl describe daemonset`. */
export function describeDaemonSet(
  ds: DaemonSet,
  pods: Pod[],
  events: Event[] | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = ds.metadata ?? {};
  const st = ds.status;
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorString(ds.spec?.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st?.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st?.currentNumberScheduled ?? 0}\n`);
  w.write(
    LEVEL_0,
    `Number of Nodes Scheduled with Up-to-date Pods: ${st?.updatedNumberScheduled ?? 0}\n`,
  );
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st?.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st?.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(pods, meta.uid)}\n`);
  describePodTemplate(w, ds.spec?.template);
  if (events) describeEvents(w, events, now);
  return w.toString();
}
