/**
 * Table handlers for Service, Endpoints and EndpointSlice.
 * k8s: pkg/printers/internalversion/printers.go printService, printEndpoints, printEndpointSlice (v1.31)
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import { formatLabels, goCompare } from '../format';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

/** loadBalancerWidth: a non-wide EXTERNAL-IP is cut to 16 bytes. */
const LOAD_BALANCER_WIDTH = 16;

function loadBalancerStatusStringer(svc: Service, wide: boolean): string {
  const result = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) result.add(ing.ip);
    else if (ing.hostname) result.add(ing.hostname);
  }
  let r = [...result].sort(goCompare).join(',');
  if (!wide && r.length > LOAD_BALANCER_WIDTH) r = r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...';
  return r;
}

/** getServiceExternalIP: `<none>`, `<pending>` (LoadBalancer not yet provisioned), the LB IPs. */
export function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusStringer(svc, wide);
      if (externalIPs.length > 0) {
        const results = lbIps ? lbIps.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lbIps || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:30080/TCP`, joined by commas. */
export function servicePorts(svc: Service): string {
  return (svc.spec?.ports ?? [])
    .map((p) =>
      p.nodePort
        ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}`
        : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

/**
 * The Service table. EXTERNAL-IP depends on -o wide (the LB list is not cut), so this handler
 * takes `wide` through {@link servicePrinterFor}.
 */
export function servicePrinterFor(wide: boolean): KindPrinter {
  return {
    columns: [
      NAME,
      { name: 'Type' },
      { name: 'Cluster-IP' },
      { name: 'External-IP' },
      { name: 'Port(s)' },
      AGE,
      { name: 'Selector', priority: 1 },
    ],
    row(obj, now) {
      const svc = obj as Service;
      return [
        svc.metadata?.name ?? '',
        svc.spec?.type ?? '',
        svc.spec?.clusterIPs?.[0] ?? '<none>',
        serviceExternalIP(svc, wide),
        servicePorts(svc) || '<none>',
        age(obj, now),
        formatLabels(svc.spec?.selector),
      ];
    },
  };
}

/**
 * formatEndpoints: up to three `ip:port`, then ` + N more...`; `<none>` without subsets.
 * @param ports the port names to include, or undefined for all (describe passes one port's name)
 */
export function formatEndpoints(ep: Endpoints | undefined, ports?: Set<string>): string {
  if (!ep?.subsets || ep.subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of ep.subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      // It's possible to have headless services with no ports.
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      if (!ports || ports.has(port.name ?? '')) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(joinHostPort(a.ip, port.port));
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** net.JoinHostPort: IPv6 hosts are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const endpointsPrinter: KindPrinter = {
  columns: [NAME, { name: 'Endpoints' }, AGE],
  row: (obj, now) => [obj.metadata?.name ?? '', formatEndpoints(obj as Endpoints), age(obj, now)],
};

/** listWithMoreString: `a,b,c + 2 more...`, `<unset>` when empty. */
function listWithMoreString(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export const endpointSlicePrinter: KindPrinter = {
  columns: [NAME, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, AGE],
  row(obj, now) {
    const eps = obj as unknown as EndpointSlice;
    const max = 3;
    const ports: string[] = [];
    let portsMore = false;
    let portCount = 0;
    for (const p of eps.ports ?? []) {
      if (ports.length < max) {
        ports.push(p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'));
      } else if (ports.length === max) {
        portsMore = true;
      }
      portCount++;
    }
    const addrs: string[] = [];
    let addrMore = false;
    let addrCount = 0;
    for (const e of eps.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else if (addrs.length === max) addrMore = true;
        addrCount++;
      }
    }
    return [
      eps.metadata?.name ?? '',
      eps.addressType ?? '',
      listWithMoreString(ports, portsMore, portCount, max),
      listWithMoreString(addrs, addrMore, addrCount, max),
      age(obj, now),
    ];
  },
};
