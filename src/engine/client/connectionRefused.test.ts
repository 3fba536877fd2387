/**
 * kube-apiserver stopped: clients are refused at once, as a dial to a closed port is, instead of
 * waiting for an answer that never comes. A component started meanwhile keeps retrying its lists
 * (with a reflector's back-off) and syncs when the API server is back.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { applyFault } from '../scenario/faults';
import { applySync, kubectlSync, storedObjects } from '../scenario/runner';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: 'nginx:1.27'}]}
`;

describe('a stopped API server', () => {
  it('refuses kubectl with the text kubectl prints for a dial error', () => {
    const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 42 }).start();
    c.clock.advance(3_000);
    applyFault(c, { stop: 'kube-apiserver' });
    const r = kubectlSync(c, 'get pods');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'The connection to the server 10.0.0.10:6443 was refused - did you specify the right host or port?\n',
    );
  });

  it('does not leave a scheduler and a kubelet started during the outage without informers', () => {
    const c = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 42 }).start();
    c.clock.advance(5_000);
    applyFault(c, { stop: 'kube-apiserver' });
    applyFault(c, { stop: 'kubelet', node: 'worker-1' });
    applyFault(c, { stop: 'kube-scheduler' });
    c.clock.advance(5_000);
    applyFault(c, { start: 'kubelet', node: 'worker-1' });
    applyFault(c, { start: 'kube-scheduler' });
    c.clock.advance(5_000);
    applyFault(c, { start: 'kube-apiserver' });
    // The reflectors' back-off has grown to a few seconds by now: they list again within it.
    c.clock.advance(30_000);
    applySync(c, deployment, 'web.yaml');
    c.clock.advance(60_000);
    const pods = storedObjects(c).filter((o) => o.kind === 'Pod') as Pod[];
    const web = pods.filter((p) => p.metadata?.name?.startsWith('web-'));
    expect(web.map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running', 'Running']);
    expect(web.filter((p) => p.spec?.nodeName === 'worker-1').length).toBeGreaterThan(0);
  });
});
