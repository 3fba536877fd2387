/**
 * `service/kubernetes` in `default`, as kube-apiserver's bootstrap controller keeps it
 * (k/k: pkg/controlplane/controller/kubernetesservice): there on a fresh cluster, pointing at
 * the API server, and put back when deleted.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { kubectlSync } from '../scenario/actions';
import { KUBERNETES_SERVICE_INTERVAL_MS } from './kubernetesService';

describe('service/kubernetes', () => {
  for (const kubeSystem of [true, false]) {
    it(`is listed by kubectl get svc on a fresh cluster (kubeSystem ${kubeSystem})`, () => {
      const cluster = new Cluster({ kubeSystem, workers: 1, cpu: '4', memory: '8Gi', seed: 5 });
      cluster.start();
      const out = kubectlSync(cluster, 'get svc').stdout.trim().split('\n');
      expect(out[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
      expect(out.slice(1)).toHaveLength(1);
      expect(out[1]).toMatch(/^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\d+s$/);
      expect(kubectlSync(cluster, 'get endpoints kubernetes').stdout).toMatch(
        /^kubernetes\s+10\.0\.0\.10:6443\s/m,
      );
      expect(kubectlSync(cluster, 'get endpointslice kubernetes').stdout).toMatch(
        /^kubernetes\s+IPv4\s+6443\s+10\.0\.0\.10\s/m,
      );
    });
  }

  it('comes back within the controller’s 10 s interval after a delete', () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 5 }).start();
    expect(kubectlSync(cluster, 'delete svc kubernetes').stdout).toBe(
      'service "kubernetes" deleted\n',
    );
    expect(kubectlSync(cluster, 'get svc kubernetes').exitCode).not.toBe(0);
    cluster.clock.advance(KUBERNETES_SERVICE_INTERVAL_MS + 1_000);
    expect(kubectlSync(cluster, 'get svc kubernetes').stdout).toMatch(
      /^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/m,
    );
  });
});
