/**
 * ingress-nginx's controller process (`/nginx-ingress-controller`, in the pod of the
 * `ingress-nginx-controller` Deployment): it watches Ingresses, Services and EndpointSlices
 * through the API server, writes each served Ingress's `status.loadBalancer` (kind's manifest
 * runs it with `--publish-status-address=localhost`, so ADDRESS reads `localhost`), records the
 * `Sync` events, and proxies requests on :80 by host and path to the backend Service's
 * endpoints, round robin (its default `load-balance`), as nginx's upstreams do — not through the
 * Service's cluster IP.
 */
import type { EndpointSlice, Service } from '../../api/types';
import type { Ingress } from '../../api/networkingTypes';
import type { Cached, Informer } from '../../client/informer';
import { EventRecorder } from '../../client/events';
import { PodProcess } from '../../node/runtime/clientProcesses';
import { podNetworkOf, type HttpProxy } from '../../node/runtime/podNetwork';
import type { Rng } from '../../sim/rng';
import { isNginxIngress, nginxErrorPage, routeRequest } from './routing';

/** `--publish-status-address` of kind's manifest. */
export const PUBLISH_STATUS_ADDRESS = 'localhost';
/** The controller's health port (`--healthz-port`, the readiness and liveness probes). */
const HEALTHZ_PORT = 10254;
/** How long after a change the controller syncs (its queue's rate limit, roughly). */
const SYNC_DELAY_MS = 1_000;

type Pick = ReturnType<HttpProxy['pick']>;

export class IngressNginxController extends PodProcess implements HttpProxy {
  private ingresses!: Informer<Ingress>;
  private services!: Informer<Service>;
  private slices!: Informer<EndpointSlice>;
  private recorder!: EventRecorder;
  private syncQueued = false;
  /** Round-robin position per upstream (`ns/svc:port`). */
  private readonly next = new Map<string, number>();

  protected onStart(): void {
    this.ingresses = this.informers.informer<Ingress>('ingresses');
    this.services = this.informers.informer<Service>('services');
    this.slices = this.informers.informer<EndpointSlice>('endpointslices');
    this.recorder = new EventRecorder(this.client, this.ctx.clock, {
      component: 'nginx-ingress-controller',
    });
    const changed = (ing: Cached<Ingress>) => {
      if (!this.serves(ing)) return;
      // store.go: every add and update of a served Ingress is queued for a sync.
      this.recorder.event(ing as Ingress, 'Normal', 'Sync', 'Scheduled for sync');
      this.queueSync();
    };
    this.ingresses.on({ add: changed, update: (_o, n) => changed(n) });
    podNetworkOf(this.ctx.net).proxies.set(this.input.podIP, this);
  }

  protected override onStop(): void {
    const proxies = podNetworkOf(this.ctx.net).proxies;
    if (proxies.get(this.input.podIP) === this) proxies.delete(this.input.podIP);
  }

  private serves(ing: Cached<Ingress>): boolean {
    return isNginxIngress(ing as Ingress, true) && !ing.metadata.deletionTimestamp;
  }

  private queueSync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    this.after(SYNC_DELAY_MS, () => {
      this.syncQueued = false;
      this.syncStatus();
    });
  }

  /** status.go: every served Ingress gets the published address. */
  private syncStatus(): void {
    if (!this.ingresses.hasSynced) return this.queueSync();
    for (const ing of this.ingresses.list()) {
      if (!this.serves(ing)) continue;
      const current = ing.status?.loadBalancer?.ingress ?? [];
      if (current.length === 1 && current[0].hostname === PUBLISH_STATUS_ADDRESS) continue;
      const body = JSON.parse(JSON.stringify(ing)) as Ingress;
      body.status = { loadBalancer: { ingress: [{ hostname: PUBLISH_STATUS_ADDRESS }] } };
      this.client.updateStatus('ingresses', body);
    }
  }

  /** The served Ingresses, oldest first (how the controller merges rules of one host). */
  private served(): Ingress[] {
    return (this.ingresses.list().filter((i) => this.serves(i)) as unknown as Ingress[]).sort(
      (a, b) =>
        (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') ||
        `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(
          `${b.metadata?.namespace}/${b.metadata?.name}`,
        ),
    );
  }

  /** Where a request for `host` + `path` goes: an endpoint of the backend, or nginx's answer. */
  pick(host: string, path: string, _rng: Rng): Pick {
    const route = routeRequest(this.served(), host, path);
    if (route.kind === 'default')
      return { kind: 'answer', status: route.status, body: route.body, rule: 'default backend' };
    const unavailable: Pick = {
      kind: 'answer',
      status: 503,
      body: nginxErrorPage(503),
      rule: route.rule,
    };
    const b = route.backend.service;
    if (!b) return unavailable;
    const svc = this.services.get(`${route.namespace}/${b.name}`);
    const sp = svc?.spec?.ports?.find((p) =>
      b.port?.number ? p.port === b.port.number : p.name === b.port?.name,
    );
    if (!svc || !sp) return unavailable;
    const endpoints: { ip: string; port: number }[] = [];
    for (const s of this.slices.list()) {
      if (s.metadata.namespace !== route.namespace) continue;
      if (s.metadata.labels?.['kubernetes.io/service-name'] !== b.name) continue;
      const port = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''))?.port;
      if (port === undefined || port === null) continue;
      for (const e of s.endpoints ?? [])
        if (e.conditions?.ready !== false && e.addresses?.[0])
          endpoints.push({ ip: e.addresses[0], port });
    }
    if (!endpoints.length) return unavailable;
    endpoints.sort((x, y) => x.ip.localeCompare(y.ip));
    const key = `${route.namespace}/${b.name}:${sp.port}`;
    const i = this.next.get(key) ?? 0;
    this.next.set(key, i + 1);
    const ep = endpoints[i % endpoints.length];
    return {
      kind: 'upstream',
      ip: ep.ip,
      port: ep.port,
      path: route.upstreamPath,
      rule: route.rule,
    };
  }

  /** What the pod answers: /healthz on :10254, and proxied requests on :80. */
  override http(
    port: number,
    path: string,
    host?: string,
  ): { status: number; body: string } | undefined {
    if (port === HEALTHZ_PORT) return path === '/healthz' ? { status: 200, body: 'ok' } : undefined;
    if (port !== 80) return undefined;
    const p = this.pick(host ?? PUBLISH_STATUS_ADDRESS, path, this.ctx.rng);
    if (p.kind === 'answer') return { status: p.status, body: p.body };
    const net = podNetworkOf(this.ctx.net);
    const found = net.locate(p.ip);
    // proxy_connect_timeout is 5 s, proxy_read_timeout 60 s: a dropped SYN ends in a 504.
    if (!found || !net.policyVerdict(this.input.podIP, p.ip, p.port).allowed)
      return { status: 504, body: nginxErrorPage(504) };
    const out = found.host.httpGet(p.ip, p.port, p.path, host);
    if (!out || out.kind !== 'ok') return { status: 502, body: nginxErrorPage(502) };
    return { status: out.status, body: out.body };
  }
}
