/**
 * A resource request over HTTP, turned into the engine's ApiRequest and sent by the
 * `kubectl (you)` client, so it is traced and drawn like every request the page's kubectl sends.
 * Verbs from method and query as k/k's RequestInfoFactory makes them; the engine's answer goes
 * back with its status code and body (a Status for errors).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  ApiRequest,
  ApiResponse,
  ListBody,
  PropagationPolicy,
} from '../engine/apiserver/types';
import type { KubeObject } from '../engine/api/types';
import { etcdKey } from '../engine/api/resources';
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

  const base: Omit<ApiRequest, 'verb'> = {
    resource: info.plural,
    ...(subresource ? { subresource: subresource as ApiRequest['subresource'] } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
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
        req: {
          resource: info.plural,
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
        return ctx.send(res, 200, toTable(info.kind, objects, rv, now(), include));
      }
      reply(ctx, res, r);
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
  const decoded = decodeBody(read.text, patchKind === 'apply');
  if ('error' in decoded) return ctx.send(res, 400, status.badRequest(decoded.error));
  let body = decoded.value;

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
        apiReq = { ...base, verb: 'apply', body, ...writeOpts };
        break;
      }
      if (patchKind === 'json') {
        // The API server applies a JSON patch to the live object; the engine merges patches, so
        // the change reaches it as the equivalent merge patch.
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
          body = mergePatchBetween(live, applyJsonPatch(live, body));
        } catch (e) {
          return ctx.send(res, 422, status.statusOf(422, 'Invalid', (e as Error).message));
        }
      }
      apiReq = {
        ...base,
        verb: 'patch',
        body,
        patchType: patchKind === 'strategic' ? 'strategic' : 'merge',
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
  ctx.cluster.kubectl.request(apiReq, (r) => reply(ctx, res, r));
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
