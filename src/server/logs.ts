/**
 * `GET pods/<name>/log`, with `follow`: the first answer travels API server → kubelet → runtime
 * as every log request does (traced); with `follow=true` the stream then stays open and new lines
 * of the same container attempt are written as the container prints them, read from the node's
 * runtime once a second (the kubelet's log follower reads the CRI file the same way,
 * k/k: pkg/kubelet/kuberuntime/logs/logs.go ReadLogs with Follow), until the pod goes.
 */
import type { ServerResponse } from 'node:http';
import type { ApiRequest, ApiResponse } from '../engine/apiserver/types';
import type { Pod } from '../engine/api/types';
import { etcdKey, resourceForPlural } from '../engine/api/resources';
import type { Cluster } from '../engine/cluster';

const FOLLOW_POLL_MS = 1_000;
const PODS = resourceForPlural('pods')!;

export interface LogOptions {
  req: ApiRequest;
  follow: boolean;
  fail(r: ApiResponse): void;
  onEnd(): void;
}

export function serveLog(cluster: Cluster, res: ServerResponse, o: LogOptions): void {
  cluster.kubectl.request(o.req, (r) => {
    if (r.code !== 200) {
      o.fail(r);
      return o.onEnd();
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write(String(r.body ?? ''));
    if (!o.follow) {
      res.end();
      return o.onEnd();
    }
    follow(cluster, res, o);
  });
}

function follow(cluster: Cluster, res: ServerResponse, o: LogOptions): void {
  const key = etcdKey(PODS, o.req.namespace, o.req.name!);
  const pod0 = cluster.api.peek(key) as Pod | undefined;
  const uid = pod0?.metadata?.uid;
  const container = o.req.container ?? pod0?.spec?.containers[0]?.name ?? '';
  const status = pod0?.status?.containerStatuses?.find((c) => c.name === container);
  const attempt = status?.restartCount ?? 0;
  const runtime = cluster.nodes.find((n) => n.name === pod0?.spec?.nodeName)?.runtime;
  let seen = (uid && runtime?.logsOf(uid, container, attempt)?.length) || 0;
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    clearInterval(timer);
    if (!res.writableEnded) res.end();
    o.onEnd();
  };
  const timer = setInterval(() => {
    const pod = cluster.api.peek(key);
    if (!pod || pod.metadata?.uid !== uid || !runtime || !uid) return stop();
    const lines = runtime.logsOf(uid, container, attempt) ?? [];
    if (lines.length > seen) {
      res.write(
        lines
          .slice(seen)
          .map((l) => (o.req.timestamps ? `${l.time} ${l.text}` : l.text) + '\n')
          .join(''),
      );
      seen = lines.length;
    }
  }, FOLLOW_POLL_MS);
  res.on('close', stop);
}
