/**
 * The page attached to `sim serve`: the built page served at /kubeglass/ beside the API, the
 * feed of the engine's own messages (read here by the page's own AttachSource, as the browser
 * reads it), and the page's requests run on the served cluster.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster';
import type { BatchMessage, TraceEvent, WorkerToUi } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol';
import { AttachSource } from '../worker/sources/attach';
import { serve, type SimServer } from './http';

function page(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeglass-www-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kubeglass</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  return dir;
}

/** A raw request (the path sent as written, not normalised as fetch would). */
function call(
  server: SimServer,
  method: string,
  path: string,
  body?: string,
  token?: string,
): Promise<{ status: number; type?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        method,
        headers: {
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function until<T>(what: string, fn: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'outside' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
});

describe('sim serve: the page beside the API', () => {
  let server: SimServer | undefined;
  let source: AttachSource | undefined;
  afterEach(async () => {
    source?.close();
    await server?.close();
  });

  async function start(requireToken = false) {
    const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 5 }).start();
    server = await serve(cluster, {
      port: 0,
      address: '127.0.0.1',
      speed: 20,
      requireToken,
      www: page(),
    });
    return server;
  }

  it('serves the built page at /kubeglass/, and nothing outside its folder', async () => {
    const s = await start();
    const index = await call(s, 'GET', '/kubeglass/');
    expect(index.status).toBe(200);
    expect(index.type).toContain('text/html');
    expect((await call(s, 'GET', '/kubeglass/assets/app.js')).type).toContain('text/javascript');
    expect((await call(s, 'GET', '/kubeglass')).status).toBe(301);
    expect((await call(s, 'GET', '/kubeglass/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect(JSON.parse((await call(s, 'GET', '/kubeglass/info')).text)).toMatchObject({
      server: 'kubeglass sim serve',
      tokenRequired: false,
    });
  });

  it("feeds the page a snapshot, then the engine's trace of an outside client's request", async () => {
    const s = await start();
    const got: WorkerToUi[] = [];
    source = new AttachSource((m) => got.push(m), { base: `${s.url}/` });
    void source.start();
    const snapshot = await until('the snapshot', () => got.find((m) => m.type === 'snapshot'));
    expect(got[0]).toEqual({ type: 'ready', version: PROTOCOL_VERSION });
    expect(snapshot.type === 'snapshot' && snapshot.objects.some((o) => o.kind === 'Node')).toBe(
      true,
    );

    // Another program creates a pod over HTTP: its request travels from `kubectl (you)`.
    expect((await call(s, 'POST', '/api/v1/namespaces/default/pods', POD)).status).toBe(201);
    const trace = () =>
      got.flatMap((m) => (m.type === 'batch' ? (m as BatchMessage).trace : ([] as TraceEvent[])));
    const post = await until('POST pods in the feed', () =>
      trace().find((e) => e.from === 'kubectl' && e.verb === 'POST' && e.resource === 'pods'),
    );
    expect(post).toMatchObject({ to: 'kube-apiserver', kind: 'request' });
    expect(post.inferred).toBeUndefined();
    await until('the pod in a batch', () =>
      got.find(
        (m) =>
          m.type === 'batch' &&
          m.diff.added.some((o) => o.key === '/registry/pods/default/outside'),
      ),
    );
  });

  it("runs the page's Apply on the served cluster and answers as the worker would", async () => {
    const s = await start();
    const got: WorkerToUi[] = [];
    source = new AttachSource((m) => got.push(m), { base: `${s.url}/` });
    source.receive({
      v: PROTOCOL_VERSION,
      type: 'request',
      op: 'apply',
      requestId: 7,
      args: { manifest: POD.replace('outside', 'from-page') },
    });
    const result = await until('the result', () => got.find((m) => m.type === 'result'));
    expect(result).toMatchObject({
      requestId: 7,
      result: { ok: true, documents: [{ message: 'pod/from-page created' }] },
    });
    expect((await call(s, 'GET', '/api/v1/namespaces/default/pods/from-page')).status).toBe(200);
    // What a page may not ask of a served cluster is refused with a reason.
    const refused = await call(s, 'POST', '/kubeglass/request', '{"op":"openScenario","args":{}}');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('restarting sim serve');
  });

  it('beyond loopback, the feed and requests need the token; the page itself does not', async () => {
    const s = await start(true);
    expect((await call(s, 'GET', '/kubeglass/')).status).toBe(200);
    expect((await call(s, 'GET', '/kubeglass/info')).text).toContain('"tokenRequired":true');
    expect((await call(s, 'POST', '/kubeglass/request', '{"op":"logs","args":{}}')).status).toBe(
      401,
    );
    const got: WorkerToUi[] = [];
    source = new AttachSource((m) => got.push(m), { base: `${s.url}/` });
    await source.start();
    expect(got).toEqual([{ type: 'fatal', message: expect.stringContaining('#token=') }]);
    const withToken: WorkerToUi[] = [];
    source = new AttachSource((m) => withToken.push(m), { base: `${s.url}/`, token: s.token });
    void source.start();
    await until('the snapshot', () => withToken.find((m) => m.type === 'snapshot'));
  });
});
