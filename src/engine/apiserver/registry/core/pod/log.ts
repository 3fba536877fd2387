import { resourceForPlural } from '../../../../api/resources';
import type { Node, Pod } from '../../../../api/types';
import * as errors from '../../../errors';
import { APISERVER, type ApiRequest, type ApiResponse, type Reply } from '../../../types';
import type { StorageContext } from '../../context';
import type { SubresourceREST } from '../../rest';
import type { ContainerStreamRequest } from './exec';

/** What a kubelet serves to the API server (port 10250). */
export interface KubeletServer {
  /** `GET /containerLogs/<ns>/<pod>/<container>`: answers with the log text or an error status. */
  containerLogs(
    req: {
      namespace: string;
      pod: string;
      container?: string;
      previous?: boolean;
      tailLines?: number;
      timestamps?: boolean;
    },
    reply: (r: ApiResponse) => void,
  ): void;
  /**
   * `POST /exec|/attach/<ns>/<pod>/<container>` or `/portForward/<ns>/<pod>`: answers with the
   * upgraded stream (`stream`), or the kubelet's error text.
   */
  containerStream(req: ContainerStreamRequest, reply: (r: ApiResponse) => void): void;
}

/** The kubelets the API server can reach, by node (registered by each node when it joins). */
export class Kubelets {
  readonly servers = new Map<string, KubeletServer>();
  /** The component id of each node's kubelet, where the proxied request travels. */
  readonly hostOf = new Map<string, string>();

  register(node: string, component: string, server: KubeletServer): void {
    this.servers.set(node, server);
    this.hostOf.set(node, component);
  }
}

const PODS = resourceForPlural('pods')!;
const NODES = resourceForPlural('nodes')!;

/**
 * GET pods/<name>/log (k/k: pkg/registry/core/pod/rest/log.go LogREST): proxied to the kubelet
 * of the pod's node, which asks its runtime.
 */
export class LogREST implements SubresourceREST {
  constructor(
    private readonly ctx: StorageContext,
    private readonly kubelets: Kubelets,
  ) {}

  get(req: ApiRequest, reply: Reply): void {
    const s = this.ctx;
    const pod = s.peek(s.key(PODS, req.namespace, req.name!)) as Pod | undefined;
    if (!pod) return reply({ code: 404, body: errors.notFound(PODS, req.name!) });
    const node = pod.spec?.nodeName;
    const kubelet = node ? this.kubelets.servers.get(node) : undefined;
    if (!node || !kubelet) {
      const c = req.container ?? pod.spec!.containers[0].name;
      return reply({
        code: 400,
        body: errors.badRequest(
          `container "${c}" in pod "${req.name}" is waiting to start: ContainerCreating`,
        ),
      });
    }
    const to = this.kubelets.hostOf.get(node)!;
    const path = `/containerLogs/${req.namespace}/${req.name}/${req.container ?? pod.spec!.containers[0].name}`;
    if (!s.net.isUp(to)) {
      // The kubelet's port 10250 does not answer: the proxy's dial fails at once.
      const n = s.peek(s.key(NODES, undefined, node)) as Node | undefined;
      const ip = n?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? node;
      return reply({
        code: 500,
        body: errors.internalPlain(
          `Get "https://${ip}:10250${path}": dial tcp ${ip}:10250: connect: connection refused`,
        ),
      });
    }
    const callFlow = s.net.send(
      { from: APISERVER, to, kind: 'request', verb: 'GET', resource: path, summary: `GET ${path}` },
      () =>
        kubelet.containerLogs(
          {
            namespace: req.namespace!,
            pod: req.name!,
            container: req.container,
            previous: req.previous,
            tailLines: req.tailLines,
            timestamps: req.timestamps,
          },
          (r) =>
            s.net.send(
              {
                from: to,
                to: APISERVER,
                kind: 'response',
                verb: 'GET',
                resource: path,
                summary: `${r.code} logs`,
                status: r.code,
                flow: callFlow,
              },
              () => reply(r),
            ),
        ),
    );
  }
}
