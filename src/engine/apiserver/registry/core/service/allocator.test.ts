import { describe, expect, it } from 'vitest';
import type { Service } from '../../../../api/types';
import { Cluster } from '../../../../cluster';
import { applySync, kubectlSync, storedObjects } from '../../../../scenario/runner';

describe('Service allocation', () => {
  it('gives a LoadBalancer with externalTrafficPolicy Local a health-check node port', () => {
    const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 9 }).start();
    applySync(
      c,
      `apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: cluster}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80}]\n`,
      's.yaml',
    );
    const svc = (name: string) =>
      storedObjects(c).find((o) => o.kind === 'Service' && o.metadata?.name === name) as Service;
    const local = svc('lb').spec!;
    expect(local.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(local.healthCheckNodePort).toBeLessThanOrEqual(32767);
    expect(local.healthCheckNodePort).not.toBe(local.ports![0].nodePort);
    // Only Local needs one: the cloud's health check asks each node whether it has endpoints.
    expect(svc('cluster').spec!.healthCheckNodePort).toBeUndefined();
    expect(kubectlSync(c, 'describe svc lb').stdout).toMatch(
      new RegExp(`HealthCheck NodePort:\\s+${local.healthCheckNodePort}\\n`),
    );
  });
});
