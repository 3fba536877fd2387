import type { Ingress } from 'kubernetes-types/networking/v1';
import { describe, expect, it } from 'vitest';
import { hostMatches, isNginxIngress, pathMatch, routeRequest } from './routing';

type PathSpec = [pathType: string, path: string, service: string];

function ingress(
  name: string,
  rules: [host: string, paths: PathSpec[]][],
  extra: Partial<Ingress['spec']> = {},
  annotations?: Record<string, string>,
): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      ingressClassName: 'nginx',
      ...extra,
      rules: rules.map(([host, paths]) => ({
        ...(host ? { host } : {}),
        http: {
          paths: paths.map(([pathType, path, service]) => ({
            pathType,
            path,
            backend: { service: { name: service, port: { number: 80 } } },
          })),
        },
      })),
    },
  };
}

const svc = (r: ReturnType<typeof routeRequest>) =>
  r.kind === 'backend' ? r.backend.service?.name : `${r.status}`;

describe('Ingress path matching (the examples table of the Ingress concept page)', () => {
  it.each([
    ['Prefix', '/', '/', true],
    ['Prefix', '/', '/anything/at/all', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    ['ImplementationSpecific', '/aaa/bb', '/aaa/bbb', true],
  ])('%s %s matches %s: %s', (type, path, req, ok) => {
    expect(pathMatch(type, path, req) >= 0).toBe(ok);
  });

  it('prefers the longest path, and Exact over Prefix of the same path', () => {
    const ing = ingress('i', [
      [
        '',
        [
          ['Prefix', '/', 'root'],
          ['Prefix', '/aaa', 'aaa'],
          ['Prefix', '/aaa/bbb', 'bbb'],
          ['Prefix', '/foo', 'foo-prefix'],
          ['Exact', '/foo', 'foo-exact'],
        ],
      ],
    ]);
    expect(svc(routeRequest([ing], 'x', '/aaa/bbb/c'))).toBe('bbb');
    expect(svc(routeRequest([ing], 'x', '/aaa/ccc'))).toBe('aaa');
    expect(svc(routeRequest([ing], 'x', '/zzz'))).toBe('root');
    expect(svc(routeRequest([ing], 'x', '/foo'))).toBe('foo-exact');
    expect(svc(routeRequest([ing], 'x', '/foo/x'))).toBe('foo-prefix');
  });
});

describe('Ingress host matching', () => {
  it('matches a wildcard host on exactly one label', () => {
    expect(hostMatches('*.foo.com', 'bar.foo.com')).toBe(true);
    expect(hostMatches('*.foo.com', 'baz.bar.foo.com')).toBe(false);
    expect(hostMatches('*.foo.com', 'foo.com')).toBe(false);
    expect(hostMatches('foo.bar.com', 'foo.bar.com')).toBe(true);
  });

  it('routes by Host header: exact server, then wildcard, then the rules without a host', () => {
    const ing = ingress('ingress-wildcard-host', [
      ['foo.bar.com', [['Prefix', '/bar', 'service1']]],
      ['*.foo.com', [['Prefix', '/foo', 'service2']]],
      ['', [['Prefix', '/', 'catch-all']]],
    ]);
    expect(svc(routeRequest([ing], 'foo.bar.com', '/bar'))).toBe('service1');
    expect(svc(routeRequest([ing], 'FOO.bar.com:80', '/bar/x'))).toBe('service1');
    expect(svc(routeRequest([ing], 'baz.foo.com', '/foo'))).toBe('service2');
    expect(svc(routeRequest([ing], 'other.example', '/foo'))).toBe('catch-all');
    // The host's server exists, its paths do not match: nginx's 404, not another server's rules.
    expect(svc(routeRequest([ing], 'foo.bar.com', '/baz'))).toBe('404');
  });

  it('answers 404 with nginx page when nothing matches and no Ingress has a default backend', () => {
    const r = routeRequest(
      [ingress('i', [['hello-world.example', [['Prefix', '/', 'web']]]])],
      'localhost',
      '/',
    );
    expect(r).toMatchObject({ kind: 'default', status: 404 });
    expect(r.kind === 'default' && r.body).toContain(
      '<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>',
    );
  });

  it('sends unmatched requests to an Ingress defaultBackend', () => {
    const ing = ingress('i', [['foo.com', [['Exact', '/a', 'a']]]], {
      defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
    });
    expect(svc(routeRequest([ing], 'bar.com', '/'))).toBe('fallback');
  });

  it('rewrites the upstream path with rewrite-target', () => {
    const ing = ingress(
      'minimal-ingress',
      [['', [['Prefix', '/testpath', 'test']]]],
      {},
      {
        'nginx.ingress.kubernetes.io/rewrite-target': '/',
      },
    );
    const r = routeRequest([ing], 'x', '/testpath/page');
    expect(r.kind === 'backend' && r.upstreamPath).toBe('/');
  });

  it("kind's usage.yaml: regex paths and rewrite-target /$2", () => {
    const ing = ingress(
      'example-ingress',
      [
        [
          '',
          [
            ['Prefix', '/foo(/|$)(.*)', 'foo-service'],
            ['Prefix', '/bar(/|$)(.*)', 'bar-service'],
          ],
        ],
      ],
      {},
      { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' },
    );
    const foo = routeRequest([ing], 'localhost', '/foo/hostname');
    expect(foo.kind === 'backend' && [foo.backend.service?.name, foo.upstreamPath]).toEqual([
      'foo-service',
      '/hostname',
    ]);
    const bar = routeRequest([ing], 'localhost', '/bar');
    expect(bar.kind === 'backend' && [bar.backend.service?.name, bar.upstreamPath]).toEqual([
      'bar-service',
      '/',
    ]);
    expect(routeRequest([ing], 'localhost', '/foobar').kind).toBe('default');
  });

  it('serves only its class', () => {
    const mine = ingress('a', []);
    const other: Ingress = { ...mine, spec: { ...mine.spec, ingressClassName: 'traefik' } };
    const legacy: Ingress = {
      ...mine,
      metadata: { ...mine.metadata, annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      spec: { rules: [] },
    };
    const classless: Ingress = { ...mine, spec: { rules: [] } };
    expect([mine, other, legacy, classless].map((i) => isNginxIngress(i))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    // kind's manifest runs the controller with --watch-ingress-without-class=true.
    expect(isNginxIngress(classless, true)).toBe(true);
    expect(isNginxIngress(other, true)).toBe(false);
  });
});
