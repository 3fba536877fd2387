import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import {
  buildRules,
  formatProbability,
  iptablesSave,
  portProtoHash,
  probabilityThreshold,
  walkRules,
  type ServicePortInfo,
} from './iptables';
import { sha256, toHex, utf8 } from '../runtime/sha256';

const web = (ready: boolean[]): ServicePortInfo => ({
  namespace: 'default',
  name: 'web',
  portName: '',
  protocol: 'TCP',
  clusterIP: '10.96.12.34',
  port: 80,
  nodePort: 30080,
  loadBalancerIPs: [],
  endpoints: ready.map((r, i) => ({
    ip: `10.244.${i + 1}.5`,
    port: 8080,
    ready: r,
    serving: r,
    terminating: false,
  })),
});

describe('kube-proxy iptables rules', () => {
  it('hashes chain names as proxier.go does (the well-known kubernetes and kube-dns chains)', () => {
    expect(toHex(sha256(utf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(portProtoHash('default/kubernetes:https', 'tcp')).toBe('NPX46M4PTMTKRN6Y');
    expect(portProtoHash('kube-system/kube-dns:dns', 'udp')).toBe('TCOU7JCQXEZGVUNU');
  });

  it('prints the 1/(n−i) probabilities as iptables-save does', () => {
    expect([3, 2, 4, 5].map((n) => formatProbability(probabilityThreshold(n)))).toEqual([
      '0.33333333349',
      '0.50000000000',
      '0.25000000000',
      '0.20000000019',
    ]);
  });

  it('chains KUBE-SERVICES → KUBE-SVC → KUBE-SEP with DNAT, and NodePorts through KUBE-EXT', () => {
    const lines = iptablesSave(buildRules([web([true, true, true])]));
    const svc = `KUBE-SVC-${portProtoHash('default/web', 'tcp')}`;
    expect(lines).toContain(
      `-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j ${svc}`,
    );
    const toSep = lines.filter((l) =>
      l.startsWith(`-A ${svc} -m comment --comment "default/web -> `),
    );
    expect(toSep.map((l) => /--probability (\S+)/.exec(l)?.[1])).toEqual([
      '0.33333333349',
      '0.50000000000',
      undefined,
    ]);
    expect(lines.filter((l) => l.includes('-j DNAT --to-destination 10.244.'))).toHaveLength(3);
    expect(
      lines.some((l) =>
        /^-A KUBE-NODEPORTS -p tcp -m comment --comment default\/web -m tcp --dport 30080 -j KUBE-EXT-/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(lines[0]).toBe('*filter');
    expect(lines.at(-1)).toBe('COMMIT');
  });

  it('REJECTs a service with no ready endpoints in the filter table', () => {
    const rules = buildRules([web([false, false])]);
    expect(iptablesSave(rules)).toContain(
      '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "default/web has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(walkRules(rules, { dst: '10.96.12.34', dport: 80, local: false }, new Rng(1)).kind).toBe(
      'reject',
    );
  });

  it('walks the statistic rules to a near-uniform pick, skipping unready endpoints', () => {
    const rules = buildRules([web([true, false, true, true])]);
    const rng = new Rng(7);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      const v = walkRules(rules, { dst: '10.96.12.34', dport: 80, local: false }, rng);
      if (v.kind === 'dnat') counts[v.to] = (counts[v.to] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual([
      '10.244.1.5:8080',
      '10.244.3.5:8080',
      '10.244.4.5:8080',
    ]);
    for (const n of Object.values(counts)) expect(Math.abs(n - 1000)).toBeLessThan(100);
  });

  it('reaches a NodePort only on the node itself (addrtype LOCAL)', () => {
    const rules = buildRules([web([true])]);
    expect(
      walkRules(rules, { dst: '10.0.0.11', dport: 30080, local: true }, new Rng(1)),
    ).toMatchObject({ kind: 'dnat', to: '10.244.1.5:8080' });
    expect(
      walkRules(rules, { dst: '10.0.0.11', dport: 30080, local: false }, new Rng(1)).kind,
    ).toBe('accept');
  });
});
