/**
 * kube-system as kind v1.31 creates it (ClusterConfig.kubeSystem): `kubectl get pods -A` on a
 * fresh cluster lists what a fresh kind cluster lists, names aside.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';
import { objectsOf } from '../testing/testCluster';

const cluster = new Cluster({ kubeSystem: true, workers: 3, cpu: '4', memory: '8Gi', seed: 42 });
cluster.start();

/** NAMESPACE NAME READY STATUS rows, with generated suffixes replaced by `*`. */
function rows(out: string): string[] {
  return out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s+/).slice(0, 4).join(' '))
    .map((l) =>
      l
        .replace(/-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5} /, '-* ')
        .replace(/-[bcdfghjklmnpqrstvwxz2456789]{5} /, '-* '),
    );
}

describe('a fresh cluster’s kube-system, as kind creates it', () => {
  it('kubectl get pods -A: static pods, CoreDNS ×2, kindnet and kube-proxy per node, local-path', () => {
    const out = kubectlSync(cluster, 'get pods -A').stdout;
    expect(rows(out)).toEqual([
      'kube-system coredns-* 1/1 Running',
      'kube-system coredns-* 1/1 Running',
      'kube-system etcd-control-plane 1/1 Running',
      ...Array(4).fill('kube-system kindnet-* 1/1 Running'),
      'kube-system kube-apiserver-control-plane 1/1 Running',
      'kube-system kube-controller-manager-control-plane 1/1 Running',
      ...Array(4).fill('kube-system kube-proxy-* 1/1 Running'),
      'kube-system kube-scheduler-control-plane 1/1 Running',
      'local-path-storage local-path-provisioner-* 1/1 Running',
    ]);
  });

  it('the static pods are mirror pods owned by the control-plane Node, on its network', () => {
    const etcd = objectsOf<Pod>(cluster, 'Pod').find(
      (p) => p.metadata?.name === 'etcd-control-plane',
    )!;
    expect(etcd.metadata?.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(etcd.metadata?.annotations?.['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/);
    expect(etcd.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Node',
      name: 'control-plane',
    });
    expect(etcd.status?.podIP).toBe('10.0.0.10');
    expect(etcd.spec?.serviceAccountName).toBeUndefined();
  });

  it('kubectl get svc -A: kubernetes at 10.96.0.1 and kube-dns at 10.96.0.10', () => {
    const out = kubectlSync(cluster, 'get svc -A').stdout;
    expect(out).toMatch(/^default\s+kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/m);
    expect(out).toMatch(
      /^kube-system\s+kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s/m,
    );
    expect(kubectlSync(cluster, 'get endpointslice kubernetes').stdout).toMatch(
      /^kubernetes\s+IPv4\s+6443\s+10\.0\.0\.10\s/m,
    );
  });

  it("keeps the learner's pods off the control-plane node", () => {
    const three = ['web', 'cache', 'ticker']
      .map(
        (n) =>
          `apiVersion: v1\nkind: Pod\nmetadata: { name: ${n} }\nspec: { containers: [{ name: c, image: nginx:1.27 }] }\n`,
      )
      .join('---\n');
    expect(applySync(cluster, three, 'three.yaml').exitCode).toBe(0);
    cluster.clock.advance(30_000);
    const onControlPlane = objectsOf<Pod>(cluster, 'Pod').filter(
      (p) => p.spec?.nodeName === 'control-plane',
    );
    expect(onControlPlane.every((p) => p.metadata?.namespace !== 'default')).toBe(true);
    expect(
      objectsOf<Pod>(cluster, 'Pod').filter(
        (p) => p.metadata?.namespace === 'default' && p.status?.phase === 'Running',
      ),
    ).toHaveLength(3);
  });
});
