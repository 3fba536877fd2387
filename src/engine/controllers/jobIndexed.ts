/**
 * Indexed Jobs (`completionMode: Indexed`; k/k: pkg/controller/job/indexed_job_utils.go): each
 * pod carries its completion index in an annotation and a label, sees it in the
 * `JOB_COMPLETION_INDEX` variable, is named `<job>-<index>-<5 chars>` with the hostname
 * `<job>-<index>`; each index succeeds once, and `status.completedIndexes` lists the succeeded
 * ones as ranges ("0-2,4").
 */
import type { Job, Pod } from '../api/types';

export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/**
 * The pod's completion index, or undefined when the annotation is missing or not a number
 * within [0, completions) (k/k: getCompletionIndex, then the `ix < completions` checks).
 */
export function completionIndexOf(pod: Pod, completions: number): number | undefined {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const ix = Number(v);
  return ix < completions ? ix : undefined;
}

/** Parses "0-2,4" into sorted indexes below `completions` (k/k: parseIndexesFromString). */
export function parseIndexes(s: string | undefined, completions: number): number[] {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = Math.min(m[2] === undefined ? lo : Number(m[2]), completions - 1);
    for (let i = lo; i <= hi; i++) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/** Sorted indexes as ranges, "0-2,4" (k/k: orderedIntervals.String). */
export function formatIndexes(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    // k/k: two neighbours are listed, not a range ("2,3"; three or more: "2-4").
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}${j === i + 1 ? ',' : '-'}${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The indexes already succeeded: those in `status.completedIndexes` plus those of succeeded pods
 * still carrying the tracking finalizer (k/k: calculateSucceededIndexes).
 */
export function succeededIndexes(job: Job, succeededPods: Pod[]): number[] {
  const completions = job.spec?.completions ?? 0;
  const out = new Set(parseIndexes(job.status?.completedIndexes, completions));
  for (const p of succeededPods) {
    const ix = completionIndexOf(p, completions);
    if (ix !== undefined) out.add(ix);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The first `count` indexes neither succeeded, failed (backoffLimitPerIndex) nor held by an
 * active pod (k/k: firstPendingIndexes).
 */
export function firstPendingIndexes(
  job: Job,
  succeeded: number[],
  active: Pod[],
  count: number,
  failed: number[] = [],
): number[] {
  const completions = job.spec?.completions ?? 0;
  const taken = new Set([...succeeded, ...failed]);
  for (const p of active) {
    const ix = completionIndexOf(p, completions);
    if (ix !== undefined) taken.add(ix);
  }
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}

/** `<job>-<index>-`, the job name cut to fit 58 characters (k/k: podGenerateNameWithIndex). */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  // k/k: names.MaxGeneratedNameLength = 63 - 5 random characters.
  return prefix.length > 58 ? prefix.slice(0, 58 - suffix.length) + suffix : prefix;
}

/**
 * Marks a pod made from the Job's template with its index (k/k: job_controller.go manageJob,
 * addCompletionIndexEnvVariables / addCompletionIndexAnnotation / addCompletionIndexLabel, the
 * hostname, podGenerateNameWithIndex). The pod's `subdomain` is the template's own.
 */
export function addCompletionIndex(pod: Pod, jobName: string, index: number): void {
  const meta = (pod.metadata = pod.metadata ?? {});
  const value = String(index);
  meta.generateName = podGenerateNameWithIndex(jobName, index);
  meta.annotations = { ...meta.annotations, [JOB_COMPLETION_INDEX_ANNOTATION]: value };
  meta.labels = { ...meta.labels, [JOB_COMPLETION_INDEX_ANNOTATION]: value };
  const spec = pod.spec;
  if (!spec) return;
  // k/k sets it whatever the template says.
  spec.hostname = `${jobName}-${index}`;
  const fieldPath = `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']`;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if (c.env?.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) continue;
    c.env = [
      ...(c.env ?? []),
      { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath } } },
    ];
  }
}
