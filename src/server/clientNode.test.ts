/**
 * `sim serve` used by the official JavaScript client (@kubernetes/client-node), as a program
 * would use a real cluster: create a Deployment, list its pods until three run, watch events,
 * read a log, patch (strategic merge) and delete — plus the API's refusals a client relies on:
 * strict field validation, 410 for a compacted watch, and the --address token, body and watch
 * bounds.
 */
import * as k8s from '@kubernetes/client-node';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster';
import { serve, type SimServer } from './http';

/** Virtual seconds per wall second: image pulls and start-up take seconds of virtual time. */
const SPEED = 20;

function clientFor(server: SimServer): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    // client-node refuses plain http unless TLS verification is off.
    clusters: [{ name: 'sim', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'me', token: server.token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'me' }],
    currentContext: 'sim',
  });
  return kc;
}

const deployment: k8s.V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A raw HTTP call: status and body text. */
function call(
  server: SimServer,
  method: string,
  path: string,
  opts: { token?: string; body?: string | Buffer; contentType?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        method,
        headers: {
          ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body !== undefined
            ? { 'Content-Type': opts.contentType ?? 'application/json' }
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

describe('@kubernetes/client-node against sim serve', () => {
  let server: SimServer;
  let kc: k8s.KubeConfig;
  beforeAll(async () => {
    const cluster = new Cluster({
      workers: 3,
      cpu: '4',
      memory: '8Gi',
      seed: 3,
      watchCacheSize: 200,
    }).start();
    server = await serve(cluster, {
      port: 0,
      address: '127.0.0.1',
      speed: SPEED,
      requireToken: false,
    });
    kc = clientFor(server);
  });
  afterAll(() => server?.close());

  it('creates a Deployment, sees three pods Running, watches events, reads a log, patches and deletes it', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    const watch = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/default/events',
      {},
      (type, obj: k8s.CoreV1Event) => events.push(`${type} ${obj.reason}`),
      () => {},
    );
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment,
    });
    expect(created.metadata?.uid).toBeTruthy();

    const pods = await until('three Running pods', async () => {
      const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
      const running = list.items.filter((p) => p.status?.phase === 'Running');
      return running.length === 3 ? running : undefined;
    });
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    // The watch saw the controllers and kubelets at work.
    await until('Started events', async () =>
      events.filter((e) => e === 'ADDED Started').length >= 3 ? true : undefined,
    );
    expect(events).toContain('ADDED ScalingReplicaSet');
    watch.abort();

    const log = await core.readNamespacedPodLog({
      name: pods[0].metadata!.name!,
      namespace: 'default',
    });
    expect(log).toContain('start worker processes');

    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: {
          spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    // Strategic merge: the container list merged by name, so it is still one container.
    expect(patched.spec?.template.spec?.containers).toHaveLength(1);
    expect(patched.spec?.template.spec?.containers[0].image).toBe('nginx:1.26');
    expect(patched.metadata?.generation).toBe(2);

    await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' });
    const gone = await apps
      .readNamespacedDeployment({ name: 'web', namespace: 'default' })
      .catch((e: k8s.ApiException<string>) => e);
    expect((gone as k8s.ApiException<string>).code).toBe(404);
    expect(JSON.parse((gone as k8s.ApiException<string>).body).message).toBe(
      'deployments.apps "web" not found',
    );
  }, 60_000);

  it('refuses an unknown field with the strict decoding Status', async () => {
    // client-node's typed models drop fields they do not know before sending, so the typo is
    // sent as kubectl sends a manifest: the JSON as written, with fieldValidation=Strict.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'typo' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolice: 'Always' }] },
    };
    const r = await call(server, 'POST', '/api/v1/namespaces/default/pods?fieldValidation=Strict', {
      body: JSON.stringify(pod),
    });
    expect(r.status).toBe(400);
    const status = JSON.parse(r.text) as k8s.V1Status;
    expect(status).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(status.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolice"',
    );
    // Nothing was created.
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const err = (await core
      .readNamespacedPod({ name: 'typo', namespace: 'default' })
      .catch((e: unknown) => e)) as k8s.ApiException<string>;
    expect(err.code).toBe(404);
  });

  it('a watch from a compacted resourceVersion gets 410 Expired', async () => {
    // The watch cache keeps 200 events here: the cluster's heartbeats pass that in seconds.
    await until('the watch cache to move past revision 2', async () => {
      const { text } = await call(
        server,
        'GET',
        '/api/v1/namespaces/default/pods?watch=1&resourceVersion=2&timeoutSeconds=1',
      );
      return text.includes('"ERROR"') ? text : undefined;
    }).then((text) => {
      const ev = JSON.parse(text.trim().split('\n')[0]) as { type: string; object: k8s.V1Status };
      expect(ev.type).toBe('ERROR');
      expect(ev.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
      expect(ev.object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
    });
  }, 40_000);
});
