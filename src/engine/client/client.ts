import { APISERVER, type ApiServer, type WatchHandle } from '../apiserver/server';
import type { ApiRequest, ApiResponse, WatchEventMessage } from '../apiserver/types';
import type { KubeObject } from '../api/types';
import type { Clock } from '../sim/clock';
import { relayHop } from '../sim/stream';
import type { Message, Network } from '../sim/network';

export type ResponseCallback = (r: ApiResponse) => void;

/** The HTTP method of a verb, as the trace shows it. */
export function httpVerb(req: ApiRequest): string {
  switch (req.verb) {
    case 'create':
      return 'POST';
    case 'get':
      return 'GET';
    case 'list':
      return 'LIST';
    case 'watch':
      return 'WATCH';
    case 'update':
      return 'PUT';
    case 'patch':
    case 'apply':
      return 'PATCH';
    default:
      return 'DELETE';
  }
}

/** `pods`, `pods/status`, `pods?fieldSelector=spec.nodeName=worker-1`. */
export function requestPath(req: ApiRequest): string {
  let path = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  // hpa: an aggregated API's resources carry their group (`pods.metrics.k8s.io`).
  if (req.group) path = `${req.resource}.${req.group}`;
  // Most requests have no query: no list of its parts to make.
  if (
    !req.labelSelector &&
    !req.fieldSelector &&
    !req.command &&
    req.subresource !== 'exec' &&
    req.subresource !== 'attach' &&
    req.port === undefined
  )
    return path;
  const q: string[] = [];
  if (req.labelSelector) q.push(`labelSelector=${req.labelSelector}`);
  if (req.fieldSelector) q.push(`fieldSelector=${req.fieldSelector}`);
  // pods/exec?command=ls&command=/&container=app&stdin=true&tty=true, as kubectl sends it.
  for (const c of req.command ?? []) q.push(`command=${encodeURIComponent(c)}`);
  if (req.subresource === 'exec' || req.subresource === 'attach') {
    if (req.container) q.push(`container=${req.container}`);
    if (req.stdin) q.push('stdin=true');
    q.push('stdout=true');
    if (!req.tty) q.push('stderr=true');
    if (req.tty) q.push('tty=true');
  }
  if (req.port !== undefined) q.push(`ports=${req.port}`);
  if (q.length) path += `?${q.join('&')}`;
  return path;
}

/**
 * A component's client of kube-apiserver (client-go's REST client): every call is a traced
 * request over the network and a traced response back.
 */
/** The trace's `refusal` of a response: the Status message of a refusal worth explaining. */
function refusalOf(resp: ApiResponse): string | undefined {
  if (resp.code < 400 || resp.code === 404 || resp.code === 409) return undefined;
  const body = resp.body as { kind?: string; message?: string } | undefined;
  return body?.kind === 'Status' && body.message ? body.message : undefined;
}

/**
 * The trace summary of a watch event, `WATCH pods: MODIFIED web-1`. The watch cache hands one
 * change to every matching watch in a row, so the last text made is kept: a pod's change seen
 * by the scheduler, the ReplicaSet controller and its kubelet has one summary, not three.
 */
let lastResource = '';
let lastType = '';
let lastObject: KubeObject | undefined;
let lastSummary = '';
function watchSummary(resource: string, ev: WatchEventMessage): string {
  if (lastObject === ev.object && lastType === ev.type && lastResource === resource)
    return lastSummary;
  lastResource = resource;
  lastType = ev.type;
  lastObject = ev.object;
  lastSummary = `WATCH ${resource}: ${ev.type} ${ev.object.metadata?.name ?? ''}`;
  return lastSummary;
}

export class ApiClient {
  private heartbeatClient?: ApiClient;

  constructor(
    readonly net: Network,
    readonly api: ApiServer,
    /** The calling component's network id, e.g. `kube-scheduler`. */
    readonly component: string,
    private readonly clock: Clock,
    /** Requests are heartbeats (background traffic): see {@link heartbeat}. */
    private readonly background = false,
  ) {}

  /**
   * The same client for heartbeat traffic: a kubelet's Lease renewals and node status (k/k:
   * pkg/kubelet/nodelease, kubelet_node_status.go tryUpdateNodeStatus). Its requests, with their
   * API-server stages, etcd calls and watch events, are traced as `background`, so the UI draws
   * them faintly and the worker lets time run past them.
   */
  get heartbeat(): ApiClient {
    return (this.heartbeatClient ??= new ApiClient(
      this.net,
      this.api,
      this.component,
      this.clock,
      true,
    ));
  }

  /** Run `fn` after a reflector's retry pause (`ms`, 1 s by default). */
  retryLater(fn: () => void, ms = 1000): void {
    this.clock.setTimeout(fn, ms);
  }

  request(req: ApiRequest, cb: ResponseCallback = noResponse): void {
    const call = new Call(this, req, cb);
    const verb = call.verb;
    const path = call.path;
    const summary =
      req.subresource === 'binding'
        ? `bind ${req.name} → ${(req.body as { target?: { name?: string } })?.target?.name ?? ''}`
        : `${verb} ${path}`;
    call.flow = this.net.send(
      {
        from: this.component,
        to: APISERVER,
        kind: 'request',
        verb,
        resource: path,
        summary,
        background: this.background,
      },
      arrive,
      undefined,
      refuse,
      call,
    );
  }

  create(
    resource: string,
    namespace: string | undefined,
    body: KubeObject,
    cb?: ResponseCallback,
  ): void {
    this.request({ verb: 'create', resource, namespace, body }, cb);
  }

  get(resource: string, namespace: string | undefined, name: string, cb: ResponseCallback): void {
    this.request({ verb: 'get', resource, namespace, name }, cb);
  }

  update(
    resource: string,
    body: KubeObject,
    cb?: ResponseCallback,
    subresource?: ApiRequest['subresource'],
  ): void {
    this.request(
      {
        verb: 'update',
        resource,
        subresource,
        namespace: body.metadata?.namespace,
        name: body.metadata?.name,
        body,
      },
      cb,
    );
  }

  /** PUT <resource>/status with the object's status. */
  updateStatus(resource: string, body: KubeObject, cb?: ResponseCallback): void {
    this.update(resource, body, cb, 'status');
  }

  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    cb?: ResponseCallback,
    subresource?: ApiRequest['subresource'],
    patchType: ApiRequest['patchType'] = 'strategic',
  ): void {
    this.request({ verb: 'patch', resource, namespace, name, body, subresource, patchType }, cb);
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    cb?: ResponseCallback,
    opts: Pick<ApiRequest, 'propagationPolicy' | 'gracePeriodSeconds'> = {},
  ): void {
    this.request({ verb: 'delete', resource, namespace, name, ...opts }, cb);
  }

  /**
   * Open a watch. Events arrive as traced messages from the API server; `onOpen` gets the
   * response to the watch request (200, or 410 Gone when the revision is too old).
   */
  watch(
    req: Omit<ApiRequest, 'verb'>,
    onEvent: (e: WatchEventMessage) => void,
    onOpen: ResponseCallback = () => {},
  ): { stop(): void } {
    const full: ApiRequest = { ...req, verb: 'watch' };
    const path = requestPath(full);
    let handle: WatchHandle | undefined;
    let stopped = false;
    const event: Message = {
      from: APISERVER,
      to: this.component,
      kind: 'watch',
      verb: '',
      resource: req.resource,
      summary: '',
    };
    const deliverEvent = (ev: WatchEventMessage) => {
      if (!stopped) onEvent(ev);
    };
    // The request's flow, which the response continues (a number: the watch lasts, its request's
    // trace event need not; scale: ~8 watches a node).
    const flow = this.net.send(
      {
        from: this.component,
        to: APISERVER,
        kind: 'request',
        verb: 'WATCH',
        resource: path,
        summary: `WATCH ${path}`,
      },
      () => {
        if (stopped) return;
        handle = this.api.handle(
          this.component,
          full,
          (resp) =>
            this.net.send(
              {
                from: APISERVER,
                to: this.component,
                kind: 'response',
                verb: 'WATCH',
                resource: path,
                summary: `${resp.code} WATCH ${path}`,
                status: resp.code,
                flow,
              },
              () => onOpen(resp),
            ),
          (ev) => {
            // The message is read only while it is sent: one for every event of this watch.
            event.verb = ev.type;
            event.summary = watchSummary(full.resource, ev);
            this.net.send(event, deliverEvent, undefined, undefined, ev);
          },
        );
      },
      undefined,
      () => {
        if (!stopped) onOpen(connectionRefused());
      },
    );
    return {
      stop: () => {
        stopped = true;
        handle?.stop();
      },
    };
  }
}

function noResponse(): void {}

/**
 * One request's round trip: what its messages' deliveries need, in one object instead of a
 * closure for each step (scale: every write of every controller and kubelet is one).
 */
class Call {
  readonly verb: string;
  readonly path: string;
  /** The request's flow, which its response continues. */
  flow = 0;
  /** The API server's answer, on its way back. */
  resp: ApiResponse | undefined = undefined;

  constructor(
    readonly client: ApiClient,
    readonly req: ApiRequest,
    readonly cb: ResponseCallback,
  ) {
    this.verb = httpVerb(req);
    this.path = requestPath(req);
  }

  /** The API server's reply: sent back to the client. */
  readonly reply = (resp: ApiResponse): void => {
    this.resp = resp;
    const verb = this.verb;
    const path = this.path;
    this.client.net.send(
      {
        from: APISERVER,
        to: this.client.component,
        kind: 'response',
        verb,
        resource: path,
        summary: `${resp.code} ${verb} ${path}`,
        status: resp.code,
        refusal: refusalOf(resp),
        flow: this.flow,
      },
      answer,
      undefined,
      undefined,
      this,
    );
  };
}

/** A request arrives at the API server. */
function arrive(call: Call): void {
  call.client.api.handle(call.client.component, call.req, call.reply);
}

/** The response arrives at the client. An upgraded connection goes on along the same hop (../sim/stream.ts). */
function answer(call: Call): void {
  const resp = call.resp!;
  const c = call.client;
  call.cb(
    resp.stream
      ? {
          ...resp,
          stream: relayHop(c.net, c.component, APISERVER, resp.stream, call.path, call.flow),
        }
      : resp,
  );
}

/** The API server was not listening when the request arrived. */
function refuse(call: Call): void {
  call.cb(connectionRefused());
}

/** Where clients dial kube-apiserver: the control-plane node's address (cluster.ts). */
const API_ENDPOINT = '10.0.0.10:6443';

/** What a client gets when kube-apiserver is not listening (client-go's dial error). */
export function connectionRefused(): ApiResponse {
  return {
    code: 503,
    refused: true,
    body: {
      apiVersion: 'v1',
      kind: 'Status',
      status: 'Failure',
      code: 503,
      reason: 'ServiceUnavailable',
      message: `dial tcp ${API_ENDPOINT}: connect: connection refused`,
    },
  };
}
