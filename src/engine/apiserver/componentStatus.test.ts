import { describe, it, expect } from 'vitest';
import { Cluster } from '../cluster';
import { applyFault } from '../scenario/faults';
import { kubectlSync } from '../scenario/runner';
import { componentStatuses, type ComponentStatus } from './componentStatus';

describe('componentStatuses', () => {
  it('reports every component healthy with ok', () => {
    const out = componentStatuses({
      scheduler: { running: true },
      controllerManager: { running: true },
      net: { down: new Set() },
    });
    expect(
      out.map((s) => [s.metadata!.name, s.conditions![0].status, s.conditions![0].message]),
    ).toEqual([
      ['controller-manager', 'True', 'ok'],
      ['scheduler', 'True', 'ok'],
      ['etcd-0', 'True', 'ok'],
    ]);
  });

  it('gives the prober error of a stopped component', () => {
    const out = componentStatuses({
      scheduler: { running: false },
      controllerManager: { running: true },
      net: { down: new Set(['etcd']) },
    });
    // A refused connection is a probe failure whose output is the error: False, text in MESSAGE.
    expect(out[1].conditions![0]).toEqual({
      type: 'Healthy',
      status: 'False',
      message:
        'Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused',
    });
    expect(out[0].conditions![0]).toMatchObject({ status: 'True', message: 'ok' });
    expect(out[2].conditions![0]).toMatchObject({
      status: 'False',
      error: 'error getting data from etcd: context deadline exceeded',
    });
  });
});

describe('GET /api/v1/componentstatuses', () => {
  it('is served by the API server from what is running, as a list and by name', () => {
    const cluster = new Cluster({ workers: 1, cpu: '2', memory: '4Gi', seed: 1 }).start();
    applyFault(cluster, { stop: 'kube-scheduler' });
    const list = cluster.requestSync({ verb: 'list', resource: 'componentstatuses' });
    expect(list.code).toBe(200);
    const items = (list.body as { items: ComponentStatus[] }).items;
    expect(items.map((i) => [i.metadata!.name, i.conditions![0].status])).toEqual([
      ['controller-manager', 'True'],
      ['scheduler', 'False'],
      ['etcd-0', 'True'],
    ]);
    const one = cluster.requestSync({ verb: 'get', resource: 'componentstatuses', name: 'etcd-0' });
    expect((one.body as ComponentStatus).conditions![0].message).toBe('ok');
    const missing = cluster.requestSync({ verb: 'get', resource: 'componentstatuses', name: 'x' });
    expect(missing.code).toBe(404);
    // The API server's deprecation warning comes with every answer, a 404 too.
    expect(kubectlSync(cluster, 'get cs x').stderr).toBe(
      'Warning: v1 ComponentStatus is deprecated in v1.19+\n' +
        'Error from server (NotFound): componentstatuses "x" not found\n',
    );
  });
});
