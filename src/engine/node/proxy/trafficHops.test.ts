import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { TraceEvent } from '../../sim/trace';
import { clusterEnv, runKubectl } from '../../kubectl/run';
import { captionFor } from '../../../protocol/caption';
import { sendRequests, type TrafficReport } from './traffic';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
spec:
  rules:
  - host: hello-world.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
`;
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`;

function kubectl(cluster: Cluster, line: string, files: Record<string, string> = {}): void {
  let done = false;
  const env = clusterEnv(cluster, { write: () => {}, readFile: (n) => files[n] });
  runKubectl(env, line, () => (done = true));
  cluster.clock.runUntilCondition(() => done, 600_000);
}

function send(cluster: Cluster, trace: TraceEvent[]): TrafficReport {
  trace.length = 0;
  let report: TrafficReport | undefined;
  sendRequests(
    cluster,
    {
      service: 'ingress-nginx/ingress-nginx-controller',
      count: 4,
      from: 'outside',
      host: 'hello-world.example',
    },
    (r) => (report = r),
  );
  cluster.clock.runUntilCondition(() => report !== undefined, 60_000);
  return report!;
}

describe('Send requests through ingress-nginx, and past a NetworkPolicy', () => {
  it('the controller pod forwards each request to a web pod; a default-deny drops it at the pod', () => {
    const cluster = new Cluster({
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 3,
      kubeSystem: true,
    }).start();
    const trace: TraceEvent[] = [];
    cluster.net.onTrace((e) => trace.push(e));
    kubectl(
      cluster,
      'apply -f https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml',
    );
    kubectl(
      cluster,
      'create deployment web --image=gcr.io/google-samples/hello-app:1.0 --replicas=2',
    );
    kubectl(cluster, 'expose deployment web --port=8080');
    kubectl(cluster, 'apply -f ing.yaml', { 'ing.yaml': INGRESS });
    cluster.clock.advance(60_000);

    const ok = send(cluster, trace);
    expect(ok.errors).toBe(0);
    expect(Object.keys(ok.perPod).every((p) => p.startsWith('default/web-'))).toBe(true);
    // Round robin across both pods, each hop traced from the controller's pod.
    expect(Object.values(ok.perPod)).toEqual([2, 2]);
    const hops = trace.filter(
      (e) => e.from.startsWith('pod:ingress-nginx/') && e.kind === 'request',
    );
    expect(hops).toHaveLength(4);
    expect(hops[0].summary).toMatch(/^GET \/ → web-\S+ \(ingress rule hello-world\.example\/\)$/);

    kubectl(cluster, 'apply -f deny.yaml', { 'deny.yaml': DENY });
    cluster.clock.advance(2_000);
    const denied = send(cluster, trace);
    // The controller's upstream connection is dropped: nginx answers 504 after its timeout.
    expect(denied.results.every((r) => r.status === 504)).toBe(true);
    const drops = trace.filter((e) => e.verb === 'DROP');
    expect(drops).toHaveLength(4);
    expect(drops[0].to).toMatch(/^pod:default\/web-/);
    expect(drops[0].summary).toContain(
      'denied ingress by NetworkPolicy default/default-deny-ingress',
    );
    expect(captionFor(drops[0]).text).toContain('dropped at the destination node');
  });
});
