/**
 * Client traffic to a Service: each request enters a node, the node's kube-proxy rules pick an
 * endpoint (one random draw per `-m statistic` rule), the chosen pod's program answers, and the
 * response goes back. Every hop is a traced message the diagram animates.
 */
import type { Cluster } from '../../cluster';
import { usableEndpoints, type ServicePortInfo } from './iptables';
import { podNetworkOf } from '../runtime/podNetwork';
import { dropAtDestination, throughIngressProxy } from './trafficHops';

/** Who sends: a client outside the cluster, or a pod (`pod:default/client`). */
export type TrafficSource = 'outside' | `pod:${string}`;

export interface TrafficOptions {
  /** `namespace/name` of the Service. */
  service: string;
  count: number;
  from: TrafficSource;
  /** The Service port (default: its first port). */
  port?: number;
  path?: string;
  /** net: the Host header (an ingress controller routes by it). */
  host?: string;
  /** Virtual ms between two requests (default 10). */
  intervalMs?: number;
}

/** What one request got. */
export interface RequestResult {
  /** `default/web-7d9c-x2k` that answered. */
  pod?: string;
  ip?: string;
  status?: number;
  body?: string;
  /** curl's error when the connection failed. */
  error?: string;
}

export interface TrafficReport {
  /** Answers per pod (`default/web-7d9c-x2k` → 1012). */
  perPod: Record<string, number>;
  errors: number;
  results: RequestResult[];
}

/** The id the diagram uses for an outside client. */
export const OUTSIDE_CLIENT = 'client';
/** The address requests from outside come from (TEST-NET-3, RFC 5737). */
export const OUTSIDE_CLIENT_IP = '203.0.113.10';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** curl's message for a refused connection (exit code 7). */
export function curlRefused(ip: string, port: number): string {
  return `curl: (7) Failed to connect to ${ip} port ${port} after 1 ms: Couldn't connect to server`;
}

/**
 * Send `count` HTTP GETs to a Service and call `done` with the spread across pods once every
 * answer is back. Pods that are not Ready are not in the rules and get none; a Service with no
 * endpoints is REJECTed by the rules (`curl: (7) … Couldn't connect to server`).
 */
export function sendRequests(
  cluster: Cluster,
  opts: TrafficOptions,
  done: (r: TrafficReport) => void,
): void {
  const report: TrafficReport = { perPod: {}, errors: 0, results: [] };
  const proxies = cluster.nodes.map((n) => n.proxy);
  const [ns, name] = opts.service.includes('/')
    ? opts.service.split('/')
    : ['default', opts.service];
  const path = opts.path ?? '/';
  let pending = opts.count;
  const finish = (r: RequestResult) => {
    report.results.push(r);
    if (r.pod) report.perPod[r.pod] = (report.perPod[r.pod] ?? 0) + 1;
    else report.errors++;
    if (--pending === 0) done(report);
  };
  if (opts.count <= 0) return done(report);

  // The client's pod, node and diagram id.
  let client = OUTSIDE_CLIENT;
  let clientNode: string | undefined;
  // The source address the rules see: the client pod's IP, or one address outside.
  let srcIP = OUTSIDE_CLIENT_IP;
  if (opts.from !== 'outside') {
    const key = opts.from.slice('pod:'.length);
    const host = cluster.nodes.find((n) =>
      [...n.runtime.sandboxes.values()].some((s) => s.pod === key),
    );
    if (!host) {
      for (let i = 0; i < opts.count; i++) finish({ error: `error: pod ${key} is not running` });
      return;
    }
    client = opts.from;
    clientNode = host.name;
    srcIP = [...host.runtime.sandboxes.values()].find((x) => x.pod === key)?.ip ?? srcIP;
  }

  const send = (i: number) => {
    const rng = cluster.rng;
    let nodes = proxies.filter((p) => p.nodeName !== 'control-plane' && p.running);
    if (!nodes.length) nodes = proxies;
    // A cloud load balancer of an externalTrafficPolicy: Local Service sends only to the nodes
    // whose health check passes: those with a ready endpoint of their own.
    const lbPort =
      !clientNode && nodes[0] && findPort(nodes[0].servicePorts(), ns, name, opts.port);
    if (lbPort && lbPort.externalLocal && lbPort.loadBalancerIPs.length) {
      const healthy = nodes.filter((p) =>
        usableEndpoints(lbPort.endpoints).some((e) => e.nodeName === p.nodeName),
      );
      if (healthy.length) nodes = healthy;
    }
    const proxy = clientNode ? proxies.find((p) => p.nodeName === clientNode) : rng.pick(nodes);
    const sp = proxy ? findPort(proxy.servicePorts(), ns, name, opts.port) : undefined;
    if (!proxy || !sp)
      return finish({ error: `Error from server (NotFound): services "${name}" not found` });
    // From a pod: the cluster IP. From outside: the load balancer's IP, else the node's NodePort.
    let dst = sp.clusterIP;
    let dport = sp.port;
    if (!clientNode) {
      if (sp.loadBalancerIPs.length) dst = sp.loadBalancerIPs[0];
      else if (sp.nodePort) {
        dst = proxy.nodeIP;
        dport = sp.nodePort;
      } else
        return finish({
          error: `service ${ns}/${name} is of type ClusterIP: its IP ${sp.clusterIP} is reachable only from inside the cluster`,
        });
    }
    const url = `http://${dst}${dport === 80 ? '' : `:${dport}`}${path}`;
    const net = cluster.net;
    const reqFlow = net.send(
      {
        from: client,
        to: proxy.id,
        kind: 'request',
        verb: 'GET',
        resource: 'iptables',
        summary: `GET ${url} #${i + 1}`,
      },
      () => {
        const v = proxy.pickEndpoint(dst, dport, rng, srcIP);
        const fail = (error: string) =>
          net.send(
            {
              from: proxy.id,
              to: client,
              kind: 'response',
              verb: 'GET',
              resource: 'iptables',
              summary: error,
              flow: reqFlow,
            },
            () => finish({ error }),
          );
        if (v.kind === 'reject') return fail(curlRefused(dst, dport));
        // DROP (externalTrafficPolicy: Local, no endpoint on this node): nothing ever answers.
        if (v.kind !== 'dnat')
          return fail(
            `curl: (28) Failed to connect to ${dst} port ${dport} after 10002 ms: Timeout was reached`,
          );
        const [ip, port] = v.to.split(':');
        const target = cluster.nodes.find((n) => n.runtime.podAt(ip) !== undefined);
        const pod = target?.runtime.podAt(ip);
        if (!target || !pod)
          return fail(
            `curl: (28) Failed to connect to ${dst} port ${dport} after 10002 ms: Timeout was reached`,
          );
        const podName = pod.slice(pod.indexOf('/') + 1);
        // net: kindnetd drops a connection a NetworkPolicy denies, at the receiving node.
        const verdict = podNetworkOf(net).policyVerdict(srcIP, ip, Number(port));
        if (!verdict.allowed) {
          const error = `curl: (28) Failed to connect to ${dst} port ${dport} after 10002 ms: Timeout was reached`;
          return dropAtDestination(cluster, proxy.id, pod, path, verdict, reqFlow, () =>
            finish({ error }),
          );
        }
        net.send(
          {
            from: proxy.id,
            to: `pod:${pod}`,
            kind: 'request',
            verb: 'GET',
            resource: 'http',
            summary: `GET ${path} → ${podName} (${ip})`,
            flow: reqFlow,
          },
          () => {
            // net: an ingress controller's pod proxies the request on to a backend pod.
            const proxied = podNetworkOf(net).proxies.get(ip);
            if (proxied) {
              return throughIngressProxy(
                cluster,
                proxied,
                { host: opts.host ?? dst, path, client, flow: reqFlow },
                (r) => finish(r),
              );
            }
            const answer = target.runtime.httpGet(ip, Number(port), path);
            if (!answer || answer.kind !== 'ok') {
              const error = curlRefused(dst, dport);
              net.send(
                {
                  from: `pod:${pod}`,
                  to: client,
                  kind: 'response',
                  verb: 'GET',
                  resource: 'http',
                  summary: error,
                  flow: reqFlow,
                },
                () => finish({ error }),
              );
              return;
            }
            const summary = okSummary(answer.status, podName);
            net.send(
              {
                from: `pod:${pod}`,
                to: client,
                kind: 'response',
                verb: 'GET',
                resource: 'http',
                summary,
                status: answer.status,
                flow: reqFlow,
              },
              () => finish({ pod, ip, status: answer.status, body: answer.body }),
            );
          },
        );
      },
    );
  };
  const interval = opts.intervalMs ?? 10;
  for (let i = 0; i < opts.count; i++) cluster.clock.setTimeout(() => send(i), i * interval);
}

/** `200 OK from web-7d9c-x2k`. */
export function okSummary(status: number, podName: string): string {
  return `${status} ${STATUS_TEXT[status] ?? ''} from ${podName}`.replace('  ', ' ');
}

function findPort(
  ports: readonly ServicePortInfo[],
  ns: string,
  name: string,
  port?: number,
): ServicePortInfo | undefined {
  const mine = ports.filter((p) => p.namespace === ns && p.name === name);
  return port === undefined ? mine[0] : mine.find((p) => p.port === port || p.nodePort === port);
}
