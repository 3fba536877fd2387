/**
 * Defaults of the networking.k8s.io/v1 kinds: Ingress, IngressClass and NetworkPolicy (k/k:
 * pkg/apis/networking/v1/defaults.go, v1.31), and IPv4 CIDR arithmetic. Their validation, which
 * only a learner's objects reach, loads on demand (./networkingvalidation.ts).
 */
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { KubeObject } from './types';

/** A dotted IPv4 address, its four parts captured. */
export const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether `o` is one of the networking kinds (Ingress, IngressClass, NetworkPolicy). */
export function isNetworkingObject(o: KubeObject): boolean {
  return o.kind === 'Ingress' || o.kind === 'IngressClass' || o.kind === 'NetworkPolicy';
}

/** Defaults of the networking kinds; false when `o` is not one of them. */
export function defaultNetworkingObject(o: KubeObject): boolean {
  switch (o.kind) {
    case 'NetworkPolicy': {
      // SetDefaults_NetworkPolicy: protocol TCP on every port; policyTypes from the rules.
      const np = o as NetworkPolicy;
      np.spec ??= { podSelector: {} };
      np.spec.podSelector ??= {};
      for (const rule of [...(np.spec.ingress ?? []), ...(np.spec.egress ?? [])])
        for (const p of rule.ports ?? []) p.protocol ??= 'TCP';
      if (!np.spec.policyTypes?.length) {
        np.spec.policyTypes = ['Ingress'];
        if (np.spec.egress?.length) np.spec.policyTypes.push('Egress');
      }
      return true;
    }
    case 'Ingress':
    case 'IngressClass':
      return true;
  }
  return false;
}

/** An IPv4 CIDR: its network address as a number and its prefix length. */
export interface Cidr {
  base: number;
  bits: number;
}

export function ipv4ToNumber(ip: string): number | undefined {
  const m = IPV4.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, len] = text.split('/');
  const base = ipv4ToNumber(ip);
  const bits = Number(len);
  if (base === undefined || len === undefined || !/^\d+$/.test(len) || bits > 32) return undefined;
  return { base, bits };
}

/** Whether an address (as a number) is inside a CIDR. */
export function cidrContains(c: Cidr, ip: number): boolean {
  if (c.bits === 0) return true;
  const mask = (~0 << (32 - c.bits)) >>> 0;
  return (ip & mask) >>> 0 === (c.base & mask) >>> 0;
}
