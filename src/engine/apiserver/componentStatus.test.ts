import { describe, it, expect } from 'vitest';
import { componentStatuses } from './componentStatus';

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
