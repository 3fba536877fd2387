/**
 * `sim serve`: the simulated cluster served as the Kubernetes REST API over HTTP, so real kubectl
 * and client libraries can use it. Node only: the engine and the page never import this folder.
 *
 * What kube-apiserver's filter chain does first is done here first (k/k: staging/src/k8s.io/
 * apiserver/pkg/server/config.go DefaultBuildHandlerChain): authentication (a bearer token, when
 * serving beyond loopback), max-in-flight, then discovery, OpenAPI or a resource handler. Each
 * resource request is sent into the engine by the `kubectl (you)` client, so it is traced.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Cluster } from '../engine/cluster';
import { MAX_REQUEST_BODY_BYTES } from './body';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery';
import { openApiV2, openApiV3, openApiV3Root } from './openapi';
import { Pacer } from './pacer';
import { parseResourcePath } from './paths';
import { serveResource, type ResourceContext } from './resources';
import * as status from './status';
import type { Certificate } from './tls';
import { PageHub } from './pageFeed';
import { hasPage, serveStatic, WWW_PREFIX } from './www';

export interface ServeOptions {
  /** 0: any free port. */
  port: number;
  /** Listen address (default 127.0.0.1). */
  address: string;
  /** Virtual seconds per wall second. */
  speed: number;
  /** Require `Authorization: Bearer <token>` (always, when the address is not loopback). */
  requireToken: boolean;
  /** The bearer token (random when not given). */
  token?: string;
  maxBodyBytes?: number;
  /** Open watches and log follows at most. */
  maxStreams?: number;
  /** Requests being served at most (kube-apiserver's --max-requests-inflight default 400). */
  maxInFlight?: number;
  /**
   * Serve HTTPS with this certificate (see tls.ts). kubectl sends a bearer token only over TLS,
   * so a server that requires the token needs one.
   */
  tls?: Certificate;
  /**
   * The built page (a folder with index.html, e.g. `dist`) to serve at `/kubeglass/`, beside
   * the API; its feed and requests (`/kubeglass/feed`, `/kubeglass/request`) are served anyway.
   */
  www?: string;
  /** Told of every request with its body (a request recorder, for tests and goldens). */
  onRequest?: (r: RecordedRequest) => void;
}

/** One request as a client sent it. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  contentType?: string;
  body: string;
}

/** A served cluster. */
export interface SimServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The serving certificate (PEM), when serving HTTPS: what a kubeconfig must trust. */
  readonly caCert?: string;
  readonly pacer: Pacer;
  /** The attached pages' feed. */
  readonly pages: PageHub;
  close(): Promise<void>;
}

export const DEFAULT_MAX_STREAMS = 2048;

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Tell `onRequest` of a request once its body has been read (the handler reads it too). */
function record(req: IncomingMessage, onRequest: (r: RecordedRequest) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () =>
    onRequest({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString('utf8'),
    }),
  );
}

/**
 * CORS for the page's endpoints, for a page from `npm run dev` on this machine (`?attach=URL`):
 * only loopback origins are answered, so a web site a student visits cannot read the feed.
 */
function pageCors(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  try {
    const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
    if (!isLoopback(host)) return {};
  } catch {
    return {};
  }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    Vary: 'Origin',
  };
}

/** Which aggregated discovery version the Accept header asks for, if any. */
function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const part of (accept ?? '').split(',')) {
    if (!part.includes('g=apidiscovery.k8s.io') || !part.includes('as=APIGroupDiscoveryList'))
      continue;
    if (/v=v2(;|$)/.test(part)) return 'v2';
    if (/v=v2beta1(;|$)/.test(part)) return 'v2beta1';
  }
  return undefined;
}

/** Serve `cluster` (started already) until `close()`; the clock is paced from now on. */
export async function serve(cluster: Cluster, opts: ServeOptions): Promise<SimServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const requireToken = opts.requireToken || !isLoopback(opts.address);
  const maxInFlight = opts.maxInFlight ?? 400;
  let inFlight = 0;
  const pacer = new Pacer(cluster.clock, opts.speed);
  const pages = new PageHub(cluster, opts.speed);
  const www = opts.www && hasPage(opts.www) ? opts.www : undefined;
  let host = '';

  const send = (
    res: ServerResponse,
    code: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.headersSent) return void res.end();
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
    res.end(text);
  };
  const ctx: ResourceContext = {
    cluster,
    maxBodyBytes: opts.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES,
    streams: { open: 0, max: opts.maxStreams ?? DEFAULT_MAX_STREAMS },
    send,
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    const accept = req.headers.accept;
    if (req.method === 'GET') {
      const agg = aggregatedVersion(accept);
      const aggType = `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList`;
      switch (p) {
        case '/version':
          return send(res, 200, versionInfo());
        case '/healthz':
        case '/livez':
        case '/readyz':
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          return void res.end('ok');
        case '/api':
          if (agg)
            return send(res, 200, aggregatedDiscovery(true, agg, cluster), {
              'Content-Type': aggType,
            });
          return send(res, 200, apiVersions(host));
        case '/apis':
          if (agg)
            return send(res, 200, aggregatedDiscovery(false, agg, cluster), {
              'Content-Type': aggType,
            });
          return send(res, 200, apiGroupList(cluster));
        case '/openapi/v2':
          return send(res, 200, openApiV2(cluster));
        case '/openapi/v3':
          return send(res, 200, openApiV3Root(cluster));
      }
      if (p.startsWith('/openapi/v3/')) {
        const gv = p.slice('/openapi/v3/'.length).replace(/^apis?\//, '');
        const doc = openApiV3(gv, cluster);
        return doc ? send(res, 200, doc) : send(res, 404, status.notFoundPath());
      }
      const parts = p.split('/').filter(Boolean);
      if (p === '/api/v1' || (parts[0] === 'apis' && parts.length === 3)) {
        const list = apiResourceList(p === '/api/v1' ? 'v1' : `${parts[1]}/${parts[2]}`, cluster);
        return list ? send(res, 200, list) : send(res, 404, status.notFoundPath());
      }
      if (parts[0] === 'apis' && parts.length === 2) {
        const g = apiGroup(parts[1], cluster);
        return g ? send(res, 200, g) : send(res, 404, status.notFoundPath());
      }
    }
    const path = parseResourcePath(p, cluster);
    if (!path || 'notFound' in path) return send(res, 404, status.notFoundPath());
    return serveResource(ctx, req, res, path, url.searchParams);
  };

  /**
   * `/kubeglass/…`: the page's files (public: the page holds nothing of the cluster, and it reads
   * the token from its address), `info` (whether a token is needed), then, authenticated like the
   * API, the page's `feed` and `request`.
   */
  const servePage = (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    if (pathname === '/kubeglass') {
      res.writeHead(301, { Location: WWW_PREFIX });
      return (res.end(), true);
    }
    if (!pathname.startsWith(WWW_PREFIX)) return false;
    const cors = pageCors(req);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    const endpoint = pathname.slice(WWW_PREFIX.length);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      return (res.end(), true);
    }
    if (endpoint === 'info' && req.method === 'GET') {
      send(res, 200, {
        server: 'kubeglass sim serve',
        tokenRequired: requireToken,
        speed: opts.speed,
      });
      return true;
    }
    if (endpoint === 'feed' || endpoint === 'request') return false; // authenticated below
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (www && serveStatic(www, pathname, res)) return true;
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      www
        ? 'Not found.\n'
        : 'No page to serve: build it (npm run build) and start sim serve with --www dist.\n',
    );
    return true;
  };

  const listener: RequestListener = (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname.startsWith('/kubeglass') && servePage(req, res, pathname)) return;
    // Authentication comes before anything else, for every verb and path.
    if (requireToken) {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      if (!given || !sameToken(given, token)) {
        req.resume();
        return send(res, 401, status.unauthorized());
      }
    }
    if (inFlight >= maxInFlight) {
      req.resume();
      return send(res, 429, status.tooMany('Too many requests, please try again later.'), {
        'Retry-After': '1',
      });
    }
    inFlight++;
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    // A watch or a follow is long-running: it does not hold an in-flight slot once started
    // (kube-apiserver exempts long-running requests from max-in-flight too).
    res.on('close', done);
    res.on('finish', done);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === `${WWW_PREFIX}feed` && req.method === 'GET') {
      done(); // long-running, like a watch
      return pages.openFeed(res);
    }
    if (url.pathname === `${WWW_PREFIX}request` && req.method === 'POST') {
      pages.request(req, res).catch(() => res.destroy());
      return;
    }
    if (opts.onRequest) record(req, opts.onRequest);
    if (url.searchParams.get('watch') || url.searchParams.get('follow')) done();
    route(req, res, url).catch((e: unknown) => {
      // Never a stack trace to a client: one line, as an internal error Status.
      send(
        res,
        500,
        status.statusOf(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`),
      );
    });
  };
  const server: Server = opts.tls
    ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert }, listener)
    : createServer(listener);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.address.includes(':') ? `[${opts.address}]` : opts.address;
  host = `${shownHost}:${port}`;
  pacer.start();
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}`,
    port,
    token,
    ...(opts.tls ? { caCert: opts.tls.cert } : {}),
    pacer,
    pages,
    close: () =>
      new Promise<void>((resolve) => {
        pacer.stop();
        pages.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
