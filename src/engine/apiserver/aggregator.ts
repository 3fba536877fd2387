/**
 * hpa: kube-apiserver's aggregation layer (k/k: staging/src/k8s.io/kube-aggregator). An
 * APIService such as `v1beta1.metrics.k8s.io` names a Service; requests for its group are
 * authenticated and authorized here, then proxied to that server (metrics-server), each hop a
 * traced message. A group nobody serves answers 404, as when metrics-server is not installed.
 */
import type { ApiStage } from './stages';
import type { Network } from '../sim/network';
import { APISERVER, type ApiRequest, type ApiResponse, type Reply } from './types';

/** An aggregated API server: its component id and how it answers a request. */
export interface AggregatedServer {
  /** Network id: `metrics-server`. */
  readonly id: string;
  /** Whether it answers (its process runs). */
  isRunning(): boolean;
  serve(req: ApiRequest, reply: Reply): void;
}

/** The errors kubectl decodes: the group's resource is unknown to the API server. */
function notFound(req: ApiRequest): ApiResponse {
  return {
    code: 404,
    body: {
      apiVersion: 'v1',
      kind: 'Status',
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: { group: req.group, kind: req.resource },
      code: 404,
    },
  };
}

/** The APIServices the API server proxies to. */
export class Aggregator {
  private readonly servers = new Map<string, AggregatedServer>();

  constructor(
    private readonly net: Network,
    private readonly stage: (name: ApiStage, summary: string) => void,
  ) {}

  /** An APIService becomes available (`kubectl get apiservices` Available=True). */
  register(group: string, server: AggregatedServer): void {
    this.servers.set(group, server);
  }

  /** Whether a group is served and its server answers. */
  available(group: string): boolean {
    return this.servers.get(group)?.isRunning() === true;
  }

  proxy(req: ApiRequest, reply: Reply): void {
    const server = this.servers.get(req.group!);
    if (!server) return reply(notFound(req));
    const path = `${req.resource}.${req.group}`;
    this.stage('authorization', `may ${req.verb} ${path} (RBAC)`);
    if (!server.isRunning()) {
      // The APIService is there but its Service has no ready endpoint.
      return reply({
        code: 503,
        body: {
          apiVersion: 'v1',
          kind: 'Status',
          status: 'Failure',
          message: 'the server is currently unable to handle the request',
          reason: 'ServiceUnavailable',
          details: { group: req.group, kind: req.resource },
          code: 503,
        },
      });
    }
    const verb = req.verb === 'list' ? 'LIST' : 'GET';
    const callFlow = this.net.send(
      {
        from: APISERVER,
        to: server.id,
        kind: 'request',
        verb,
        resource: path,
        summary: `${verb} ${path} (aggregated)`,
      },
      () =>
        server.serve(req, (r) =>
          this.net.send(
            {
              from: server.id,
              to: APISERVER,
              kind: 'response',
              verb,
              resource: path,
              summary: `${r.code} ${verb} ${path}`,
              status: r.code,
              flow: callFlow,
            },
            () => reply(r),
          ),
        ),
    );
  }
}
