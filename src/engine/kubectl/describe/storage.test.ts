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
