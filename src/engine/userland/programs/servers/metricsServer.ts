/**
 * hpa: the process of the metrics-server addon's pod (registry.k8s.io/metrics-server/
 * metrics-server:v0.7.2). The scraping and the `metrics.k8s.io` API it serves are the cluster's
 * MetricsServer component (src/engine/metrics); this is what its container shows: klog start-up
 * lines, `/livez` and `/readyz` on its secure port, and a clean stop.
 */
import { formatDate } from '../../shell/date';
import { flag, frac, type ServerSpec } from '../timeline';
import type { ImageProgramInput } from './tutorials';

/** `--metric-resolution`'s default: readiness waits for the first scrape (metric-storage-ready). */
const FIRST_SCRAPE_MS = 15_000;

export function metricsServer({ args, start, now }: ImageProgramInput): ServerSpec {
  const port = Number(flag(args, 'secure-port') ?? 10250);
  const klog = (file: string, msg: string) =>
    `I${formatDate(start.wall(), '%m%d %H:%M:%S')}.${frac(start.wall(), 6)}       1 ${file}] ${msg}`;
  start.wait(400);
  const started = now();
  start.err([
    klog('serving.go:374', 'Generated self signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)'),
    klog('handler.go:275', 'Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager'),
    klog('secure_serving.go:213', `Serving securely on [::]:${port}`),
  ]);
  return {
    start,
    listens: [port],
    http: (p, path) => {
      if (p !== port) return undefined;
      if (path === '/livez') return { status: 200, body: 'ok' };
      if (path === '/readyz')
        return now() - started >= FIRST_SCRAPE_MS
          ? { status: 200, body: 'ok' }
          : {
              status: 500,
              body: '[-]metric-storage-ready failed: reason withheld\nreadyz check failed',
            };
      return { status: 404, body: '404 page not found' };
    },
    onStop: (tl) => tl.wait(100).exit(0),
  };
}
