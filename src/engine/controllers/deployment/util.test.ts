import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../../api/types';
import { equalIgnoreHash } from './util';

const HASH = 'pod-template-hash';

function template(labels?: Record<string, string>, image = 'nginx:1.27'): PodTemplateSpec {
  return {
    metadata: labels ? { labels } : {},
    spec: { containers: [{ name: 'web', image }] },
  };
}

/** Deep-frozen, as templates held by an informer are. */
function frozen<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
}

describe('equalIgnoreHash (k/k: EqualIgnoreHash)', () => {
  it('ignores only the pod-template-hash label, and labels it leaves empty', () => {
    expect(equalIgnoreHash(template({ app: 'web', [HASH]: 'abc' }), template({ app: 'web' }))).toBe(
      true,
    );
    expect(equalIgnoreHash(template({ [HASH]: 'abc' }), template())).toBe(true);
    expect(equalIgnoreHash(template({}), template())).toBe(true);
    expect(equalIgnoreHash(template({ app: 'web', [HASH]: 'abc' }), template({ app: 'api' }))).toBe(
      false,
    );
    expect(equalIgnoreHash(template({ app: 'web' }), template({ app: 'web' }, 'nginx:1.28'))).toBe(
      false,
    );
  });

  it('leaves both templates untouched, frozen or not', () => {
    const rs = frozen(template({ app: 'web', [HASH]: 'abc' }));
    const d = template({ app: 'web' });
    expect(equalIgnoreHash(rs, d)).toBe(true);
    expect(rs.metadata?.labels).toEqual({ app: 'web', [HASH]: 'abc' });
    d.spec!.containers[0].image = 'nginx:1.28';
    // The frozen template's key is kept; the changed one is computed again.
    expect(equalIgnoreHash(rs, d)).toBe(false);
    expect(equalIgnoreHash(rs, template({ app: 'web' }))).toBe(true);
  });
});
