import { resourceForKind } from '../api/resources';
import type { Event, KubeObject, Pod } from '../api/types';
import { podStatusColumn } from '../kubectl/podStatus';
import type { Expectation } from './format';

/** Does one object satisfy the expectation's conditions (everything but the count)? */
function matches(obj: KubeObject, e: Expectation): boolean {
  const m = obj.metadata ?? {};
  if (e.namespace && m.namespace !== e.namespace) return false;
  if (e.name) {
    if (e.name.endsWith('*') ? !m.name?.startsWith(e.name.slice(0, -1)) : m.name !== e.name)
      return false;
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
  if (want === undefined && e.minCount === undefined && found.length === 0)
    return `expected a matching ${e.kind}, found none`;
  return undefined;
}

/** A one-line description for the runner's output: `Pod phase=Running count=3`. */
export function describeExpectation(e: Expectation): string {
  return Object.entries(e)
    .map(([k, v]) => (k === 'kind' ? String(v) : `${k}=${String(v)}`))
    .join(' ');
}
