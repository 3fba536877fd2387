/**
 * Table handlers for Ingress, IngressClass and NetworkPolicy.
 * k8s: pkg/printers/internalversion/printers.go printIngress, printIngressClass,
 * printNetworkPolicy (v1.31)
 */
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { labelSelectorToString } from '../../api/labels';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import { goCompare } from '../format';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

/** loadBalancerWidth: a non-wide ADDRESS is cut to 16 bytes. */
const LOAD_BALANCER_WIDTH = 16;

/** formatHosts: the first three hosts, `+ N more...`; `*` when no rule names a host. */
export function ingressHosts(ing: Ingress): string {
  const rules = ing.spec?.rules ?? [];
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (!list.length) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

/** ingressLoadBalancerStatusStringer: the IPs or host names, sorted, cut unless wide. */
export function ingressAddress(ing: Ingress, wide: boolean): string {
  const result = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) result.add(i.ip);
    else if (i.hostname) result.add(i.hostname);
  }
  let r = [...result].sort(goCompare).join(',');
  if (!wide && r.length > LOAD_BALANCER_WIDTH) r = r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...';
  return r;
}

export function ingressPrinterFor(wide: boolean): KindPrinter {
  return {
    columns: [
      NAME,
      { name: 'Class' },
      { name: 'Hosts' },
      { name: 'Address' },
      { name: 'Ports' },
      AGE,
    ],
    row(obj, now) {
      const ing = obj as Ingress;
      return [
        ing.metadata?.name ?? '',
        ing.spec?.ingressClassName ?? '<none>',
        ingressHosts(ing),
        ingressAddress(ing, wide),
        // formatPorts: TLS opens 443 beside 80.
        ing.spec?.tls?.length ? '80, 443' : '80',
        age(obj, now),
      ];
    },
  };
}

export const ingressClassPrinter: KindPrinter = {
  columns: [NAME, { name: 'Controller' }, { name: 'Parameters' }, AGE],
  row(obj, now) {
    const ic = obj as IngressClass;
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, age(obj, now)];
  },
};

export const networkPolicyPrinter: KindPrinter = {
  columns: [NAME, { name: 'Pod-Selector' }, AGE],
  row(obj, now) {
    const np = obj as NetworkPolicy;
    return [np.metadata?.name ?? '', labelSelectorToString(np.spec?.podSelector), age(obj, now)];
  },
};
