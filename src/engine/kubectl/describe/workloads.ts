/**
 * `kubectl describe deployment|replicaset|job`.
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeDeployment, describeReplicaSet,
 * describeJob
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Event, Pod, PodTemplateSpec } from '../../api/types';
import { formatRFC1123Z, humanDuration, parseTime } from '../age';
import { formatLabelSelector, labelSelectorString } from '../format';
import { describePodTemplate } from './containers';
import {
  controllerOf,
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

function isControlledBy(
  obj: { metadata?: { ownerReferences?: { controller?: boolean; uid: string }[] } },
  uid: string | undefined,
): boolean {
  return (
    Boolean(uid) &&
    Boolean(obj.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid))
  );
}

/** A template with the pod-template-hash label removed (deploymentutil.EqualIgnoreHash). */
function withoutHash(t: PodTemplateSpec | undefined): string {
  const copy = JSON.parse(JSON.stringify(t ?? {})) as PodTemplateSpec;
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return canonical(copy);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets this Deployment controls, split into the new
 * one (template equal to the Deployment's, ignoring pod-template-hash; the oldest if several) and
 * all the old ones.
 */
export function splitReplicaSets(
  d: Deployment,
  all: ReplicaSet[],
): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
  const owned = all.filter((rs) => isControlledBy(rs, d.metadata?.uid));
  const want = withoutHash(d.spec?.template);
  const byAge = [...owned].sort(
    (a, b) =>
      (parseTime(a.metadata?.creationTimestamp) ?? 0) -
      (parseTime(b.metadata?.creationTimestamp) ?? 0),
  );
  const newRS = byAge.find((rs) => withoutHash(rs.spec?.template) === want);
  return { newRS, oldRSs: owned.filter((rs) => rs !== newRS) };
}

function printReplicaSets(list: ReplicaSet[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ');
  return s || '<none>';
}

/** The text of `kubectl describe deployment`. */
export function describeDeployment(
  d: Deployment,
  replicaSets: ReplicaSet[],
  events: Event[] | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = d.metadata ?? {};
  const spec = d.spec;
  const st = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(meta.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Selector:\t${labelSelectorString(spec?.selector)}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${spec?.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ` +
      `${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
  const ru = spec?.strategy?.rollingUpdate;
  if (ru) {
    w.write(
      LEVEL_0,
      `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`,
    );
  }
  describePodTemplate(w, spec?.template);
  if (st.conditions && st.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of st.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const { newRS, oldRSs } = splitReplicaSets(d, replicaSets);
  if (oldRSs.length > 0 || newRS) {
    w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRS ? [newRS] : [])}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

/** The text of `kubectl describe replicaset`; `pods` are counted by phase when this RS controls them. */
export function describeReplicaSet(
  rs: ReplicaSet,
  pods: Pod[],
  events: Event[] | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = rs.metadata ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  const controlledBy = controllerOf(meta);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
  );
  const count = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of pods) {
    if (!isControlledBy(p, meta.uid)) continue;
    const phase = p.status?.phase ?? '';
    if (phase in count) count[phase]++;
  }
  w.write(LEVEL_0, 'Pods Status:\t');
  w.write(
    LEVEL_0,
    `${count.Running} Running / ${count.Pending} Waiting / ${count.Succeeded} Succeeded / ${count.Failed} Failed\n`,
  );
  describePodTemplate(w, rs.spec?.template);
  const conditions = rs.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

/** The text of `kubectl describe job`. */
export function describeJob(job: Job, events: Event[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const meta = job.metadata ?? {};
  const spec = job.spec;
  const st = job.status ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorString(spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  const controlledBy = controllerOf(meta);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (spec?.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  if (spec?.completions !== undefined) w.write(LEVEL_0, `Completions:\t${spec.completions}\n`);
  else w.write(LEVEL_0, 'Completions:\t<unset>\n');
  if (spec?.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec?.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (spec?.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec?.ttlSecondsAfterFinished !== undefined)
    w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(st.startTime)}\n`);
  if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${formatRFC1123Z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) {
    w.write(
      LEVEL_0,
      `Duration:\t${humanDuration((parseTime(st.completionTime) ?? 0) - (parseTime(st.startTime) ?? 0))}\n`,
    );
  }
  if (spec?.activeDeadlineSeconds !== undefined)
    w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready === undefined || st.ready === null) {
    w.write(
      LEVEL_0,
      `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`,
    );
  } else {
    w.write(
      LEVEL_0,
      `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`,
    );
  }
  if (spec?.completionMode === 'Indexed') {
    let idx = st.completedIndexes ?? '';
    if (idx === '') idx = '<none>';
    else if (idx.length > 50) {
      const comma = idx.indexOf(',', 50);
      if (comma >= 0) idx = idx.slice(0, comma + 1) + '...';
    }
    w.write(LEVEL_0, `Completed Indexes:\t${idx}\n`);
  }
  describePodTemplate(w, spec?.template);
  if (events) describeEvents(w, events, now);
  return w.toString();
}
