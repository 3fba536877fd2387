import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync } from '../../scenario/runner';

describe('kubectl describe secret', () => {
  const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 1 }).start();
  // The Secret of “Managing Secrets using Configuration File” (username admin, password
  // 1f2d1e2e67df).
  applySync(
    c,
    `apiVersion: v1
kind: Secret
metadata: {name: mysecret}
type: Opaque
data: {username: YWRtaW4=, password: MWYyZDFlMmU2N2Rm}
`,
    's.yaml',
  );
  c.clock.advance(2_000);

  it('shows the Type and each key’s size in bytes, never the values', () => {
    const out = kubectlSync(c, 'describe secret mysecret').stdout;
    expect(out).toBe(
      [
        'Name:         mysecret',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        '',
        'Type:  Opaque',
        '',
        'Data',
        '====',
        'password:  12 bytes',
        'username:  5 bytes',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe pvc', () => {
  const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 2 }).start();
  applySync(
    c,
    `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers: [{name: app, image: busybox:1.36, command: ['sleep', '3600'], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
`,
    'p.yaml',
  );
  c.clock.advance(30_000);

  it('shows the class, the bound volume, who uses it and the provisioning events', () => {
    const out = kubectlSync(c, 'describe pvc data').stdout;
    expect(out).toMatch(/^StorageClass:\s+standard$/m);
    expect(out).toMatch(/^Status:\s+Bound$/m);
    expect(out).toMatch(/^Volume:\s+pvc-[0-9a-f-]{36}$/m);
    expect(out).toMatch(/^Capacity:\s+1Gi$/m);
    expect(out).toMatch(/^Access Modes:\s+RWO$/m);
    expect(out).toMatch(/^Used By:\s+user$/m);
    expect(out).toMatch(/Normal {2}ProvisioningSucceeded .* Successfully provisioned volume pvc-/);
  });

  it('describes the default StorageClass as kind ships it', () => {
    const out = kubectlSync(c, 'describe sc standard').stdout;
    expect(out).toMatch(/^IsDefaultClass:\s+Yes$/m);
    expect(out).toMatch(/^Provisioner:\s+rancher\.io\/local-path$/m);
    expect(out).toMatch(/^VolumeBindingMode:\s+WaitForFirstConsumer$/m);
  });
});
