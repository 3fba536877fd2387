/** traefik: its start-up lines and the 404 of a proxy without routes. */
import type { RegistryImage } from '../../../node/runtime/images';
import { formatDate } from '../../shell/date';
import type { ServerSpec, Timeline } from '../timeline';

/** traefik: start-up lines; without routes every request is a 404. */
export function traefik(img: RegistryImage, start: Timeline): ServerSpec {
  const v = img.version ?? '3.2.1';
  const t = () => formatDate(start.wall(), '%Y-%m-%dT%H:%M:%SZ');
  start
    .wait(30)
    .out([
      `${t()} INF Traefik version ${v} built on 2024-11-20T15:29:37Z version=${v}`,
      `${t()} INF Stats collection is disabled.`,
      `${t()} INF Help us improve Traefik by turning this feature on :) More details on: https://doc.traefik.io/traefik/contributing/data-collection/`,
      `${t()} INF Starting provider aggregator *aggregator.ProviderAggregator`,
      `${t()} INF Starting provider *traefik.Provider`,
    ]);
  return {
    start,
    listens: [80],
    http: (port) => (port === 80 ? { status: 404, body: '404 page not found\n' } : undefined),
    onStop: (tl) => tl.wait(10).exit(0),
  };
}
