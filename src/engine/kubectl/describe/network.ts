/**
 * `kubectl describe service|endpoints|namespace`.
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeService (v1.31 reads the
 * Endpoints object), describeEndpoints, describeNamespace
 */
// quota:
import { describeNamespacePolicies } from './quota';
import type { LimitRange, ResourceQuota } from '../../api/types';
import type { Endpoints, Event, Namespace, Service } from '../../api/types';
import { formatRFC1123Z } from '../age';
import { formatLabels } from '../format';
import { formatEndpoints } from '../printers/network';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

/** The text of `kubectl describe service`; `endpoints` is the Endpoints object of the same name. */
export function describeService(
  svc: Service,
  endpoints: Endpoints | undefined,
  events: Event[] | undefined,
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = svc.metadata ?? {};
  const spec = svc.spec ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(
    LEVEL_0,
    `IP Families:\t${spec.ipFamilies && spec.ipFamilies.length > 0 ? spec.ipFamilies.join(',') : '<none>'}\n`,
  );
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(
    LEVEL_0,
    `IPs:\t${spec.clusterIPs && spec.clusterIPs.length > 0 ? spec.clusterIPs.join(',') : '<none>'}\n`,
  );
  if (spec.externalIPs && spec.externalIPs.length > 0)
    w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    const list = ingress
      .map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : (i.hostname ?? '')))
      .join(', ');
    w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
  }
  for (const sp of spec.ports ?? []) {
    const name = sp.name || '<unset>';
    const proto = sp.protocol ?? 'TCP';
    w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${proto}\n`);
    w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? sp.port}/${proto}\n`);
    if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(endpoints, new Set([sp.name ?? '']))}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy)
    w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy)
    w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort)
    w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges && spec.loadBalancerSourceRanges.length > 0) {
    w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

/** The text of `kubectl describe endpoints`. */
export function describeEndpoints(ep: Endpoints, events: Event[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ep.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${ep.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata?.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const subset of ep.subsets ?? []) {
    const addresses = (subset.addresses ?? []).map((a) => a.ip).join(',');
    w.write(LEVEL_1, `Addresses:\t${addresses || '<none>'}\n`);
    const notReady = (subset.notReadyAddresses ?? []).map((a) => a.ip).join(',');
    w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
    if (subset.ports && subset.ports.length > 0) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of subset.ports)
        w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

/**
 * The text of `kubectl describe namespace`. The simulator has no ResourceQuota or LimitRange
 * objects, so both lists are empty, as in a fresh cluster.
 */
export function describeNamespace(
  ns: Namespace,
  // quota: the namespace's ResourceQuotas and LimitRanges, which kubectl lists too.
  quotas: ResourceQuota[] = [],
  limitRanges: LimitRange[] = [],
): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conditions = ns.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        LEVEL_1,
        `${c.type}\t${c.status}\t${formatRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
      );
    }
  }
  describeNamespacePolicies(w, quotas, limitRanges);
  return w.toString();
}
