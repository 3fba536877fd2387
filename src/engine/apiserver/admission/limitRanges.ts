/**
 * LimitRanger's work once a namespace has limit ranges (./limitRanger.ts has the plugins), loaded
 * on demand (../../onDemand.ts).
 */
import { canonicalQuantity, compareQuantities, cpuMillis } from '../../api/quantity';
import type {
  Container,
  LimitRangeItem,
  Pod,
  PersistentVolumeClaim,
  Status,
} from '../../api/types';
import * as errors from '../errors';
import type { Attributes } from './interfaces';

type List = Record<string, string | number>;

const ANNOTATION = 'kubernetes.io/limit-ranger';

const sortedEntries = (l: List | undefined) =>
  Object.entries(l ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** The defaults of the namespace's Container limit ranges, set on the pod `a` creates. */
export function applyLimitRangeDefaults(items: LimitRangeItem[], a: Attributes): void {
  const limits: List = {};
  const requests: List = {};
  for (const i of items) {
    for (const [k, v] of sortedEntries(i.default as List)) limits[k] = v;
    for (const [k, v] of sortedEntries(i.defaultRequest as List)) requests[k] = v;
  }
  const pod = a.object as Pod;
  const notes: string[] = [];
  const merge = (c: Container, prefix: string) => {
    const res = (c.resources ??= {});
    const lim = (res.limits ??= {}) as List;
    const req = (res.requests ??= {}) as List;
    const setLimits = sortedEntries(limits).filter(([k]) => !(k in lim));
    const setRequests = sortedEntries(requests).filter(([k]) => !(k in req));
    for (const [k, v] of setLimits) lim[k] = v;
    for (const [k, v] of setRequests) req[k] = v;
    // Go's omitempty: maps left empty are not stored.
    if (!Object.keys(lim).length) delete res.limits;
    if (!Object.keys(req).length) delete res.requests;
    if (setRequests.length)
      notes.push(`${setRequests.map(([k]) => k).join(', ')} request for ${prefix} ${c.name}`);
    if (setLimits.length)
      notes.push(`${setLimits.map(([k]) => k).join(', ')} limit for ${prefix} ${c.name}`);
  };
  for (const c of pod.spec?.containers ?? []) merge(c, 'container');
  for (const c of pod.spec?.initContainers ?? []) merge(c, 'init container');
  if (notes.length) {
    const meta = (pod.metadata ??= {});
    meta.annotations = {
      ...(meta.annotations ?? {}),
      [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
    };
  }
}

/** k/k requestLimitEnforcedValues: compare in milli-units (cpu) or units (the rest). */
const value = (q: string | number) => cpuMillis(q);

/** k/k minConstraint. */
function minConstraint(
  type: string,
  name: string,
  enforced: string | number,
  req: List,
  lim: List,
): string | undefined {
  const e = canonicalQuantity(enforced);
  if (!(name in req)) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (value(req[name]) < value(enforced))
    return `minimum ${name} usage per ${type} is ${e}, but request is ${canonicalQuantity(req[name])}`;
  if (name in lim && value(lim[name]) < value(enforced))
    return `minimum ${name} usage per ${type} is ${e}, but limit is ${canonicalQuantity(lim[name])}`;
  return undefined;
}

/** k/k maxConstraint. */
function maxConstraint(
  type: string,
  name: string,
  enforced: string | number,
  req: List,
  lim: List,
): string | undefined {
  const e = canonicalQuantity(enforced);
  if (!(name in lim)) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (value(lim[name]) > value(enforced))
    return `maximum ${name} usage per ${type} is ${e}, but limit is ${canonicalQuantity(lim[name])}`;
  if (name in req && value(req[name]) > value(enforced))
    return `maximum ${name} usage per ${type} is ${e}, but request is ${canonicalQuantity(req[name])}`;
  return undefined;
}

/** k/k limitRequestRatioConstraint; Go's %f prints six decimals. */
function ratioConstraint(
  type: string,
  name: string,
  enforced: string | number,
  req: List,
  lim: List,
): string | undefined {
  const e = canonicalQuantity(enforced);
  const r = name in req ? value(req[name]) : 0;
  const l = name in lim ? value(lim[name]) : 0;
  if (!r)
    return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (!l)
    return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  if (l / r > value(enforced) / 1000)
    return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${(l / r).toFixed(6)}`;
  return undefined;
}

/** k/k podRequests/podLimits: the containers' sum, or an init container's own value if larger. */
function podTotals(pod: Pod, field: 'requests' | 'limits'): List {
  const sum = new Map<string, number>();
  for (const c of pod.spec?.containers ?? [])
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as List))
      sum.set(k, (sum.get(k) ?? 0) + value(v));
  for (const c of pod.spec?.initContainers ?? [])
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as List))
      sum.set(k, Math.max(sum.get(k) ?? 0, value(v)));
  const out: List = {};
  for (const [k, m] of sum) out[k] = `${m}m`;
  return out;
}

function checkAll(type: string, item: LimitRangeItem, req: List, lim: List): string[] {
  const errs: string[] = [];
  for (const [k, v] of sortedEntries(item.min as List))
    errs.push(minConstraint(type, k, v, req, lim) ?? '');
  for (const [k, v] of sortedEntries(item.max as List))
    errs.push(maxConstraint(type, k, v, req, lim) ?? '');
  for (const [k, v] of sortedEntries(item.maxLimitRequestRatio as List))
    errs.push(ratioConstraint(type, k, v, req, lim) ?? '');
  return errs.filter(Boolean);
}

/** The pod's or claim's violations of the namespace's limit ranges, as one Forbidden status. */
export function checkLimitRanges(items: LimitRangeItem[], a: Attributes): Status | undefined {
  const errs: string[] = [];
  if (a.resource.kind === 'Pod') {
    const pod = a.object as Pod;
    for (const item of items) {
      if (item.type === 'Container') {
        for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])])
          errs.push(
            ...checkAll(
              'Container',
              item,
              (c.resources?.requests ?? {}) as List,
              (c.resources?.limits ?? {}) as List,
            ),
          );
      } else if (item.type === 'Pod') {
        errs.push(...checkAll('Pod', item, podTotals(pod, 'requests'), podTotals(pod, 'limits')));
      }
    }
  } else {
    const requests = ((a.object as PersistentVolumeClaim).spec?.resources?.requests ?? {}) as List;
    for (const item of items) {
      if (item.type !== 'PersistentVolumeClaim') continue;
      for (const [k, v] of sortedEntries(item.min as List))
        errs.push(minConstraint('PersistentVolumeClaim', k, v, requests, {}) ?? '');
      for (const [k, v] of sortedEntries(item.max as List)) {
        const e = canonicalQuantity(v);
        if (!(k in requests))
          errs.push(
            `maximum ${k} usage per PersistentVolumeClaim is ${e}.  No request is specified`,
          );
        else if (compareQuantities(requests[k], v) > 0)
          errs.push(
            `maximum ${k} usage per PersistentVolumeClaim is ${e}, but request is ${canonicalQuantity(requests[k])}`,
          );
      }
    }
  }
  const found = errs.filter(Boolean);
  if (!found.length) return undefined;
  return errors.forbidden(
    a.resource,
    a.name,
    found.length === 1 ? found[0] : `[${found.join(', ')}]`,
  );
}
