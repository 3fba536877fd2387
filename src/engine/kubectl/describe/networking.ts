/**
 * `kubectl describe ingress|ingressclass|networkpolicy`.
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeIngressV1,
 * describeIngressClassV1, describeNetworkPolicy (v1.31)
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type {
  Ingress,
  IngressBackend,
  IngressClass,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import { labelSelectorToString } from '../../api/labels';
import type { Event } from '../../api/types';
import { parseTime } from '../age';
import { formatEndpoints } from '../printers/network';
import { ingressAddress } from '../printers/networking';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

/** The Services and Endpoints of the Ingress's namespace, which kubectl gets per backend. */
export interface IngressBackendObjects {
  services: Service[];
  endpoints: Endpoints[];
}

/** serviceBackendStringer: `web:8080`, `web:http`. */
function serviceBackendStringer(b: IngressBackend['service']): string {
  if (!b) return '';
  return `${b.name}:${b.port?.number ? b.port.number : (b.port?.name ?? '')}`;
}

/** describeBackendV1: `web:8080 (10.244.1.5:8080)`, or the error kubectl got fetching it. */
function describeBackend(ns: string, b: IngressBackend, objs: IngressBackendObjects): string {
  if (b.service) {
    const sb = serviceBackendStringer(b.service);
    const mine = (o: { metadata?: { name?: string; namespace?: string } }) =>
      o.metadata?.name === b.service!.name && o.metadata?.namespace === ns;
    const ep = objs.endpoints.find(mine);
    if (!ep) return `${sb} (<error: endpoints "${b.service.name}" not found>)`;
    const svc = objs.services.find(mine);
    if (!svc) return `${sb}(<error: services "${b.service.name}" not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (b.service.port?.number && b.service.port.number === sp.port) spName = sp.name ?? '';
      else if (b.service.port?.name && b.service.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpoints(ep, new Set([spName]))})`;
  }
  if (b.resource) {
    const r = b.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

export function describeIngress(
  ing: Ingress,
  objs: IngressBackendObjects,
  events: Event[],
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = ing.metadata ?? {};
  const spec = ing.spec ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Address:\t${ingressAddress(ing, true)}\n`);
  w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  // Without a default backend kubectl describes the one in kube-system that old clusters ran.
  let def = spec.defaultBackend;
  let ns = meta.namespace ?? '';
  if (!def) {
    def = { service: { name: 'default-http-backend', port: { number: 80 } } };
    ns = 'kube-system';
  }
  const defText = describeBackend(ns, def, objs);
  w.write(LEVEL_0, `Default backend:\t${defText}\n`);
  if (spec.tls?.length) {
    w.write(LEVEL_0, 'TLS:\n');
    for (const t of spec.tls) {
      const hosts = (t.hosts ?? []).join(',');
      if (!t.secretName) w.write(LEVEL_1, `SNI routes ${hosts}\n`);
      else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
    }
  }
  w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(LEVEL_1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? [])
      w.write(
        LEVEL_2,
        `\t${p.path ?? ''} \t${describeBackend(meta.namespace ?? '', p.backend, objs)}\n`,
      );
  }
  if (count === 0) w.write(LEVEL_1, `*\t*\t${defText}\n`);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  describeEvents(w, events, now);
  return w.toString();
}

export function describeIngressClass(ic: IngressClass, events: Event[], now: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ic.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata?.annotations);
  w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(LEVEL_0, 'Parameters:\n');
    if (p.apiGroup) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
    w.write(LEVEL_1, `Name:\t${p.name}\n`);
  }
  describeEvents(w, events, now);
  return w.toString();
}

/** Go's time.Time String in UTC: `2024-05-03 10:21:42 +0000 UTC`. */
function goTimeString(ts: string | undefined): string {
  const t = parseTime(ts) ?? -62135596800000;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

const sel = (s: LabelSelector | undefined) => labelSelectorToString(s);

/** describeNetworkPolicy: the spec in words; kubectl prints no events for it. */
export function describeNetworkPolicy(np: NetworkPolicy): string {
  const w = new PrefixWriter();
  const meta = np.metadata ?? {};
  const spec = np.spec ?? { podSelector: {} };
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Created on:\t${goTimeString(meta.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, 'Spec:\n');
  w.write(LEVEL_1, 'PodSelector: ');
  const ps = spec.podSelector ?? {};
  if (!Object.keys(ps.matchLabels ?? {}).length && !ps.matchExpressions?.length)
    w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  else w.write(LEVEL_2, `${sel(ps)}\n`);
  const types = spec.policyTypes ?? [];
  const indent = '    ';
  if (types.includes('Ingress')) {
    w.write(LEVEL_1, 'Allowing ingress traffic:\n');
    printRules(w, spec.ingress ?? [], 'ingress', indent);
  } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(LEVEL_1, 'Allowing egress traffic:\n');
    printRules(w, spec.egress ?? [], 'egress', indent);
  } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
  w.write(LEVEL_1, `Policy Types: ${types.join(', ')}\n`);
  return w.toString();
}

/** printNetworkPolicySpecIngressFrom / printNetworkPolicySpecEgressTo. */
function printRules(
  w: PrefixWriter,
  rules: { ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }[],
  dir: 'ingress' | 'egress',
  indent: string,
): void {
  if (!rules.length) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
    return;
  }
  const word = dir === 'ingress' ? 'From' : 'To';
  rules.forEach((r, i) => {
    if (!r.ports?.length)
      w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of r.ports ?? [])
      w.write(LEVEL_0, `${indent}To Port: ${p.port ?? '<nil>'}/${p.protocol ?? 'TCP'}\n`);
    const peers = (dir === 'ingress' ? r.from : r.to) ?? [];
    if (!peers.length)
      w.write(
        LEVEL_0,
        dir === 'ingress'
          ? `${indent}From: <any> (traffic not restricted by source)\n`
          : `${indent}To: <any> (traffic not restricted by destination)\n`,
      );
    for (const peer of peers) {
      w.write(LEVEL_0, `${indent}${word}:\n`);
      if (peer.podSelector && peer.namespaceSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${sel(peer.namespaceSelector)}\n`);
        w.write(LEVEL_1, `${indent}PodSelector: ${sel(peer.podSelector)}\n`);
      } else if (peer.podSelector) {
        w.write(LEVEL_1, `${indent}PodSelector: ${sel(peer.podSelector)}\n`);
      } else if (peer.namespaceSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${sel(peer.namespaceSelector)}\n`);
      } else if (peer.ipBlock) {
        w.write(LEVEL_1, `${indent}IPBlock:\n`);
        w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
        w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}
