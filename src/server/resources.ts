/**
 * A resource request over HTTP, turned into the engine's ApiRequest and sent by the
 * `kubectl (you)` client, so it is traced and drawn like every request the page's kubectl sends.
 * Verbs from method and query as k/k's RequestInfoFactory makes them; the engine's answer goes
 * back with its status code and body (a Status for errors).
 *
 * `Impersonate-User` / `-Group` / `-Uid` / `-Extra-*` (kubectl `--as`, `--as-group`, `--as-uid`)
 * become the request's impersonation, which the engine checks and authorizes with RBAC as the
 * impersonated user (k/k: endpoints/filters/impersonation.go); the access reviews are created
 * and answered by the engine's authorizer; a custom resource's request names its group, so the
 * engine's apiextensions serves it; autoscaling/v1 HorizontalPodAutoscalers are converted
 * to and from the autoscaling/v2 objects the engine stores (hpaV1.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  ApiRequest,
  ApiResponse,
  ListBody,
  PropagationPolicy,
} from '../engine/apiserver/types';
import type { KubeObject } from '../engine/api/types';
import { fromV1, toV1 } from '../engine/api/hpaV1';
import { etcdKey } from '../engine/api/resources';
import { clone, mergePatch, threeWayMerge } from '../engine/apiserver/patch';
import type { Cluster } from '../engine/cluster';
import { EPOCH_MS } from '../engine/sim/clock';
import { applyJsonPatch, decodeBody, mergePatchBetween, patchKindOf, readBody } from './body';
import type { ResourcePath } from './paths';
import { serveLog } from './logs';
import * as status from './status';
import { toTable, wantsTable, type IncludeObject } from './table';
import { serveWatch } from './watch';

export interface ResourceContext {
  cluster: Cluster;
  maxBodyBytes: number;
  /** Open watches and follows now, and the bound. */
  streams: { open: number; max: number };
  send(res: ServerResponse, code: number, body: unknown, headers?: Record<string, string>): void;
}

const STREAMS = new Set(['exec', 'attach', 'portforward', 'proxy']);

type Query = URLSearchParams;

const truthy = (v: string | null) => v === 'true' || v === '1';

function num(q: Query, name: string): number | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : Number(v);
}

function fieldValidation(q: Query): ApiRequest['fieldValidation'] | { error: string } | undefined {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return undefined;
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  // k/k: fieldValidation must be one of Strict, Warn, Ignore.
  return {
    error: `fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`,
  };
}

/** The impersonation a request's headers ask for (k/k: filters/impersonation.go). */
interface Impersonation {
  user: string;
  groups: string[];
  uid?: string;
  /** `Impersonate-Extra-<key>`: the key unescaped (it is percent-encoded in the header name). */
  extra: Record<string, string[]>;
}

function impersonationOf(req: IncomingMessage): Impersonation | { error: string } | undefined {
  const h = req.headersDistinct;
  const user = h['impersonate-user']?.[0];
  const groups = h['impersonate-group'] ?? [];
  const uid = h['impersonate-uid']?.[0];
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(h)) {
    if (!name.startsWith('impersonate-extra-') || !values) continue;
    let key = name.slice('impersonate-extra-'.length);
    try {
      key = decodeURIComponent(key);
    } catch {
      // Kept as sent.
    }
    extra[key] = values;
  }
  const others = groups.length > 0 || uid !== undefined || Object.keys(extra).length > 0;
  if (user === undefined) {
    if (!others) return undefined;
    const asked = [
      ...groups.map((g) => `{Group  ${g}}`),
      ...(uid !== undefined ? [`{UID  ${uid}}`] : []),
    ];
    return { error: `requested [${asked.join(' ')}] without impersonating a user` };
  }
  return { user, groups, ...(uid !== undefined ? { uid } : {}), extra };
}

/** The engine's resource name for a served resource (a LocalSubjectAccessReview is answered as a SubjectAccessReview in its namespace). */
function engineResource(path: ResourcePath): string {
  return path.info.plural === 'localsubjectaccessreviews'
    ? 'subjectaccessreviews'
    : path.info.plural;
}

/**
 * An answer's objects as this group-version serves them: autoscaling/v1 converts, a
 * LocalSubjectAccessReview keeps its kind, a SelfSubjectReview of an impersonated user carries
 * the impersonated uid and extra too.
 */
function viewOf(path: ResourcePath, imp: Impersonation | undefined): (o: KubeObject) => KubeObject {
  if (path.as === 'hpa-v1') return toV1;
  if (path.info.plural === 'localsubjectaccessreviews')
    return (o) =>
      o.kind === 'SubjectAccessReview' ? { ...o, kind: 'LocalSubjectAccessReview' } : o;
  if (
    path.info.plural === 'selfsubjectreviews' &&
    imp &&
    (imp.uid || Object.keys(imp.extra).length)
  )
    return (o) => {
      const st = (o as { status?: { userInfo?: Record<string, unknown> } }).status;
      if (!st?.userInfo) return o;
      const userInfo = {
        ...st.userInfo,
        ...(imp.uid ? { uid: imp.uid } : {}),
        ...(Object.keys(imp.extra).length ? { extra: imp.extra } : {}),
      };
      return { ...o, status: { ...st, userInfo } } as KubeObject;
    };
  return (o) => o;
}

/** An answer with its object, or each item of its list, seen through `view`. */
function viewResponse(
  r: ApiResponse,
  view: (o: KubeObject) => KubeObject,
  path: ResourcePath,
): ApiResponse {
  if (r.code >= 300 || !r.body || typeof r.body === 'string' || r.body.kind === 'Status') return r;
  const body = r.body as KubeObject | ListBody;
  if ('items' in body && Array.isArray(body.items))
    return {
      ...r,
      body: { ...body, apiVersion: path.info.apiVersion, items: body.items.map(view) } as ListBody,
    };
  return { ...r, body: view(body as KubeObject) };
}

/** Serve one request for a resource path. */
export async function serveResource(
  ctx: ResourceContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: ResourcePath,
  q: Query,
): Promise<void> {
  const { info, namespace, name, subresource } = path;
  const method = req.method ?? 'GET';
  const what = `${info.plural}${subresource ? '/' + subresource : ''}`;
  if (subresource && STREAMS.has(subresource))
    return ctx.send(res, 501, status.notImplemented(`pods/${subresource}`));
  if (subresource && !info.subresources.includes(subresource))
    return ctx.send(res, 404, status.notFoundPath());

  const imp = impersonationOf(req);
  if (imp && 'error' in imp)
    return ctx.send(
      res,
      500,
      status.statusOf(500, 'InternalError', `Internal error occurred: ${imp.error}`),
    );
  const base: Omit<ApiRequest, 'verb'> = {
    resource: engineResource(path),
    ...(path.as === 'custom' ? { group: info.group } : {}),
    ...(subresource ? { subresource: subresource as ApiRequest['subresource'] } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(imp ? { impersonate: { user: imp.user, groups: imp.groups } } : {}),
  };
  const view = viewOf(path, imp);
  // A deprecated API's answers carry kube-apiserver's deprecation warning (k/k: endpoints/
  // deprecation, `apiLifecycleDeprecated`): ComponentStatus since v1.19.
  const deprecated =
    info.kind === 'ComponentStatus' ? ['v1 ComponentStatus is deprecated in v1.19+'] : [];
  const answer = (r: ApiResponse) =>
    reply(
      ctx,
      res,
      viewResponse(
        deprecated.length ? { ...r, warnings: [...deprecated, ...(r.warnings ?? [])] } : r,
        view,
        path,
      ),
    );
  const fv = fieldValidation(q);
  if (fv && typeof fv === 'object') return ctx.send(res, 400, status.badRequest(fv.error));
  const writeOpts = {
    ...(q.get('fieldManager') ? { fieldManager: q.get('fieldManager')! } : {}),
    ...(fv ? { fieldValidation: fv } : {}),
    ...(q.get('dryRun') === 'All' ? { dryRun: true } : {}),
  };
  const accept = req.headers.accept;
  const include = (q.get('includeObject') as IncludeObject | null) ?? 'Metadata';
  const now = () => EPOCH_MS + ctx.cluster.clock.now;

  // Reads.
  if (method === 'GET') {
    const watch = path.watchPrefix || truthy(q.get('watch'));
    if (subresource === 'log') {
      if (!claimStream(ctx, res)) return;
      return serveLog(ctx.cluster, res, {
        req: {
          ...base,
          verb: 'get',
          ...(q.get('container') ? { container: q.get('container')! } : {}),
          ...(truthy(q.get('previous')) ? { previous: true } : {}),
          ...(num(q, 'tailLines') !== undefined ? { tailLines: num(q, 'tailLines') } : {}),
          ...(truthy(q.get('timestamps')) ? { timestamps: true } : {}),
        },
        follow: truthy(q.get('follow')),
        fail: (r) => reply(ctx, res, r),
        onEnd: () => ctx.streams.open--,
      });
    }
    if (watch) {
      if (!claimStream(ctx, res)) return;
      const selectors = {
        ...(q.get('labelSelector') ? { labelSelector: q.get('labelSelector')! } : {}),
        ...(q.get('fieldSelector') ? { fieldSelector: q.get('fieldSelector')! } : {}),
      };
      // A watch of one object is a watch with a metadata.name field selector (RequestInfo).
      const byName = name !== undefined ? { fieldSelector: `metadata.name=${name}` } : {};
      return serveWatch(ctx.cluster, res, {
        info,
        view,
        req: {
          resource: base.resource,
          ...(base.group ? { group: base.group } : {}),
          ...(base.impersonate ? { impersonate: base.impersonate } : {}),
          ...(namespace !== undefined ? { namespace } : {}),
          ...selectors,
          ...byName,
          ...(q.get('resourceVersion') ? { resourceVersion: q.get('resourceVersion')! } : {}),
        },
        bookmarks: truthy(q.get('allowWatchBookmarks')),
        timeoutSeconds: num(q, 'timeoutSeconds'),
        table: wantsTable(accept) ? { include, now } : undefined,
        fail: (r) => reply(ctx, res, r),
        onEnd: () => ctx.streams.open--,
      });
    }
    const apiReq: ApiRequest =
      name !== undefined
        ? { ...base, verb: 'get' }
        : {
            ...base,
            verb: 'list',
            ...(q.get('labelSelector') ? { labelSelector: q.get('labelSelector')! } : {}),
            ...(q.get('fieldSelector') ? { fieldSelector: q.get('fieldSelector')! } : {}),
          };
    return ctx.cluster.kubectl.request(apiReq, (r) => {
      if (r.code === 200 && wantsTable(accept) && !subresource) {
        const list = apiReq.verb === 'list' ? (r.body as ListBody) : undefined;
        const objects = list ? list.items : [r.body as KubeObject];
        const rv = list
          ? list.metadata.resourceVersion
          : (r.body as KubeObject).metadata?.resourceVersion;
        const warning = deprecated.map((w) => `299 - ${JSON.stringify(w)}`);
        return ctx.send(
          res,
          200,
          toTable(info, objects, rv, now(), include, view),
          warning.length ? { Warning: warning.join(', ') } : {},
        );
      }
      answer(r);
    });
  }

  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
    return ctx.send(res, 405, status.methodNotSupported(method, what));

  const read = await readBody(req, ctx.maxBodyBytes);
  if ('aborted' in read) return;
  if ('tooLarge' in read)
    return ctx.send(res, 413, status.tooLarge(ctx.maxBodyBytes), { Connection: 'close' });
  const patchKind = method === 'PATCH' ? patchKindOf(req.headers['content-type']) : undefined;
  if (method === 'PATCH' && !patchKind)
    return ctx.send(
      res,
      415,
      status.unsupportedMediaType(String(req.headers['content-type'] ?? '')),
    );
  // apiextensions-apiserver's crdHandler takes no strategic merge patch (no Go type to merge by).
  if (patchKind === 'strategic' && path.as === 'custom')
    return ctx.send(res, 415, status.unsupportedMediaTypeCustom());
  const decoded = decodeBody(read.text, patchKind === 'apply');
  if ('error' in decoded) return ctx.send(res, 400, status.badRequest(decoded.error));
  let body = decoded.value;
  // autoscaling/v1: a whole object is converted to the v2 the engine stores.
  if (path.as === 'hpa-v1' && method !== 'PATCH' && method !== 'DELETE' && body)
    body = fromV1(body as KubeObject);
  if (path.as === 'hpa-v1' && patchKind === 'apply' && body) body = fromV1(body as KubeObject);
  // k/k: pkg/registry/authorization/localsubjectaccessreview/rest.go Create.
  if (info.plural === 'localsubjectaccessreviews' && method === 'POST') {
    const ra = (body as { spec?: { resourceAttributes?: { namespace?: string } } })?.spec
      ?.resourceAttributes;
    if (!ra || ra.namespace !== namespace)
      return ctx.send(
        res,
        400,
        status.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`),
      );
  }

  let apiReq: ApiRequest;
  switch (method) {
    case 'POST':
      if (name !== undefined && !subresource)
        return ctx.send(res, 405, status.methodNotSupported(method, what));
      apiReq = { ...base, verb: 'create', body, ...writeOpts };
      break;
    case 'PUT':
      if (name === undefined) return ctx.send(res, 405, status.methodNotSupported(method, what));
      apiReq = { ...base, verb: 'update', body, ...writeOpts };
      break;
    case 'PATCH': {
      if (name === undefined) return ctx.send(res, 405, status.methodNotSupported(method, what));
      if (patchKind === 'apply') {
        if (!q.get('fieldManager'))
          return ctx.send(
            res,
            400,
            status.badRequest(
              'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
            ),
          );
        const applied = serverSideApply(ctx, info, namespace, name, q.get('fieldManager')!, body);
        if ('refuse' in applied) return ctx.send(res, 400, status.badRequest(applied.refuse));
        apiReq = { ...base, ...applied.req, ...writeOpts };
        return ctx.cluster.kubectl.request(apiReq, (r) => {
          if (r.code < 300) applied.done(r);
          answer(r);
        });
      }
      if (patchKind === 'json' || path.as === 'hpa-v1') {
        // The API server applies a JSON patch to the live object; the engine merges patches, so
        // the change reaches it as the equivalent merge patch. An autoscaling/v1 patch is applied
        // to the v1 view of the live object, converted back.
        const live = ctx.cluster.api.peek(etcdKey(info, namespace, name));
        if (!live)
          return ctx.send(res, 404, {
            ...status.statusOf(
              404,
              'NotFound',
              `${info.group ? `${info.plural}.${info.group}` : info.plural} "${name}" not found`,
            ),
            details: { name, kind: info.plural },
          });
        try {
          const seen = view(live);
          const patched =
            patchKind === 'json'
              ? applyJsonPatch(seen, body)
              : mergePatch(seen as never, body as never);
          const back = path.as === 'hpa-v1' ? fromV1(patched as KubeObject) : patched;
          body = mergePatchBetween(live, back);
        } catch (e) {
          return ctx.send(res, 422, status.statusOf(422, 'Invalid', (e as Error).message));
        }
      }
      apiReq = {
        ...base,
        verb: 'patch',
        body,
        patchType: patchKind === 'strategic' && path.as !== 'hpa-v1' ? 'strategic' : 'merge',
        ...writeOpts,
      };
      break;
    }
    default: {
      if (name === undefined) return ctx.send(res, 405, status.methodNotSupported(method, what));
      const opts = (body ?? {}) as {
        propagationPolicy?: PropagationPolicy;
        gracePeriodSeconds?: number;
      };
      const policy =
        (q.get('propagationPolicy') as PropagationPolicy | null) ?? opts.propagationPolicy;
      const grace = num(q, 'gracePeriodSeconds') ?? opts.gracePeriodSeconds;
      apiReq = {
        ...base,
        verb: 'delete',
        ...(policy ? { propagationPolicy: policy } : {}),
        ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
        ...(q.get('dryRun') === 'All' ? { dryRun: true } : {}),
      };
    }
  }
  ctx.cluster.kubectl.request(apiReq, answer);
}

/**
 * What each field manager last applied with server-side apply, by object uid (a `kubectl apply
 * --server-side` and the `kubectl-last-applied` manager's patch that may follow it are two).
 */
const appliedBy = new WeakMap<Cluster, Map<string, unknown>>();

/**
 * Server-side apply (`application/apply-patch+yaml`), as far as its field ownership goes: the
 * object is created if it does not exist; else the fields this manager applied before and no
 * longer applies are removed and the ones it applies are set, leaving other managers' fields
 * (a controller's, another manager's) as they are, then sent as a merge patch. A field applied
 * by another manager becomes that manager's, as with `--force-conflicts`: conflicts are not
 * refused, and no managedFields are kept.
 * k/k: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager.
 */
function serverSideApply(
  ctx: ResourceContext,
  info: ResourcePath['info'],
  namespace: string | undefined,
  name: string,
  manager: string,
  body: unknown,
):
  | { req: Pick<ApiRequest, 'verb' | 'body' | 'patchType'>; done(r: ApiResponse): void }
  | { refuse: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { refuse: 'the body of an apply patch must be an object' };
  let memory = appliedBy.get(ctx.cluster);
  if (!memory) appliedBy.set(ctx.cluster, (memory = new Map()));
  const remember = (uid: string | undefined) => {
    if (!uid) return;
    // The fields applied now are this manager's: no other manager owns them any longer.
    for (const [k, v] of memory)
      if (k.startsWith(`${uid}/`) && k !== `${uid}/${manager}`)
        memory.set(k, withoutFields(v, body));
    memory.set(`${uid}/${manager}`, body);
  };
  const live = ctx.cluster.api.peek(etcdKey(info, namespace, name));
  if (!live) {
    const obj = body as KubeObject;
    const metadata = { ...obj.metadata, name, ...(namespace !== undefined ? { namespace } : {}) };
    return {
      req: { verb: 'create', body: { ...obj, metadata } },
      done: (r) => remember((r.body as KubeObject | undefined)?.metadata?.uid),
    };
  }
  const uid = live.metadata?.uid;
  const last = memory.get(`${uid}/${manager}`);
  const next = threeWayMerge(clone(live) as never, last as never, body as never);
  return {
    req: { verb: 'patch', patchType: 'merge', body: mergePatchBetween(live, next) },
    done: () => remember(uid),
  };
}

/** `owned` without the fields `taken` sets (objects field by field, anything else whole). */
function withoutFields(owned: unknown, taken: unknown): unknown {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(owned) || !isObj(taken)) return owned;
  const out: Record<string, unknown> = { ...owned };
  for (const [k, v] of Object.entries(taken)) {
    if (!(k in out)) continue;
    if (isObj(v) && isObj(out[k])) out[k] = withoutFields(out[k], v);
    else delete out[k];
  }
  return out;
}

function claimStream(ctx: ResourceContext, res: ServerResponse): boolean {
  if (ctx.streams.open >= ctx.streams.max) {
    ctx.send(res, 429, status.tooMany(`too many open watches (the limit is ${ctx.streams.max})`));
    return false;
  }
  ctx.streams.open++;
  return true;
}

/** The engine's answer as HTTP: its code, its body (a Status for an error), its warnings. */
export function reply(ctx: ResourceContext, res: ServerResponse, r: ApiResponse): void {
  // client-go reads `Warning: 299 - "text"` headers (k/k: endpoints/handlers warning.go).
  const headers: Record<string, string> = {};
  const warnings = (r.warnings ?? []).map((w) => `299 - ${JSON.stringify(w)}`);
  if (typeof r.body === 'string') {
    if (r.code < 300) {
      res.writeHead(r.code, {
        'Content-Type': 'text/plain',
        ...(warnings.length ? { Warning: warnings } : {}),
      });
      return void res.end(r.body);
    }
    const reason = r.code === 404 ? 'NotFound' : r.code === 400 ? 'BadRequest' : 'InternalError';
    return ctx.send(res, r.code, status.statusOf(r.code, reason, r.body));
  }
  if (warnings.length) res.setHeader('Warning', warnings);
  ctx.send(res, r.code, r.body ?? {}, headers);
}
