import { describe, expect, it } from 'vitest';
import type { Stored } from '../../api/stored';
import type { Pod } from '../../api/types';
import { boundToken, boundTokenSource, ProjectedFiles } from './volumeContents';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-7d9f', namespace: 'shop', uid: '0b6c8c8e-1f7a-4e55-9d0e-7f3b0c2a9e11' },
  spec: { nodeName: 'worker-2', serviceAccountName: 'api', containers: [] },
} as unknown as Stored<Pod>;

/** A base64url segment decoded (the JWT's alphabet has no `+`, `/` or padding). */
const decode = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

describe('boundToken', () => {
  it('is a JWT whose header and claims decode as kube-apiserver issues them', () => {
    const token = boundToken(pod, 3607, 5_000);
    const [header, body, signature] = token.split('.');
    for (const part of [header, body, signature]) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(decode(header))).toMatchObject({ alg: 'RS256' });
    const claims = JSON.parse(decode(body));
    expect(claims.sub).toBe('system:serviceaccount:shop:api');
    expect(claims['kubernetes.io']).toMatchObject({
      namespace: 'shop',
      node: { name: 'worker-2' },
      pod: { name: 'web-7d9f', uid: pod.metadata.uid },
      serviceaccount: { name: 'api' },
    });
    // The admission-made 3607 s source is extended to a year; the warning stays at 3607 s.
    expect(claims.exp - claims.iat).toBe(365 * 24 * 3600);
    expect(claims['kubernetes.io'].warnafter - claims.iat).toBe(3607);
  });

  it('is the same token for the same pod and instant', () => {
    expect(boundToken(pod, 3600, 1_000)).toBe(boundToken(pod, 3600, 1_000));
    expect(boundToken(pod, 3600, 1_000)).not.toBe(boundToken(pod, 3600, 2_000));
  });
});

describe('ProjectedFiles', () => {
  it('makes a lazily written file once, when it is first read, as the same text', () => {
    let made = 0;
    const make = boundTokenSource(pod, 3607, 5_000);
    const files = new ProjectedFiles();
    files.put('/namespace', 'shop');
    files.put('/token', () => (made++, make.make()));
    expect([...files.keys()]).toEqual(['/namespace', '/token']);
    expect(files.has('/token')).toBe(true);
    expect(made).toBe(0);
    expect(files.get('/token')).toBe(boundToken(pod, 3607, 5_000));
    expect(files.get('/token')).toBe(boundToken(pod, 3607, 5_000));
    expect(made).toBe(1);
    expect(files.source('/token')).toBe(boundToken(pod, 3607, 5_000));
  });

  it('makes lazy files when walked, and forgets them when overwritten', () => {
    const files = new ProjectedFiles();
    files.put('/a', () => 'A');
    files.put('/b', () => 'B');
    expect(typeof files.source('/a')).toBe('function');
    files.set('/b', 'b');
    expect([...files]).toEqual([
      ['/a', 'A'],
      ['/b', 'b'],
    ]);
    files.put('/c', () => 'C');
    expect([...files.values()]).toEqual(['A', 'b', 'C']);
  });
});
