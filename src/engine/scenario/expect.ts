import { resourceForKind } from '../api/resources';
import type { Endpoints, Event, KubeObject, Node, Pod } from '../api/types';
import { podStatusColumn } from '../kubectl/podStatus';
import type { Expectation, OutputExpectation } from './format';

/** Does one object satisfy the expectation's conditions (everything but the count)? */
function matches(obj: KubeObject, e: Expectation): boolean {
  const m = obj.metadata ?? {};
  if (e.namespace && m.namespace !== e.namespace) return false;
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
    .map(([k, v]) => (k === 'kind' ? String(v) : `${k}=${String(v)}`))
    .join(' ');
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
  if (e.matches !== undefined && !new RegExp(e.matches, 'm').test(output.text))
    return `output does not match /${e.matches}/`;
  if (e.exitCode !== undefined && output.exitCode !== e.exitCode)
    return `exit code ${output.exitCode}, expected ${e.exitCode}`;
  return undefined;
}
