/**
 * hpa: metrics-server (kubernetes-sigs/metrics-server v0.7): every `--metric-resolution` (15 s)
 * it scrapes each node's kubelet (`GET /metrics/resource` on :10250), keeps the last two
 * samples of every container and node, and serves their rates as `metrics.k8s.io/v1beta1`
 * PodMetrics and NodeMetrics through the API server's aggregation layer. kubectl top and the HPA
 * controller read it there. A pod appears once two samples of it exist (a rate needs two).
 *
 * It is an addon, not part of a bare cluster (kind does not ship it; minikube and Docker Desktop
 * offer it as an addon): the cluster runs it only when its config asks (`metricsServer: true`).
 */
import type { KubeObject, Node, Pod } from '../api/types';
import type { ApiRequest, ApiResponse, Reply } from '../apiserver/types';
import type { AggregatedServer } from '../apiserver/aggregator';
import type { Informer } from '../client/informer';
import { Component, type ClusterContext } from '../component';
import { matchesParsedSelector } from '../api/labels';
import { parseLabelSelector } from '../api/labelparser';
import type { ResourceMetrics } from '../node/kubelet/resourceMetrics';
import { EPOCH_MS } from '../sim/clock';

/** metrics-server's network id. */
export const METRICS_SERVER = 'metrics-server';
/** `--metric-resolution` default. */
export const METRIC_RESOLUTION_MS = 15_000;
export const METRICS_GROUP = 'metrics.k8s.io';
const API_VERSION = 'metrics.k8s.io/v1beta1';

/** A kubelet as metrics-server reaches it. */
export interface ScrapeTarget {
  /** Its network id (`kubelet@worker-1`). */
  id: string;
  resourceMetrics(): ResourceMetrics;
}

/** Usage over the last window: CPU in nanocores, memory in bytes. */
interface Usage {
  cpuNanoCores: number;
  memoryBytes: number;
}
interface PodPoint {
  timestamp: number;
  windowMs: number;
  containers: { name: string; usage: Usage }[];
}

const rfc3339 = (ms: number) => new Date(EPOCH_MS + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** metrics-server's quantities: CPU as nanocores (`1035447n`), memory in Ki (`11340Ki`). */
const cpuQ = (n: number) => `${Math.round(n)}n`;
const memQ = (b: number) => `${Math.round(b / 1024)}Ki`;
const windowQ = (ms: number) => `${Number((ms / 1000).toFixed(3))}s`;

export class MetricsServer extends Component implements AggregatedServer {
  private nodes!: Informer<Node>;
  private pods!: Informer<Pod>;
  /** The previous scrape of each node, and the rates made from the last two. */
  private readonly samples = new Map<string, ResourceMetrics>();
  private readonly podUsage = new Map<string, PodPoint>();
  private readonly nodeUsage = new Map<
    string,
    { timestamp: number; windowMs: number; usage: Usage }
  >();

  constructor(
    ctx: ClusterContext,
    private readonly kubeletOf: (node: string) => ScrapeTarget | undefined,
  ) {
    super(ctx, METRICS_SERVER, 'metrics-server', 'control-plane');
    ctx.api.aggregator.register(METRICS_GROUP, this);
  }

  isRunning(): boolean {
    return this.running;
  }

  protected onStart(): void {
    this.nodes = this.informers.informer<Node>('nodes');
    this.pods = this.informers.informer<Pod>('pods');
    this.every(METRIC_RESOLUTION_MS, () => this.scrapeAll());
  }

  /** One round: every node at once (metrics-server's scraper runs them in parallel). */
  private scrapeAll(): void {
    for (const n of this.nodes.list()) {
      const name = n.metadata.name!;
      const target = this.kubeletOf(name);
      if (!target) continue;
      const path = '/metrics/resource';
      const callFlow = this.ctx.net.send(
        {
          from: this.id,
          to: target.id,
          kind: 'request',
          verb: 'GET',
          resource: path,
          summary: `GET ${path}`,
        },
        () => {
          // A stopped kubelet does not answer: the scrape fails and its node's metrics go stale.
          if (!this.ctx.net.isUp(target.id)) return;
          const m = target.resourceMetrics();
          this.ctx.net.send(
            {
              from: target.id,
              to: this.id,
              kind: 'response',
              verb: 'GET',
              resource: path,
              summary: `200 ${path} (${m.pods.length} pods)`,
              status: 200,
              flow: callFlow,
            },
            () => this.store(name, m),
          );
        },
      );
    }
  }

  /** Rates from the previous sample of the node to this one (a counter that went back: skipped). */
  private store(node: string, m: ResourceMetrics): void {
    const prev = this.samples.get(node);
    this.samples.set(node, m);
    if (!prev || m.timestamp <= prev.timestamp) return;
    const dt = m.timestamp - prev.timestamp;
    const rate = (a: number, b: number) => ((b - a) / dt) * 1000;
    const before = new Map(prev.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
    let podsCpu = 0;
    for (const [key, point] of this.podUsage)
      if (point.timestamp < prev.timestamp && this.onNode(key, node)) this.podUsage.delete(key);
    for (const p of m.pods) {
      const key = `${p.namespace}/${p.name}`;
      const old = before.get(key);
      if (!old) continue;
      const containers: PodPoint['containers'] = [];
      for (const c of p.containers) {
        const o = old.containers.find((x) => x.name === c.name);
        if (!o || c.cpuNanos < o.cpuNanos) continue;
        const cpu = rate(o.cpuNanos, c.cpuNanos);
        podsCpu += cpu;
        containers.push({
          name: c.name,
          usage: { cpuNanoCores: cpu, memoryBytes: c.workingSetBytes },
        });
      }
      if (containers.length)
        this.podUsage.set(key, { timestamp: m.timestamp, windowMs: dt, containers });
    }
    const nodeCpu =
      m.nodeCpuNanos >= prev.nodeCpuNanos ? rate(prev.nodeCpuNanos, m.nodeCpuNanos) : podsCpu;
    this.nodeUsage.set(node, {
      timestamp: m.timestamp,
      windowMs: dt,
      usage: { cpuNanoCores: nodeCpu, memoryBytes: m.nodeWorkingSetBytes },
    });
  }

  private onNode(key: string, node: string): boolean {
    return this.pods.get(key)?.spec?.nodeName === node;
  }

  /** GET/LIST pods.metrics.k8s.io and nodes.metrics.k8s.io (metrics-server's storage). */
  serve(req: ApiRequest, reply: Reply): void {
    if (req.resource === 'pods') return reply(this.servePods(req));
    if (req.resource === 'nodes') return reply(this.serveNodes(req));
    reply({ code: 404, body: 'the server could not find the requested resource' });
  }

  private servePods(req: ApiRequest): ApiResponse {
    const sel = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
    const items: KubeObject[] = [];
    for (const pod of this.pods.list()) {
      const ns = pod.metadata.namespace!;
      if (req.namespace && ns !== req.namespace) continue;
      if (req.name && pod.metadata.name !== req.name) continue;
      if (sel && !matchesParsedSelector(pod.metadata.labels, sel)) continue;
      const point = this.podUsage.get(`${ns}/${pod.metadata.name}`);
      if (!point) continue;
      items.push({
        apiVersion: API_VERSION,
        kind: 'PodMetrics',
        metadata: {
          name: pod.metadata.name,
          namespace: ns,
          creationTimestamp: rfc3339(this.clock.now),
          labels: pod.metadata.labels,
        },
        timestamp: rfc3339(point.timestamp),
        window: windowQ(point.windowMs),
        containers: point.containers.map((c) => ({
          name: c.name,
          usage: { cpu: cpuQ(c.usage.cpuNanoCores), memory: memQ(c.usage.memoryBytes) },
        })),
      } as KubeObject);
    }
    return this.answer(req, 'PodMetrics', items);
  }

  private serveNodes(req: ApiRequest): ApiResponse {
    const sel = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
    const items: KubeObject[] = [];
    for (const node of this.nodes.list()) {
      const name = node.metadata.name!;
      if (req.name && name !== req.name) continue;
      if (sel && !matchesParsedSelector(node.metadata.labels, sel)) continue;
      const point = this.nodeUsage.get(name);
      if (!point) continue;
      items.push({
        apiVersion: API_VERSION,
        kind: 'NodeMetrics',
        metadata: {
          name,
          creationTimestamp: rfc3339(this.clock.now),
          labels: node.metadata.labels,
        },
        timestamp: rfc3339(point.timestamp),
        window: windowQ(point.windowMs),
        usage: { cpu: cpuQ(point.usage.cpuNanoCores), memory: memQ(point.usage.memoryBytes) },
      } as KubeObject);
    }
    return this.answer(req, 'NodeMetrics', items);
  }

  private answer(req: ApiRequest, kind: string, items: KubeObject[]): ApiResponse {
    if (req.verb === 'get') {
      const plural = kind === 'PodMetrics' ? 'pods' : 'nodes';
      return items[0]
        ? { code: 200, body: items[0] }
        : {
            code: 404,
            body: {
              apiVersion: 'v1',
              kind: 'Status',
              status: 'Failure',
              message: `podmetrics.metrics.k8s.io "${req.name}" not found`.replace(
                'podmetrics',
                plural === 'pods' ? 'podmetrics' : 'nodemetrics',
              ),
              reason: 'NotFound',
              code: 404,
            },
          };
    }
    return {
      code: 200,
      body: {
        apiVersion: API_VERSION,
        kind: `${kind}List`,
        metadata: { resourceVersion: '' },
        items,
      },
    };
  }
}
