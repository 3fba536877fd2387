/**
 * POST pods/<name>/exec, pods/<name>/attach and pods/<name>/portforward (k/k:
 * pkg/registry/core/pod/rest/subresources.go ExecREST, AttachREST, PortForwardREST): the API
 * server checks the container (pkg/registry/core/pod/strategy.go streamLocation), then proxies
 * the upgraded connection to the kubelet of the pod's node, which asks its runtime.
 */
import { resourceForPlural } from '../../../../api/resources';
import type { Node, Pod } from '../../../../api/types';
import { relayHop } from '../../../../sim/stream';
import * as errors from '../../../errors';
import { APISERVER, type ApiRequest, type ApiResponse, type Reply } from '../../../types';
import type { StorageContext } from '../../context';
import type { SubresourceREST } from '../../rest';
import type { Kubelets } from './log';

const PODS = resourceForPlural('pods')!;
const NODES = resourceForPlural('nodes')!;

/** What the API server asks of a kubelet's streaming endpoints (port 10250). */
export interface ContainerStreamRequest {
  kind: 'exec' | 'attach' | 'portforward';
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  port?: number;
  /** The request's trace flow: the stream's frames are drawn in its colour. */
  flow: number;
}

/** streamLocation's container check: the named one, else the only one. */
function containerFor(pod: Pod, req: ApiRequest): string | { error: string } {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  const name = pod.metadata?.name;
  if (req.container) {
    return all.includes(req.container)
      ? req.container
      : { error: `container ${req.container} is not valid for pod ${name}` };
  }
  if (names.length === 1) return names[0];
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  return {
    error:
      `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]` +
      (inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''),
  };
}

/** The kubelet path of a stream request, as the API server's proxy dials it. */
function kubeletPath(kind: ContainerStreamRequest['kind'], req: ApiRequest, c: string): string {
  const base = `${req.namespace}/${req.name}`;
  if (kind === 'portforward') return `/portForward/${base}`;
  const q = (req.command ?? []).map((a) => `command=${encodeURIComponent(a)}`);
  if (req.stdin) q.push('input=1');
  q.push('output=1');
  if (req.tty) q.push('tty=1');
  return `/${kind}/${base}/${c}?${q.join('&')}`;
}

/** pods/exec, pods/attach or pods/portforward, by `kind`. */
export class StreamREST implements SubresourceREST {
  constructor(
    private readonly ctx: StorageContext,
    private readonly kubelets: Kubelets,
    private readonly kind: ContainerStreamRequest['kind'],
  ) {}

  create(req: ApiRequest, reply: Reply): void {
    const s = this.ctx;
    const pod = s.peek(s.key(PODS, req.namespace, req.name!)) as Pod | undefined;
    if (!pod) return reply({ code: 404, body: errors.notFound(PODS, req.name!) });
    let container = '';
    if (this.kind !== 'portforward') {
      const c = containerFor(pod, req);
      if (typeof c !== 'string') return reply({ code: 400, body: errors.badRequest(c.error) });
      container = c;
    }
    const node = pod.spec?.nodeName;
    const kubelet = node ? this.kubelets.servers.get(node) : undefined;
    if (!node || !kubelet) {
      return reply({
        code: 400,
        body: errors.badRequest(`pod ${req.name} does not have a host assigned`),
      });
    }
    const to = this.kubelets.hostOf.get(node)!;
    const path = kubeletPath(this.kind, req, container);
    if (!s.net.isUp(to)) {
      const n = s.peek(s.key(NODES, undefined, node)) as Node | undefined;
      const ip = n?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? node;
      return reply({
        code: 500,
        body: errors.internalPlain(
          `error dialing backend: dial tcp ${ip}:10250: connect: connection refused`,
        ),
      });
    }
    const callFlow = s.net.send(
      {
        from: APISERVER,
        to,
        kind: 'request',
        verb: 'POST',
        resource: path,
        summary: `POST ${path}`,
      },
      () =>
        kubelet.containerStream(
          {
            kind: this.kind,
            namespace: req.namespace!,
            pod: req.name!,
            container,
            command: req.command ?? [],
            stdin: req.stdin === true,
            tty: req.tty === true,
            port: req.port,
            flow: callFlow,
          },
          (r: ApiResponse) =>
            s.net.send(
              {
                from: to,
                to: APISERVER,
                kind: 'response',
                verb: 'POST',
                resource: path,
                summary: r.stream ? '101 Switching Protocols' : `${r.code} ${this.kind}`,
                status: r.stream ? 101 : r.code,
                flow: callFlow,
              },
              () =>
                reply(
                  r.stream
                    ? {
                        code: 101,
                        stream: relayHop(s.net, APISERVER, to, r.stream, path, callFlow),
                      }
                    : r,
                ),
            ),
        ),
    );
  }
}
