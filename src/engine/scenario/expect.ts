import { resourceForKind } from '../api/resources';
import type { Endpoints, Event, KubeObject, Node, Pod } from '../api/types';
import { podStatusColumn } from '../kubectl/podStatus';
import type { Condition, Expectation, OutputExpectation } from './format';
import { compileSafeRegex, MAX_MATCH_INPUT } from './safeRegex';

/** The value at a dotted path (`spec.replicas`, `spec.containers.0.image`), or undefined. */
export function fieldAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** `fields: { spec.replicas: 5 }`: each path holds the value (`null` for an absent field). */
function fieldsMatch(obj: KubeObject, fields: Expectation['fields']): boolean {
  for (const [path, want] of Object.entries(fields ?? {})) {
    const have = fieldAt(obj, path);
    if (want === null) {
      if (have !== undefined && have !== null) return false;
      continue;
    }
    // YAML `5` against a stored "5" (or a quantity written as a number) is still a match.
    if (have == null || typeof have === 'object' || String(have) !== String(want)) return false;
  }
  return true;
}

/** Namespaces of the cluster's own objects (kind's kube-system and local-path-storage). */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'local-path-storage']);

/** Does one object satisfy the expectation's conditions (everything but the count)? */
function matches(obj: KubeObject, e: Expectation): boolean {
  const m = obj.metadata ?? {};
  if (e.fields && !fieldsMatch(obj, e.fields)) return false;
  if (e.namespace && m.namespace !== e.namespace) return false;
  // system: what the cluster itself runs (kube-system…) counts only where it is asked for by name.
  if (!e.namespace && m.namespace && SYSTEM_NAMESPACES.has(m.namespace)) return false;
  if (e.name) {
    if (e.name.endsWith('*') ? !m.name?.startsWith(e.name.slice(0, -1)) : m.name !== e.name)
      return false;
  }
  if (e.terminating !== undefined && Boolean(m.deletionTimestamp) !== e.terminating) return false;
  if (e.condition) {
    const conds = (obj.status as { conditions?: { type: string; status: string }[] } | undefined)
      ?.conditions;
    if (!conds?.some((c) => c.type === e.condition && c.status === 'True')) return false;
  }
  if (obj.kind === 'Node') {
    const node = obj as Node;
    if (e.ready !== undefined) {
      const ready =
        node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      if (ready !== e.ready) return false;
    }
    if (e.taint) {
      const [key, effect] = e.taint.split(':');
      if (!node.spec?.taints?.some((t) => t.key === key && (!effect || t.effect === effect)))
        return false;
    }
    return true;
  }
  if (obj.kind === 'Endpoints') {
    const subsets = (obj as Endpoints).subsets ?? [];
    const ready = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const notReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
    if (e.readyAddresses !== undefined && ready !== e.readyAddresses) return false;
    if (e.notReadyAddresses !== undefined && notReady !== e.notReadyAddresses) return false;
    return true;
  }
  if (obj.kind === 'Pod') {
    const pod = obj as Pod;
    if (e.phase && pod.status?.phase !== e.phase) return false;
    if (e.status && podStatusColumn(pod) !== e.status) return false;
    if (e.ready !== undefined) {
      const ready =
        pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      if (ready !== e.ready) return false;
    }
    if (e.image && !pod.spec?.containers.some((c) => c.image === e.image)) return false;
    // teach:
    if (e.minRestarts !== undefined) {
      const restarts = (pod.status?.containerStatuses ?? []).reduce(
        (n, c) => n + (c.restartCount ?? 0),
        0,
      );
      if (restarts < e.minRestarts) return false;
    }
    if (e.node) {
      const n = pod.spec?.nodeName ?? '';
      if (e.node === 'worker' ? !n.startsWith('worker-') : n !== e.node) return false;
    }
  } else if (obj.kind === 'Event') {
    const ev = obj as Event;
    if (e.reason && ev.reason !== e.reason) return false;
    if (e.message && !ev.message?.includes(e.message)) return false;
  } else if (e.phase && (obj.status as { phase?: string } | undefined)?.phase !== e.phase)
    return false;
  return true;
}

/** Check an expectation against the cluster's objects; returns undefined or what went wrong. */
export function checkExpectation(objects: KubeObject[], e: Expectation): string | undefined {
  if (!resourceForKind(e.kind)) return `unknown kind "${e.kind}"`;
  const found = objects.filter((o) => o.kind === e.kind && matches(o, e));
  const want = e.count;
  if (want !== undefined && found.length !== want)
    return `expected ${want} matching ${e.kind}(s), found ${found.length}`;
  if (e.minCount !== undefined && found.length < e.minCount)
    return `expected at least ${e.minCount} matching ${e.kind}(s), found ${found.length}`;
  if (e.maxCount !== undefined && found.length > e.maxCount)
    return `expected at most ${e.maxCount} matching ${e.kind}(s), found ${found.length}`;
  if (
    want === undefined &&
    e.minCount === undefined &&
    e.maxCount === undefined &&
    found.length === 0
  )
    return `expected a matching ${e.kind}, found none`;
  return undefined;
}

/** A one-line description for the runner's output: `Pod phase=Running count=3`. */
export function describeExpectation(e: Expectation): string {
  return Object.entries(e)
    .map(([k, v]) =>
      k === 'kind'
        ? String(v)
        : k === 'fields'
          ? Object.entries(v as Record<string, unknown>)
              .map(([p, x]) => `${p}=${String(x)}`)
              .join(' ')
          : `${k}=${String(v)}`,
    )
    .join(' ');
}

/** Whether one of the commands run (`logs web`, `apply -f web.yaml`) begins with `ran`'s words. */
export function ranCommand(history: readonly string[], ran: readonly string[]): boolean {
  const words = (s: string) =>
    s
      .trim()
      .replace(/^(kubectl|k)\s+/, '')
      .split(/\s+/);
  return history.some((cmd) => {
    const have = words(cmd);
    return ran.some((r) => words(r).every((w, i) => have[i] === w));
  });
}

/** A condition of a `task` or `wait-for`: undefined when it holds, else what is missing. */
export function checkCondition(
  objects: KubeObject[],
  history: readonly string[],
  c: Condition,
): string | undefined {
  if ('ran' in c)
    return ranCommand(history, c.ran) ? undefined : `nobody ran kubectl ${c.ran.join(' or ')}`;
  return checkExpectation(objects, c);
}

/** One line for a condition: `Pod name=web phase=Running`, `ran kubectl logs`. */
export function describeCondition(c: Condition): string {
  return 'ran' in c ? `ran kubectl ${c.ran.join(' or ')}` : describeExpectation(c);
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Check kubectl's output (stdout + stderr) and exit code; undefined or what went wrong. */
export function checkOutput(
  output: { text: string; exitCode: number } | undefined,
  e: OutputExpectation,
): string | undefined {
  if (!output) return 'no kubectl step ran before it';
  for (const s of list(e.contains))
    if (!output.text.includes(s)) return `output does not contain ${JSON.stringify(s)}`;
  for (const s of list(e.notContains))
    if (output.text.includes(s)) return `output contains ${JSON.stringify(s)}`;
  if (
    e.matches !== undefined &&
    !compileSafeRegex(e.matches).test(output.text.slice(0, MAX_MATCH_INPUT))
  )
    return `output does not match /${e.matches}/`;
  if (e.exitCode !== undefined && output.exitCode !== e.exitCode)
    return `exit code ${output.exitCode}, expected ${e.exitCode}`;
  return undefined;
}
