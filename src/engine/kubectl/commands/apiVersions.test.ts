import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { kubectlSync } from '../../scenario/actions';

describe('kubectl api-versions', () => {
  it('prints each served group/version once, sorted as Go sorts strings (v1 last)', () => {
    const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 1 }).start();
    const lines = kubectlSync(c, 'api-versions').stdout.trimEnd().split('\n');
    expect(lines).toEqual([...lines].sort());
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.at(-1)).toBe('v1');
    for (const gv of [
      'apps/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1',
    ])
      expect(lines).toContain(gv);
    // Every group/version api-resources lists is here.
    const resources = kubectlSync(c, 'api-resources --no-headers').stdout.trim().split('\n');
    for (const row of resources) expect(lines).toContain(row.trim().split(/\s+/).at(-3));
  });
});
