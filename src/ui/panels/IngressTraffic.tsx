import type { ObjectRecord } from '../../protocol';
import { ServiceTraffic } from './ServiceTraffic';

/** ingress-nginx's Service, as kind's manifest names it. */
const CONTROLLER_SERVICE = 'ingress-nginx/ingress-nginx-controller';

interface IngressSpecLike {
  rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string }[] } }[];
}

/**
 * "Send requests" for an Ingress: requests go to ingress-nginx's Service with the first rule's
 * Host and path, and its controller pod proxies each on to a backend pod.
 */
export function IngressTraffic({ rec }: { rec: ObjectRecord }) {
  const spec = (rec.object.spec ?? {}) as IngressSpecLike;
  const rule = spec.rules?.[0];
  const host = rule?.host || undefined;
  const raw = rule?.http?.paths?.[0]?.path ?? '/';
  // A regex path (kind's usage.yaml) is sent as its literal prefix.
  const path = raw.replace(/[([].*$/, '') || '/';
  return (
    <ServiceTraffic
      rec={rec}
      via={{
        service: CONTROLLER_SERVICE,
        host,
        path,
        label: `curl -H 'Host: ${host ?? 'localhost'}' localhost${path} · through ingress-nginx`,
      }}
    />
  );
}
