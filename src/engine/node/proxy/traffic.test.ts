import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../api/types';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync, storedObjects } from '../../scenario/runner';
import type { KubeProxy } from './kubeProxy';
import { sendRequests, type TrafficReport } from './traffic';

/** Three nginx pods, one per worker, and a NodePort Service whose EndpointSlice lists them. */
function setup(readyPods = 3): Cluster {
  const cluster = new Cluster({
    kubeSystem: false,
    workers: 3,
    cpu: '4',
    memory: '8Gi',
    seed: 5,
  }).start();
  const pods = [1, 2, 3]
    .map(
      (i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: web-${i}, labels: {app: web}}\nspec:\n  nodeName: worker-${i}\n  containers:\n  - {name: nginx, image: 'nginx:1.27'}\n`,
    )
    .join('---\n');
  // A Service without a selector with a hand-written EndpointSlice, so the test needs no controller.
  applySync(
    cluster,
    `${pods}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80, targetPort: 80}]\n`,
    'web.yaml',
  );
  cluster.clock.advance(30_000);
  const ips = (storedObjects(cluster).filter((o) => o.kind === 'Pod') as Pod[]).map((p) => [
    p.metadata!.name!,
    p.status!.podIP!,
  ]);
  const endpoints = ips
    .map(
      ([name, ip], i) =>
        `- addresses: ["${ip}"]\n  conditions: {ready: ${i < readyPods}}\n  targetRef: {kind: Pod, namespace: default, name: ${name}}`,
    )
    .join('\n');
  applySlice(cluster, endpoints);
  return cluster;
}

/** The Service's EndpointSlice with these endpoints (YAML list items), three seconds on. */
function applySlice(cluster: Cluster, endpoints: string): void {
  applySync(
    cluster,
    `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-x1\n  labels: {kubernetes.io/service-name: web}\naddressType: IPv4\nports: [{name: "", port: 80, protocol: TCP}]\nendpoints:\n${endpoints}\n`,
    'slice.yaml',
  );
  cluster.clock.advance(3_000);
}

/**
 * The Service with externalTrafficPolicy Local, and its slice listing the pods `listed` keeps,
 * each endpoint with its node's name.
 */
function localPolicy(cluster: Cluster, listed: (p: Pod) => boolean): void {
  applySync(
    cluster,
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{port: 80, targetPort: 80}]\n`,
    'web.yaml',
  );
  const endpoints = (storedObjects(cluster).filter((o) => o.kind === 'Pod') as Pod[])
    .filter(listed)
    .map(
      (p) =>
        `- addresses: ["${p.status!.podIP}"]\n  nodeName: ${p.spec!.nodeName}\n  conditions: {ready: true}\n  targetRef: {kind: Pod, namespace: default, name: ${p.metadata!.name}}`,
    )
    .join('\n');
  applySlice(cluster, endpoints);
}

function send(cluster: Cluster, opts: Parameters<typeof sendRequests>[1]): TrafficReport {
  let report: TrafficReport | undefined;
  sendRequests(cluster, opts, (r) => (report = r));
  cluster.clock.runUntilCondition(() => report !== undefined, 600_000);
  return report!;
}

describe('traffic through kube-proxy rules', () => {
  it('spreads 3000 requests from outside across three pods within ±10 %', () => {
    const cluster = setup();
    const r = send(cluster, { service: 'default/web', count: 3000, from: 'outside' });
    expect(r.errors).toBe(0);
    expect(Object.keys(r.perPod).sort()).toEqual([
      'default/web-1',
      'default/web-2',
      'default/web-3',
    ]);
    for (const n of Object.values(r.perPod)) expect(Math.abs(n - 1000)).toBeLessThanOrEqual(100);
    expect(r.results[0].body).toContain('<title>Welcome to nginx!</title>');
  });

  it('nodes with the same rules hold one rule table; a node whose rules differ holds its own', () => {
    const cluster = setup();
    const proxyOf = (node: string) =>
      cluster.components().find((c) => c.id === `kube-proxy@${node}`) as KubeProxy;
    // Cluster policy: every node's rules are the same (scale: one table for 5,000 nodes).
    expect(proxyOf('worker-2').ruleTable()).toBe(proxyOf('worker-1').ruleTable());
    expect(proxyOf('worker-3').rules()).toEqual(proxyOf('worker-1').rules());
    // Local policy, the slice naming each endpoint's node: each node jumps to its own pod only,
    // so its rules are its own.
    localPolicy(cluster, () => true);
    const tables = ['worker-1', 'worker-2', 'worker-3'].map((n) => proxyOf(n).ruleTable());
    expect(new Set(tables).size).toBe(3);
    expect(new Set(tables.map((t) => t.map((r) => r.text).join('\n'))).size).toBe(3);
  });

  it('keeps each client on one pod with sessionAffinity ClientIP, through recent-match rules', () => {
    const cluster = setup();
    applySync(
      cluster,
      `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  sessionAffinity: ClientIP\n  ports: [{port: 80, targetPort: 80}]\n`,
      'web.yaml',
    );
    cluster.clock.advance(3_000);
    const svc = storedObjects(cluster).find(
      (o) => o.kind === 'Service' && o.metadata?.name === 'web',
    ) as Service | undefined;
    // SetDefaults_Service: three hours.
    expect(svc?.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds).toBe(10800);
    const proxy = cluster.components().find((c) => c.id === 'kube-proxy@worker-1') as KubeProxy;
    const rules = proxy.ruleTable().map((r) => r.text);
    expect(
      rules.some((t) =>
        / -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-\w+ --mask 255\.255\.255\.255 --rsource -j KUBE-SEP-/.test(
          t,
        ),
      ),
    ).toBe(true);
    expect(
      rules.some((t) =>
        / -m recent --set --name KUBE-SEP-\w+ --mask 255\.255\.255\.255 --rsource -m tcp -j DNAT /.test(
          t,
        ),
      ),
    ).toBe(true);
    // From a pod, every request of the same client goes to the same endpoint.
    const r = send(cluster, { service: 'default/web', count: 100, from: 'pod:default/web-1' });
    expect(r.errors).toBe(0);
    expect(Object.values(r.perPod)).toEqual([100]);
  });

  it('externalTrafficPolicy Local: only a node’s own pods; a node with none drops the packet', () => {
    const cluster = setup();
    // The slice names each endpoint's node; worker-3's pod is left out.
    localPolicy(cluster, (p) => p.spec!.nodeName !== 'worker-3');
    const rulesOf = (node: string) =>
      (cluster.components().find((c) => c.id === `kube-proxy@${node}`) as KubeProxy)
        .ruleTable()
        .map((r) => r.text);
    expect(
      rulesOf('worker-3').some((t) =>
        /^-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default\/web has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport \d+ -j DROP$/.test(
          t,
        ),
      ),
    ).toBe(true);
    const w1 = rulesOf('worker-1');
    expect(w1.some((t) => /^-A KUBE-EXT-\w+ -j KUBE-SVL-\w+$/.test(t))).toBe(true);
    expect(w1.filter((t) => t.startsWith('-A KUBE-SVL-'))).toHaveLength(1);

    const r = send(cluster, { service: 'default/web', count: 300, from: 'outside' });
    expect(Object.keys(r.perPod).sort()).toEqual(['default/web-1', 'default/web-2']);
    // About a third of the clients picked worker-3: their packets are dropped.
    expect(r.errors).toBeGreaterThan(60);
    expect(r.results.find((x) => x.error)?.error).toMatch(/Timeout was reached$/);
  });

  it('sends nothing to a pod whose endpoint is not ready', () => {
    const cluster = setup(2);
    const r = send(cluster, { service: 'default/web', count: 300, from: 'outside' });
    expect(r.perPod['default/web-3']).toBeUndefined();
    expect((r.perPod['default/web-1'] ?? 0) + (r.perPod['default/web-2'] ?? 0)).toBe(300);
  });

  it('refuses the connection when the Service has no endpoints, as curl reports it', () => {
    const cluster = setup(0);
    const svc = storedObjects(cluster).find(
      (o) => o.kind === 'Service' && o.metadata?.name === 'web',
    ) as { spec: { clusterIP: string } };
    const r = send(cluster, { service: 'default/web', count: 1, from: 'pod:default/web-1' });
    expect(r.results[0].error).toBe(
      `curl: (7) Failed to connect to ${svc.spec.clusterIP} port 80 after 1 ms: Couldn't connect to server`,
    );
  });

  it('traces each hop: client → kube-proxy → pod → client', () => {
    const cluster = setup();
    const hops: string[] = [];
    cluster.onTrace((e) => {
      if (e.resource === 'iptables' || e.resource === 'http')
        hops.push(`${e.kind} ${e.from} → ${e.to}`);
    });
    send(cluster, { service: 'default/web', count: 1, from: 'pod:default/web-1' });
    expect(hops[0]).toBe('request pod:default/web-1 → kube-proxy@worker-1');
    expect(hops[1]).toMatch(/^request kube-proxy@worker-1 → pod:default\/web-\d$/);
    expect(hops[2]).toMatch(/^response pod:default\/web-\d → pod:default\/web-1$/);
  });

  it('serves a pod’s own wget through Service DNS and the node’s rules', () => {
    const cluster = setup();
    applySync(
      cluster,
      `apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ['sh', '-c', 'wget -qO- http://web | head -n 4; sleep 3600']\n`,
      'client.yaml',
    );
    cluster.clock.advance(10_000);
    expect(kubectlSync(cluster, 'logs client').stdout).toContain(
      '<title>Welcome to nginx!</title>',
    );
    const proxy = cluster.nodes[1].proxy;
    expect(
      proxy
        .rules()
        .some((l) => l.startsWith('-A KUBE-SVC-') && l.includes('--probability 0.33333333349')),
    ).toBe(true);
  });
});
