/**
 * The page's window into a served cluster: `/kubeglass/feed` streams what the engine's worker
 * would send a page (one `snapshot`, then `batch` messages with object diffs and every trace
 * event, as newline-delimited JSON), and `/kubeglass/request` runs a page's request (Apply from the
 * editor, the Terminal's kubectl, logs…) against the served cluster with the worker's own
 * operations. So a projected page draws the real messages, including those of real kubectl on the
 * students' laptops, and runs no engine of its own (src/worker/sources/attach.ts reads this).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from '../engine/cluster';
import { EPOCH_MS } from '../engine/sim/clock';
import {
  PROTOCOL_VERSION,
  type ObjectRecord,
  type PlaybackState,
  type RequestOp,
  type RequestResult,
  type WorkerToUi,
} from '../protocol';
import { Batcher } from '../worker/batcher';
import { componentInfos } from '../worker/components';
import { applyOp, deleteOp } from '../worker/ops/apply';
import type { Answer, Op, OpContext } from '../worker/ops/context';
import { faultOp } from '../worker/ops/fault';
import { inspectOp } from '../worker/ops/inspect';
import { KubectlOps } from '../worker/ops/kubectl';
import { logsOp } from '../worker/ops/logs';
import { pastLogsOp } from '../worker/ops/pastLogs';
import { trafficOp } from '../worker/ops/traffic';
import { readBody } from './body';

/** Batches at most this often (wall ms): the worker's frame. */
const FRAME_MS = 50;
/** Components compared for changes at most this often (wall ms). */
const COMPONENTS_EVERY_MS = 250;
/** Even when nothing happens, a batch this often: the page knows the server lives. */
const KEEPALIVE_MS = 1_000;
/** Pages attached at once, at most. */
export const MAX_FEEDS = 32;
/** A page that lets this much of its stream pile up unread is dropped, not waited for. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** A request of a page: its body (a manifest) is bounded like any API request. */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** What the served page may ask for (no scenario export or open: the cluster is the server's). */
type ServedOp = Exclude<RequestOp, 'exportScenario' | 'openScenario'>;

/** One attached page: its own batcher (what it holds), and its response stream. */
interface Feed {
  res: ServerResponse;
  batcher: Batcher;
  lastComponents: string;
  lastComponentsAt: number;
  lastBatchAt: number;
}

/** The served cluster as pages see it; one per server. */
export class PageHub implements OpContext {
  private readonly feeds = new Set<Feed>();
  /** Every stored object, current (what the operations read). */
  private readonly store = new Batcher();
  private readonly kubectl = new KubectlOps();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly stops: (() => void)[] = [];
  private nextRequestId = 1;
  private readonly ops: { [K in ServedOp]: Op<K> } = {
    apply: applyOp,
    delete: deleteOp,
    logs: logsOp,
    traffic: trafficOp,
    inspect: inspectOp,
    pastLogs: pastLogsOp,
    fault: faultOp,
    kubectl: (ctx, args, answer) => this.kubectl.run(ctx, args, answer),
  };

  constructor(
    readonly cluster: Cluster,
    private readonly speed: number,
  ) {
    this.store.start(cluster.storedObjects());
    this.stops.push(
      cluster.observeObjects(cluster.etcdStore.revision, (c) => {
        this.store.object(c);
        for (const f of this.feeds) f.batcher.object(c);
      }),
      cluster.onTrace((e) => {
        for (const f of this.feeds) f.batcher.message(e);
      }),
    );
    // The scheduler's listeners cannot be removed: one for the hub's lifetime.
    cluster.scheduler.subscribe((d) => {
      for (const f of this.feeds) f.batcher.decision(d);
    });
    this.timer = setInterval(() => this.flush(false), FRAME_MS);
  }

  get objects(): ReadonlyMap<string, ObjectRecord> {
    return this.store.objects;
  }

  /** The served clock runs at real time × speed: always playing, never in slow motion. */
  private get playback(): PlaybackState {
    return { playing: true, speed: this.speed, realTime: true };
  }

  /** How many pages are attached. */
  get attached(): number {
    return this.feeds.size;
  }

  /** `GET /kubeglass/feed`: the snapshot, then a batch per frame while something happens. */
  openFeed(res: ServerResponse): void {
    if (this.feeds.size >= MAX_FEEDS) {
      res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '5' });
      return void res.end(`At most ${MAX_FEEDS} pages can be attached at once.\n`);
    }
    const batcher = new Batcher();
    const objects = batcher.start(this.cluster.storedObjects());
    const components = componentInfos(this.cluster);
    const feed: Feed = {
      res,
      batcher,
      lastComponents: JSON.stringify(components),
      lastComponentsAt: Date.now(),
      lastBatchAt: Date.now(),
    };
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    this.feeds.add(feed);
    res.on('close', () => this.feeds.delete(feed));
    this.write(feed, { type: 'ready', version: PROTOCOL_VERSION });
    this.write(feed, {
      type: 'snapshot',
      version: PROTOCOL_VERSION,
      simTime: this.cluster.clock.now,
      epochMs: EPOCH_MS,
      revision: this.cluster.etcdStore.revision,
      shape: {
        workers: this.cluster.config.workers,
        cpu: this.cluster.config.cpu,
        memory: this.cluster.config.memory,
        seed: this.cluster.config.seed,
      },
      components,
      objects,
      playback: this.playback,
      actions: [],
    });
  }

  private write(feed: Feed, msg: WorkerToUi): void {
    // A page that does not read is dropped rather than buffered without end.
    if (feed.res.writableLength > MAX_BUFFERED_BYTES) {
      this.feeds.delete(feed);
      feed.res.destroy();
      return;
    }
    feed.res.write(JSON.stringify(msg) + '\n');
  }

  /** Sends each page what changed since its last batch (always, when `force`). */
  flush(force = true): void {
    const now = Date.now();
    let infos: { json: string; list: ReturnType<typeof componentInfos> } | undefined;
    for (const f of this.feeds) {
      let components;
      if (force || now - f.lastComponentsAt > COMPONENTS_EVERY_MS) {
        f.lastComponentsAt = now;
        if (!infos) {
          const list = componentInfos(this.cluster);
          infos = { list, json: JSON.stringify(list) };
        }
        if (infos.json !== f.lastComponents) {
          f.lastComponents = infos.json;
          components = infos.list;
        }
      }
      if (force || !f.batcher.idle || components || now - f.lastBatchAt >= KEEPALIVE_MS) {
        f.lastBatchAt = now;
        const batch = f.batcher.take(
          this.cluster.clock.now,
          this.cluster.etcdStore.revision,
          this.playback,
          components,
        );
        this.write(f, batch);
      }
    }
    // The store's own changes are only read through `objects`; forget the diff.
    this.store.take(0, 0, this.playback, undefined);
    this.kubectl.flush();
  }

  /**
   * `POST /kubeglass/request` with `{op, args}`: runs the operation as the worker would and
   * answers newline-delimited JSON: `output` messages while it runs, then one `result` (or a
   * `requestError`). Closing the request cancels a running kubectl command (Ctrl+C).
   */
  async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_REQUEST_BYTES);
    const fail = (code: number, message: string) => {
      res.writeHead(code, { 'Content-Type': 'application/x-ndjson' });
      res.end(JSON.stringify({ type: 'requestError', requestId: 0, message }) + '\n');
    };
    if ('aborted' in body) return;
    if ('tooLarge' in body)
      return fail(413, `The request is larger than ${MAX_REQUEST_BYTES} bytes.`);
    let op: string;
    let args: unknown;
    try {
      ({ op, args } = JSON.parse(body.text) as { op: string; args: unknown });
    } catch {
      return fail(400, 'The request is not JSON of the form {"op": …, "args": …}.');
    }
    const run = (this.ops as Record<string, Op<ServedOp> | undefined>)[op];
    if (!run || typeof args !== 'object' || args === null)
      return fail(
        400,
        `The served cluster does not take "${String(op)}" from a page: scenarios are opened by restarting sim serve with the file.`,
      );
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
    let answered = false;
    const requestId = this.nextRequestId++;
    const answer: Answer<ServedOp> = {
      requestId,
      reply: (result: RequestResult<ServedOp>) => {
        if (answered) return;
        answered = true;
        // What the operation changed reaches the pages before its answer reaches this one.
        this.flush(true);
        res.end(JSON.stringify({ type: 'result', op, requestId, result }) + '\n');
      },
      output: (text) => {
        if (!answered) res.write(JSON.stringify({ type: 'output', requestId, text }) + '\n');
      },
    };
    res.on('close', () => {
      if (!answered) this.kubectl.cancel(requestId);
    });
    try {
      run(this, args as never, answer);
    } catch (e) {
      answered = true;
      res.end(
        JSON.stringify({
          type: 'requestError',
          requestId,
          message: (e instanceof Error ? e.message : String(e)) || 'unknown error',
        }) + '\n',
      );
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const stop of this.stops) stop();
    for (const f of this.feeds) f.res.end();
    this.feeds.clear();
  }
}
