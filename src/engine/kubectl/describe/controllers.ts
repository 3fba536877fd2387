/**
 * `kubectl describe daemonset` (and the other workload kinds of issue 14).
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeDaemonSet (v1.31)
 */
import type {
  CronJob,
  DaemonSet,
  Event,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
} from '../../api/types';
import { formatRFC1123Z } from '../age';
import { formatLabels, labelSelectorString } from '../format';
import { describePodTemplate } from './containers';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
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

/** k8s: describeVolumeClaimTemplates. */
function describeVolumeClaimTemplates(w: PrefixWriter, templates: PersistentVolumeClaim[]): void {
  if (templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    const cls =
      pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
      pvc.spec?.storageClassName ??
      '';
    w.write(LEVEL_1, `StorageClass:\t${cls}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
    printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
    const capacity = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${capacity ?? '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

/** The text of `kubectl describe statefulset` (k8s: describeStatefulSet). */
export function describeStatefulSet(
  sts: StatefulSet,
  pods: Pod[],
  events: Event[] | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = sts.metadata ?? {};
  const spec = sts.spec;
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(meta.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorString(spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(
    LEVEL_0,
    `Replicas:\t${spec?.replicas ?? 0} desired | ${sts.status?.replicas ?? 0} total\n`,
  );
  w.write(LEVEL_0, `Update Strategy:\t${spec?.updateStrategy?.type ?? ''}\n`);
  const ru = spec?.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined)
      w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(pods, meta.uid)}\n`);
  describePodTemplate(w, spec?.template);
  describeVolumeClaimTemplates(w, spec?.volumeClaimTemplates ?? []);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

/** The text of `kubectl describe cronjob` (k8s: describeCronJob, describeJobTemplate). */
export function describeCronJob(cj: CronJob, events: Event[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const meta = cj.metadata ?? {};
  const spec = cj.spec;
  const unset = (v: number | undefined | null, suffix = '') =>
    v === undefined || v === null ? '<unset>' : `${v}${suffix}`;
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Schedule:\t${spec?.schedule ?? ''}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ''}\n`);
  const suspend = spec?.suspend;
  w.write(LEVEL_0, `Suspend:\t${suspend === undefined ? '<unset>' : suspend ? 'True' : 'False'}\n`);
  w.write(LEVEL_0, `Successful Job History Limit:\t${unset(spec?.successfulJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${unset(spec?.failedJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${unset(spec?.startingDeadlineSeconds, 's')}\n`);
  const job = spec?.jobTemplate?.spec;
  w.write(LEVEL_0, `Selector:\t${job?.selector ? labelSelectorString(job.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${unset(job?.parallelism)}\n`);
  w.write(LEVEL_0, `Completions:\t${unset(job?.completions)}\n`);
  if (job?.activeDeadlineSeconds !== undefined && job.activeDeadlineSeconds !== null)
    w.write(LEVEL_0, `Active Deadline Seconds:\t${job.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, job?.template);
  const last = cj.status?.lastScheduleTime;
  w.write(LEVEL_0, `Last Schedule Time:\t${last ? formatRFC1123Z(last) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(
    LEVEL_0,
    `Active Jobs:\t${active.length ? active.map((a) => a.name).join(', ') : '<none>'}\n`,
  );
  if (events) describeEvents(w, events, now);
  return w.toString();
}
