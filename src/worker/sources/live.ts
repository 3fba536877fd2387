/**
 * Live mode: a real cluster drawn through `kubectl proxy` (same origin, so the page holds no
 * credentials). Kubernetes is the engine; this source lists and watches what the diagram draws
 * (nodes, pods, Deployments, ReplicaSets, Services, EndpointSlices, Events, node Leases), as an
 * informer does (list, then watch from the list's resourceVersion; relist after `410 Gone`), and
 * speaks the worker's protocol to the page: a snapshot, then batches of object diffs with the
 * messages each watch event implies (liveInfer.ts), all marked `inferred`.
 */
import { etcdKey, resourceForKind } from '../../engine/api/resources';
import {
  PROTOCOL_VERSION,
  type ComponentInfo,
  type KubeObject,
  type PlaybackState,
  type RequestMessage,
  type UiToWorker,
  type WorkerToUi,
} from '../../protocol';
import { Batcher } from '../batcher';
import { errorText, type SourceOptions } from './attach';
import { liveComponents } from './liveComponents';
import { Inference, type WatchType } from './liveInfer';
import { LiveApi } from './liveOps';
import { authHeaders, readLines } from './ndjson';

interface Watched {
  kind: string;
  apiVersion: string;
  path: string;
  /** The plural, as the trace names it. */
  resource: string;
  /** A bound on the first list (Events pile up; the newest matter). */
  limit?: number;
}

export const WATCHED: readonly Watched[] = [
  { kind: 'Node', apiVersion: 'v1', path: 'api/v1/nodes', resource: 'nodes' },
  { kind: 'Pod', apiVersion: 'v1', path: 'api/v1/pods', resource: 'pods' },
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    path: 'apis/apps/v1/deployments',
    resource: 'deployments',
  },
  {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    path: 'apis/apps/v1/replicasets',
    resource: 'replicasets',
  },
  { kind: 'Service', apiVersion: 'v1', path: 'api/v1/services', resource: 'services' },
  {
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    path: 'apis/discovery.k8s.io/v1/endpointslices',
    resource: 'endpointslices',
  },
  { kind: 'Event', apiVersion: 'v1', path: 'api/v1/events', resource: 'events', limit: 500 },
  {
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    path: 'apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases',
    resource: 'leases',
  },
];

const FRAME_MS = 50;
const COMPONENTS_EVERY_MS = 500;
const KEEPALIVE_MS = 1_000;
const RETRY_MS = 2_000;
/** A long watch is renewed this often, as client-go's reflector does (a random 5–10 min there). */
const WATCH_TIMEOUT_S = 300;

interface List {
  metadata?: { resourceVersion?: string };
  items?: KubeObject[];
}

/** Where an object is held: the engine's etcd key, so the diagram finds nodes and pods as ever. */
function keyOf(w: Watched, o: KubeObject): string {
  const info = resourceForKind(w.kind);
  const name = o.metadata?.name ?? '';
  return info ? etcdKey(info, o.metadata?.namespace, name) : `/registry/${w.resource}/${name}`;
}

const revisionOf = (o: KubeObject) => Number(o.metadata?.resourceVersion) || 0;

export class LiveSource {
  readonly api: LiveApi;
  private readonly batcher = new Batcher();
  private readonly infer = new Inference();
  private readonly epochMs = Date.now();
  private statuses: KubeObject[] = [];
  private revision = 0;
  private lastComponents = '';
  private lastComponentsAt = 0;
  private lastBatchAt = 0;
  private started = false;
  private closed = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly post: (m: WorkerToUi) => void,
    opts: SourceOptions,
  ) {
    const f = opts.fetch ?? ((input, init) => fetch(input, init));
    this.api = new LiveApi(opts.base, f, authHeaders(opts.token));
  }

  private get now(): number {
    return Date.now() - this.epochMs;
  }

  private get playback(): PlaybackState {
    return { playing: true, speed: 1, realTime: true };
  }

  /** Lists everything, sends the snapshot, then watches. */
  async start(): Promise<void> {
    this.post({ type: 'ready', version: PROTOCOL_VERSION });
    const lists = await Promise.all(WATCHED.map((w) => this.list(w).catch(() => undefined)));
    if (!lists[0] || !lists[1]) {
      this.post({
        type: 'fatal',
        message: `Cannot list nodes and pods at ${this.api.base}: is kubectl proxy still running, and may this user list them?`,
      });
      return;
    }
    await this.readStatuses();
    const changes = [];
    for (const [i, w] of WATCHED.entries())
      for (const o of lists[i]?.items ?? []) changes.push(this.change(w, o, false));
    const objects = this.batcher.start(changes);
    const components = this.components();
    this.lastComponents = JSON.stringify(components);
    this.post({
      type: 'snapshot',
      version: PROTOCOL_VERSION,
      simTime: this.now,
      epochMs: this.epochMs,
      revision: this.revision,
      shape: {
        workers: components.filter((c) => c.kind === 'kubelet').length,
        cpu: '',
        memory: '',
        seed: 'live',
      },
      components,
      objects,
      playback: this.playback,
      actions: [],
    });
    this.started = true;
    this.timer = setInterval(() => this.flush(false), FRAME_MS);
    const from = new Map<Watched, string>();
    WATCHED.forEach((w, i) => {
      const rv = lists[i]?.metadata?.resourceVersion;
      if (rv) from.set(w, rv);
    });
    // Pods and Events change most and matter most: a watch each. The rest take turns on two
    // connections (each seen every few seconds, nothing missed).
    const watched = WATCHED.filter((w) => from.has(w));
    const own = (w: Watched) => w.kind === 'Pod' || w.kind === 'Event';
    const rest = watched.filter((w) => !own(w));
    for (const group of [
      ...watched.filter(own).map((w) => [w]),
      rest.filter((_, i) => i % 2 === 0),
      rest.filter((_, i) => i % 2 === 1),
    ])
      if (group.length) void this.watchLoop(group, from);
  }

  private async list(w: Watched): Promise<List> {
    const res = await this.api.get(w.path + (w.limit ? `?limit=${w.limit}` : ''));
    if (!res.ok) throw new Error(`${res.status} listing ${w.resource}`);
    const list = (await res.json()) as List;
    // A list's items carry no kind: the list's own kind says it.
    for (const o of list.items ?? []) {
      o.kind = w.kind;
      o.apiVersion = w.apiVersion;
    }
    return list;
  }

  /** componentstatuses, where still served (deprecated; absent on some clusters). */
  private async readStatuses(): Promise<void> {
    try {
      const res = await this.api.get('api/v1/componentstatuses');
      if (res.ok) this.statuses = ((await res.json()) as List).items ?? [];
    } catch {
      // not served: the pods say what they can
    }
  }

  private change(w: Watched, o: KubeObject, deleted: boolean) {
    const rev = revisionOf(o);
    this.revision = Math.max(this.revision, rev);
    return {
      key: keyOf(w, o),
      object: deleted ? null : o,
      createRevision: rev,
      modRevision: rev,
    };
  }

  /**
   * One watch from `rv` for up to `seconds`; resolves with where it got to, or `gone` when the
   * resourceVersion is too old (410) and the kind must be listed again.
   */
  private async watchOnce(w: Watched, rv: string, seconds: number): Promise<string | 'gone'> {
    let gone = false;
    const res = await this.api.get(
      `${w.path}?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=${seconds}`,
    );
    if (res.status === 410) return 'gone';
    if (!res.ok || !res.body) throw new Error(`${res.status}`);
    await readLines(res.body, (line) => {
      const ev = line as { type: string; object: KubeObject & { code?: number } };
      if (ev.type === 'ERROR') {
        gone = ev.object.code === 410;
        return;
      }
      rv = ev.object.metadata?.resourceVersion ?? rv;
      if (ev.type !== 'BOOKMARK' && !this.closed) this.event(w, ev.type as WatchType, ev.object);
    });
    return gone ? 'gone' : rv;
  }

  /**
   * Watches `kinds` from their lists' resourceVersions until the page closes. One kind: one long
   * watch, renewed. Several: they take turns on one connection, each watched for a second from
   * where it got to, so no change is missed (the API server's watch cache replays them) while the
   * browser's six connections per server (HTTP/1.1, as kubectl proxy serves) are not used up.
   */
  private async watchLoop(kinds: Watched[], from: Map<Watched, string>): Promise<void> {
    const seconds = kinds.length === 1 ? WATCH_TIMEOUT_S : 1;
    while (!this.closed) {
      for (const w of kinds) {
        const started = Date.now();
        try {
          const got = await this.watchOnce(w, from.get(w) ?? '0', seconds);
          from.set(w, got === 'gone' ? await this.relist(w) : got);
        } catch {
          await sleep(RETRY_MS);
        }
        // A watch the server ends at once (not served) is not retried in a tight loop.
        if (kinds.length === 1 && Date.now() - started < 1_000) await sleep(RETRY_MS);
      }
    }
  }

  /** A watch event: the object changes, and the messages it implies are drawn. */
  private event(w: Watched, type: WatchType, o: KubeObject): void {
    o.kind ??= w.kind;
    o.apiVersion ??= w.apiVersion;
    const c = this.change(w, o, type === 'DELETED');
    const prev = this.batcher.objects.get(c.key)?.object;
    if (prev) c.createRevision = this.batcher.objects.get(c.key)!.createRevision;
    for (const e of this.infer.infer(w.resource, c.key, type, prev, o, this.now))
      this.batcher.message(e);
    this.batcher.object(c);
  }

  /** After `410 Gone`: list again, and make the held objects of this kind match, silently. */
  private async relist(w: Watched): Promise<string> {
    for (;;) {
      try {
        const list = await this.list(w);
        const seen = new Set<string>();
        for (const o of list.items ?? []) {
          const c = this.change(w, o, false);
          seen.add(c.key);
          if (this.batcher.objects.get(c.key)?.modRevision !== c.modRevision)
            this.batcher.object(c);
        }
        for (const [key, r] of this.batcher.objects)
          if (r.kind === w.kind && !seen.has(key))
            this.batcher.object({
              key,
              object: null,
              createRevision: r.createRevision,
              modRevision: this.revision,
            });
        return list.metadata?.resourceVersion ?? '0';
      } catch {
        if (this.closed) return '0';
        await sleep(RETRY_MS);
      }
    }
  }

  private components(): ComponentInfo[] {
    return liveComponents(this.batcher.objects, this.statuses);
  }

  private flush(force: boolean): void {
    if (!this.started) return;
    const wall = Date.now();
    let components: ComponentInfo[] | undefined;
    if (force || wall - this.lastComponentsAt > COMPONENTS_EVERY_MS) {
      this.lastComponentsAt = wall;
      const list = this.components();
      const json = JSON.stringify(list);
      if (json !== this.lastComponents) {
        this.lastComponents = json;
        components = list;
      }
    }
    if (force || !this.batcher.idle || components || wall - this.lastBatchAt >= KEEPALIVE_MS) {
      this.lastBatchAt = wall;
      this.post(this.batcher.take(this.now, this.revision, this.playback, components));
    }
  }

  receive(msg: UiToWorker): void {
    if (msg?.v !== PROTOCOL_VERSION) {
      this.post({
        type: 'protocolError',
        message: `The page speaks protocol version ${String(msg?.v)}, this source ${PROTOCOL_VERSION}: reload the page.`,
      });
      return;
    }
    if (msg.type === 'request') void this.request(msg);
  }

  private async request(msg: RequestMessage): Promise<void> {
    const { requestId, op } = msg;
    const reply = (result: unknown) =>
      this.post({ type: 'result', op, requestId, result } as WorkerToUi);
    try {
      switch (msg.op) {
        case 'apply':
        case 'delete':
          return reply(await this.api.manifest(msg.args.manifest, msg.op));
        case 'logs':
          return reply(
            await this.api.logs(
              msg.args.namespace,
              msg.args.pod,
              msg.args.container,
              msg.args.previous,
            ),
          );
        case 'inspect':
          return reply({
            ok: true,
            details: {
              id: msg.args.component,
              watches: this.components().find((c) => c.id === msg.args.component)?.watches ?? [],
            },
          });
        case 'kubectl':
          this.post({
            type: 'output',
            requestId,
            text: "In live mode this terminal's kubectl is not connected: use your own kubectl, which talks to the same cluster.\r\n",
          });
          return reply({ ok: false, exitCode: 1 });
        case 'pastLogs':
          return reply({ ok: false, output: 'Past logs are not kept in live mode.' });
        default:
          this.post({
            type: 'requestError',
            requestId,
            message: `${op} is for the simulated cluster; it is not available in live mode on a real cluster.`,
          });
      }
    } catch (e) {
      this.post({ type: 'requestError', requestId, message: errorText(e) });
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
