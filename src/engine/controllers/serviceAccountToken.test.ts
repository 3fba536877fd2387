import { describe, expect, it } from 'vitest';
import type { Secret } from '../api/types';
import { advanceUntil, createObject, objectsOf, startCluster } from '../testing/testCluster';

const tokenSecret = (name: string, account: string) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  annotations: {kubernetes.io/service-account.name: ${account}}
type: kubernetes.io/service-account-token
`;

const secret = (c: ReturnType<typeof startCluster>, name: string) =>
  objectsOf<Secret>(c, 'Secret').find((s) => s.metadata?.name === name);

const decode = (s: string) => Buffer.from(s, 'base64').toString('utf8');

describe('service account token controller', () => {
  it('fills in a token Secret of an existing ServiceAccount', () => {
    const c = startCluster();
    expect(
      createObject(c, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: build}').code,
    ).toBe(201);
    expect(createObject(c, tokenSecret('build-token', 'build')).code).toBe(201);
    expect(advanceUntil(c, () => !!secret(c, 'build-token')?.data?.token, 10_000)).toBe(true);
    const s = secret(c, 'build-token')!;
    const sa = objectsOf(c, 'ServiceAccount').find((a) => a.metadata?.name === 'build')!;
    expect(s.metadata?.annotations?.['kubernetes.io/service-account.uid']).toBe(sa.metadata?.uid);
    expect(decode(s.data!.namespace)).toBe('default');
    expect(decode(s.data!['ca.crt'])).toContain('BEGIN CERTIFICATE');
    const [, claims] = decode(s.data!.token).split('.');
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')).sub).toBe(
      'system:serviceaccount:default:build',
    );
  });

  it('deletes a token Secret whose ServiceAccount is missing or deleted', () => {
    const c = startCluster();
    createObject(c, tokenSecret('orphan-token', 'nobody'));
    expect(advanceUntil(c, () => !secret(c, 'orphan-token'), 10_000)).toBe(true);

    createObject(c, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: build}');
    createObject(c, tokenSecret('build-token', 'build'));
    expect(advanceUntil(c, () => !!secret(c, 'build-token')?.data?.token, 10_000)).toBe(true);
    const r = c.requestSync({
      verb: 'delete',
      resource: 'serviceaccounts',
      namespace: 'default',
      name: 'build',
    });
    expect(r.code).toBe(200);
    expect(advanceUntil(c, () => !secret(c, 'build-token'), 10_000)).toBe(true);
  });
});
