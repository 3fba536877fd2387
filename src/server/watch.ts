/**
 * `?watch=1` over HTTP: a chunked stream of `{"type": …, "object": …}` lines, as kube-apiserver
 * writes it (k/k: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go). The watch is
 * the engine's own (opened by the `kubectl (you)` client, so it is traced), with:
 * - no resourceVersion (or `0`): the current objects first, as ADDED, then changes;
 * - a compacted resourceVersion: 200, then one ERROR event with a 410 Expired Status, as the
 *   cacher answers (k/k: storage/cacher/cacher.go Watch → newErrWatcher);
 * - `allowWatchBookmarks`: BOOKMARK events carrying a revision the stream is complete up to;
 * - a client that does not read: its buffer is bounded and the stream is closed, as kube-apiserver
 *   closes an unresponsive watcher, so it can neither stall the simulation nor exhaust memory.
 */
import type { ServerResponse } from 'node:http';
import type {
  ApiRequest,
  ApiResponse,
  ListBody,
  WatchEventMessage,
} from '../engine/apiserver/types';
import type { KubeObject } from '../engine/api/types';
import type { ResourceInfo } from '../engine/api/resources';
import type { Cluster } from '../engine/cluster';
import { toTable, type IncludeObject } from './table';

/** How often a bookmark is sent (wall ms); kube-apiserver sends one about every minute. */
export const BOOKMARK_INTERVAL_MS = 5_000;
/** Bytes a watch may have waiting for a slow reader before it is closed. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** The longest a watch lasts (kube-apiserver: `--min-request-timeout` 1800 s, randomised). */
const MAX_WATCH_SECONDS = 1800;

export interface WatchOptions {
  info: ResourceInfo;
  /** The request: resource, namespace, selectors, resourceVersion. */
  req: Omit<ApiRequest, 'verb'>;
  bookmarks: boolean;
  timeoutSeconds?: number;
  /** Each object as this group-version serves it (autoscaling/v1 converts; else itself). */
  view?: (obj: KubeObject) => KubeObject;
  /** Encode each object as a one-row Table (kubectl get -w). */
  table?: { include: IncludeObject; now: () => number };
  /** Answer an HTTP error before the stream starts. */
  fail(r: ApiResponse): void;
  /** Called once when the stream ends, however it ends. */
  onEnd(): void;
}

/** Serve one watch on `res` until the client goes, the timeout passes or the reader stalls. */
export function serveWatch(cluster: Cluster, res: ServerResponse, o: WatchOptions): void {
  let ended = false;
  let stopWatch: (() => void) | undefined;
  let started = false;
  let lastRV = o.req.resourceVersion && o.req.resourceVersion !== '0' ? o.req.resourceVersion : '0';
  let bookmarkRV = lastRV;
  const timers: ReturnType<typeof setTimeout>[] = [];

  const end = () => {
    if (ended) return;
    ended = true;
    stopWatch?.();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
    o.onEnd();
  };
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache, private',
    });
  };
  const view = o.view ?? ((x: KubeObject) => x);
  const encode = (obj: KubeObject): unknown =>
    o.table
      ? toTable(o.info, [obj], obj.metadata?.resourceVersion, o.table.now(), o.table.include, view)
      : view(obj);
  const write = (type: WatchEventMessage['type'], object: unknown) => {
    if (ended) return;
    start();
    res.write(JSON.stringify({ type, object }) + '\n');
    if (res.writableLength > MAX_PENDING_BYTES) end();
  };
  const onEvent = (ev: WatchEventMessage) => {
    const rv = ev.object.metadata?.resourceVersion;
    if (rv) lastRV = rv;
    write(ev.type, encode(ev.object));
  };

  res.on('close', end);
  const seconds = Math.min(o.timeoutSeconds ?? MAX_WATCH_SECONDS, MAX_WATCH_SECONDS);
  timers.push(setTimeout(end, seconds * 1000));

  const openWatch = (fromRV: string) => {
    if (ended) return;
    const w = cluster.kubectl.watch({ ...o.req, resourceVersion: fromRV }, onEvent, (r) => {
      if (r.code === 410) {
        // The cacher's error watcher: the stream opens, then says why it ends.
        write('ERROR', r.body);
        return end();
      }
      if (r.code >= 300) {
        if (!started) o.fail(r);
        return end();
      }
      start();
      // Flush the headers so a client sees the watch open before the first event.
      res.flushHeaders();
    });
    stopWatch = () => w.stop();
    if (o.bookmarks) {
      // A bookmark promises every event up to its revision was sent: use the revision seen one
      // interval ago, long enough for any event in flight on the simulated network to arrive.
      const kind = o.info.kind;
      const t = setInterval(() => {
        const safe = Math.max(Number(lastRV), Number(bookmarkRV));
        bookmarkRV = String(cluster.etcdStore.revision);
        write('BOOKMARK', {
          kind,
          apiVersion: o.info.apiVersion,
          metadata: { resourceVersion: String(safe) },
        });
      }, BOOKMARK_INTERVAL_MS);
      timers.push(t);
    }
  };

  const rv = o.req.resourceVersion;
  if (rv && rv !== '0') return openWatch(rv);
  // No revision: the state now, as ADDED events, then the changes after it.
  cluster.kubectl.request({ ...o.req, verb: 'list' }, (r) => {
    if (ended) return;
    if (r.code !== 200) {
      o.fail(r);
      return end();
    }
    const list = r.body as ListBody;
    for (const item of list.items)
      write('ADDED', encode({ ...item, apiVersion: o.info.apiVersion, kind: o.info.kind }));
    lastRV = list.metadata.resourceVersion;
    bookmarkRV = lastRV;
    start();
    res.flushHeaders();
    openWatch(list.metadata.resourceVersion);
  });
}
