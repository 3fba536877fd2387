/**
 * Defaulting of ReplicationController and LimitRange (k/k: pkg/apis/core/v1/defaults.go, v1.31).
 * Called from `applyDefaults`, which passes its pod template defaulting in (so this module does
 * not import it back); mutates in place and never changes a field that is set.
 */
import { canonicalQuantity, isValidQuantity } from './quantity';
import type { KubeObject } from './types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * k/k: SetDefaults_ReplicationController — the selector and the object's labels default to the
 * template's labels (an RC may leave both out), one replica.
 */
export function defaultReplicationController(
  o: KubeObject,
  defaultTemplate: (spec: Obj) => void,
): void {
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec as Obj;
  const template = spec.template;
  if (isObj(template)) {
    const labels = (template.metadata as Obj | undefined)?.labels as
      Record<string, string> | undefined;
    if (labels) {
      if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0)
        spec.selector = { ...labels };
      const meta = (o.metadata ??= {});
      if (!meta.labels || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
    }
    defaultTemplate(spec);
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
}

/**
 * k/k: SetDefaults_LimitRangeItem — for a Container item, a missing default limit is the max, a
 * missing default request is the default limit, else the min. This is why the tutorials'
 * min/max LimitRanges come back with `default` and `defaultRequest` filled in.
 */
export function defaultLimitRange(o: KubeObject): void {
  const limits = (o.spec as Obj | undefined)?.limits;
  if (!Array.isArray(limits)) return;
  for (const item of limits as Obj[]) {
    if (!isObj(item)) continue;
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
      canonicalize(item[f]);
    if (item.type !== 'Container') continue;
    const dflt: Obj = isObj(item.default) ? item.default : {};
    const dfltReq: Obj = isObj(item.defaultRequest) ? item.defaultRequest : {};
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {}))
      if (!(k in dflt)) dflt[k] = v;
    for (const [k, v] of Object.entries(dflt)) if (!(k in dfltReq)) dfltReq[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {}))
      if (!(k in dfltReq)) dfltReq[k] = v;
    // Go's omitempty: an empty map is not stored.
    if (Object.keys(dflt).length && item.default !== dflt) item.default = dflt;
    if (Object.keys(dfltReq).length && item.defaultRequest !== dfltReq)
      item.defaultRequest = dfltReq;
  }
}

/**
 * Quantities are stored as `Quantity.String()` writes them (`cpu: 0.5` comes back as `500m`), as
 * the tasks' pages show the LimitRange and ResourceQuota they read back.
 */
function canonicalize(list: unknown): void {
  if (!isObj(list)) return;
  for (const [k, v] of Object.entries(list))
    if ((typeof v === 'string' || typeof v === 'number') && isValidQuantity(v)) {
      // Written only when it changes: an update may carry the stored (frozen) spec unchanged.
      const c = canonicalQuantity(v);
      if (c !== v) list[k] = c;
    }
}

/** A ResourceQuota's `spec.hard`, stored canonical. */
export function defaultResourceQuota(o: KubeObject): void {
  canonicalize((o.spec as Obj | undefined)?.hard);
}
