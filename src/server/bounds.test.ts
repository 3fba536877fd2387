/**
 * What keeps a served cluster safe to expose to a class: the bearer token on every verb, the
 * request body bound, and watches that cost nothing while idle (the clock keeps real time).
 */
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster';
import { serve, type SimServer } from './http';

function call(
  server: SimServer,
  method: string,
  path: string,
  opts: { token?: string; body?: string | Buffer } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        method,
        headers: {
          ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body !== undefined
            ? {
                'Content-Type':
                  method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
              }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const cm = (name: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

describe('sim serve with --address: the bearer token', () => {
  let server: SimServer;
  beforeAll(async () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 1 }).start();
    server = await serve(cluster, {
      port: 0,
      address: '127.0.0.1',
      speed: 1,
      requireToken: true,
    });
  });
  afterAll(() => server?.close());

  const requests: [string, string, string?][] = [
    ['GET', '/version'],
    ['GET', '/api'],
    ['GET', '/apis'],
    ['GET', '/openapi/v3'],
    ['GET', '/api/v1/namespaces/default/configmaps'],
    ['GET', '/api/v1/namespaces/default/configmaps?watch=1'],
    ['GET', '/api/v1/namespaces/default/configmaps/x'],
    ['POST', '/api/v1/namespaces/default/configmaps', cm('x')],
    ['PUT', '/api/v1/namespaces/default/configmaps/x', cm('x')],
    ['PATCH', '/api/v1/namespaces/default/configmaps/x', '{"data":{"k":"w"}}'],
    ['DELETE', '/api/v1/namespaces/default/configmaps/x'],
  ];

  for (const token of [undefined, 'wrong-token']) {
    it(`${token ? 'a wrong token' : 'no token'}: 401 Unauthorized Status for every verb`, async () => {
      for (const [method, path, body] of requests) {
        const r = await call(server, method, path, { token, body });
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(JSON.parse(r.text)).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      }
    });
  }

  it('the kubeconfig token: the same requests are served', async () => {
    const codes: number[] = [];
    for (const [method, path, body] of requests) {
      if (path.includes('watch=1')) continue;
      codes.push((await call(server, method, path, { token: server.token, body })).status);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 404, 201, 200, 200, 200]);
  });

  it('a 10 MB body gets 413 and writes nothing', async () => {
    const big = cm('big').replace('"v"', JSON.stringify('x'.repeat(10 * 1024 * 1024)));
    const r = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', {
      token: server.token,
      body: big,
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toMatchObject({
      kind: 'Status',
      reason: 'RequestEntityTooLarge',
      code: 413,
      message: 'Request entity too large: limit is 3145728',
    });
    const after = await call(server, 'GET', '/api/v1/namespaces/default/configmaps/big', {
      token: server.token,
    });
    expect(after.status).toBe(404);
  });
});

describe('a thousand idle watches', () => {
  it('do not slow the cluster: virtual time keeps pace with the wall', async () => {
    const speed = 10;
    const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 2 }).start();
    const server = await serve(cluster, {
      port: 0,
      address: '127.0.0.1',
      speed,
      requireToken: false,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const open: { destroy(): void }[] = [];
    try {
      await Promise.all(
        Array.from(
          { length: 1000 },
          (_, i) =>
            new Promise<void>((resolve, reject) => {
              const req = httpRequest(
                `${server.url}/api/v1/namespaces/idle-${i % 10}/configmaps?watch=1&allowWatchBookmarks=true`,
                { agent },
                (res) => {
                  expect(res.statusCode).toBe(200);
                  resolve();
                },
              );
              req.on('error', reject);
              req.end();
              open.push(req);
            }),
        ),
      );
      // Measure how far the clock runs in two wall seconds with every watch open.
      const v0 = cluster.clock.now;
      const w0 = performance.now();
      await new Promise((r) => setTimeout(r, 2000));
      const virtual = cluster.clock.now - v0;
      const wall = performance.now() - w0;
      console.log(
        `1000 idle watches: ${Math.round(virtual)} virtual ms in ${Math.round(wall)} wall ms at ×${speed}`,
      );
      expect(virtual).toBeGreaterThan(0.5 * wall * speed);
      // And the cluster still answers.
      const r = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', {
        body: cm('after'),
      });
      expect(r.status).toBe(201);
    } finally {
      for (const req of open) req.destroy();
      agent.destroy();
      await server.close();
    }
  }, 60_000);
});
