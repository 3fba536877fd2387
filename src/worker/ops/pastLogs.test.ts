import { describe, expect, it } from 'vitest';
import type { Pod } from '../../engine/api/types';
import { Cluster } from '../../engine/cluster';
import { applySync, kubectlSync, storedObjects } from '../../engine/scenario/runner';
import { pastLogs } from './pastLogs';

const pod = (c: Cluster) =>
  storedObjects(c).find((o) => o.kind === 'Pod' && o.metadata?.name === 'talk') as Pod | undefined;

describe('a pod’s logs at a past moment (pastLogs)', () => {
  const c = new Cluster({
    kubeSystem: false,
    workers: 1,
    cpu: '4',
    memory: '8Gi',
    seed: 7,
  }).start();
  const before = c.clock.now;
  applySync(
    c,
    `apiVersion: v1\nkind: Pod\nmetadata: {name: talk}\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo one; sleep 30; echo two; sleep 3600']\n`,
    'p.yaml',
  );
  let started: number | undefined;
  while (c.clock.now < before + 120_000) {
    c.clock.advance(250);
    if (started === undefined && pod(c)?.status?.containerStatuses?.[0]?.state?.running)
      started = c.clock.now;
  }
  const uid = pod(c)!.metadata!.uid!;

  it('shows only the lines written by then', () => {
    expect(started).toBeDefined();
    expect(pastLogs(c, uid, undefined, started! + 1_000)).toEqual({ ok: true, output: 'one\n' });
    expect(pastLogs(c, uid, 'app', c.clock.now)).toEqual({ ok: true, output: 'one\ntwo\n' });
  });

  it('matches kubectl logs at the live edge', () => {
    expect(pastLogs(c, uid, undefined, c.clock.now).output).toBe(
      kubectlSync(c, 'logs talk').stdout,
    );
  });

  it('shows nothing before the container started', () => {
    expect(pastLogs(c, uid, undefined, before)).toEqual({ ok: true, output: '' });
    expect(pastLogs(c, 'no-such-uid', undefined, c.clock.now)).toEqual({ ok: true, output: '' });
  });
});
