import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { podEtcFiles } from './etcFiles';

const pod = (spec: Pod['spec']): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'dev' },
  spec,
});

describe("the pod's /etc/hosts entries and resolv.conf", () => {
  it('has nothing of its own without hostAliases or dnsConfig', () => {
    expect(podEtcFiles(pod({ containers: [] }))).toBeUndefined();
  });

  it('lists hostAliases as IP and names separated by tabs', () => {
    const etc = podEtcFiles(
      pod({ containers: [], hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo', 'bar'] }] }),
    );
    expect(etc).toEqual({ hostAliases: ['10.1.2.3\tfoo\tbar'] });
  });

  it('writes dnsPolicy None from dnsConfig alone (the DNS page output)', () => {
    const etc = podEtcFiles(
      pod({
        containers: [],
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['192.0.2.1'],
          searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'],
          options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
        },
      }),
    );
    expect(etc?.resolvConf).toBe(
      'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n',
    );
  });

  it('merges a dnsConfig into ClusterFirst, its options replacing same-named ones', () => {
    const etc = podEtcFiles(
      pod({
        containers: [],
        dnsConfig: { searches: ['extra.example'], options: [{ name: 'ndots', value: '1' }] },
      }),
    );
    expect(etc?.resolvConf).toBe(
      'search dev.svc.cluster.local svc.cluster.local cluster.local extra.example\nnameserver 10.96.0.10\noptions ndots:1\n',
    );
  });
});
