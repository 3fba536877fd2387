/**
 * net: the hops "Send requests" adds beyond kube-proxy's DNAT: a connection kindnetd's policy
 * agent drops at the receiving node (NetworkPolicy), and a request an ingress controller's pod
 * proxies on to a backend pod by host and path. Each hop is a traced message the diagram draws.
 */
import type { Cluster } from '../../cluster';
import type { PolicyVerdict } from '../cni/networkPolicy';
import { podNetworkOf, type HttpProxy } from '../runtime/podNetwork';
import type { RequestResult } from './traffic';

const REASON: Record<number, string> = {
  200: 'OK',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** How long a client waits for a SYN nobody answers before it gives up (curl's connect). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The SYN reaches the receiving node and is dropped there: one message to the pod, marked DROP
 * and naming the policies, and no answer; the client gives up after its connect timeout.
 */
export function dropAtDestination(
  cluster: Cluster,
  from: string,
  pod: string,
  path: string,
  verdict: PolicyVerdict,
  flow: number,
  timedOut: () => void,
): void {
  const podName = pod.slice(pod.indexOf('/') + 1);
  const policies = (verdict.policies ?? []).join(', ');
  cluster.net.send(
    {
      from,
      to: `pod:${pod}`,
      kind: 'request',
      verb: 'DROP',
      resource: 'networkpolicy',
      summary: `DROP GET ${path} → ${podName}: denied ${verdict.direction ?? 'ingress'} by NetworkPolicy ${policies}`,
      flow,
    },
    () => cluster.clock.setTimeout(timedOut, CONNECT_TIMEOUT_MS),
  );
}

/** The proxy pod picks a backend, forwards the request, and relays the answer to the client. */
export function throughIngressProxy(
  cluster: Cluster,
  proxy: HttpProxy,
  req: { host: string; path: string; client: string; flow: number },
  done: (r: RequestResult) => void,
): void {
  const net = cluster.net;
  const proxyName = proxy.id.slice(proxy.id.lastIndexOf('/') + 1);
  const reply = (from: string, status: number, body: string, result: RequestResult): void => {
    net.send(
      {
        from,
        to: req.client,
        kind: 'response',
        verb: 'GET',
        resource: 'http',
        summary: `${status} ${REASON[status] ?? ''} from ${from === proxy.id ? proxyName : (result.pod ?? '').replace(/^.*\//, '')}`,
        status,
        flow: req.flow,
      },
      () => done({ ...result, status, body }),
    );
  };
  const pick = proxy.pick(req.host, req.path, cluster.rng);
  if (pick.kind === 'answer') {
    return reply(proxy.id, pick.status, pick.body, {
      pod: proxy.id.slice('pod:'.length),
      error: pick.status >= 400 ? `HTTP ${pick.status}` : undefined,
    });
  }
  const pods = podNetworkOf(net);
  const found = pods.locate(pick.ip);
  if (!found) return reply(proxy.id, 502, '', { error: 'HTTP 502' });
  const backend = found.pod;
  const backendName = backend.slice(backend.indexOf('/') + 1);
  const proxyIP = [...pods.proxies].find(([, p]) => p === proxy)?.[0];
  const verdict = pods.policyVerdict(proxyIP, pick.ip, pick.port);
  if (!verdict.allowed) {
    // nginx's upstream connect times out: 504 Gateway Time-out to the client.
    return dropAtDestination(cluster, proxy.id, backend, pick.path, verdict, req.flow, () =>
      reply(proxy.id, 504, '', { error: 'HTTP 504' }),
    );
  }
  net.send(
    {
      from: proxy.id,
      to: `pod:${backend}`,
      kind: 'request',
      verb: 'GET',
      resource: 'http',
      summary: `GET ${pick.path} → ${backendName} (ingress rule ${pick.rule})`,
      flow: req.flow,
    },
    () => {
      const answer = found.host.httpGet(pick.ip, pick.port, pick.path, req.host);
      if (!answer || answer.kind !== 'ok') return reply(proxy.id, 502, '', { error: 'HTTP 502' });
      reply(`pod:${backend}`, answer.status, answer.body, { pod: backend, ip: pick.ip });
    },
  );
}
