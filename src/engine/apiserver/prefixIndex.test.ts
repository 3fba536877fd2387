import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { PrefixIndex } from './prefixIndex';

const ns = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

describe('PrefixIndex', () => {
  it('keeps the objects under its prefixes as they are stored and deleted', () => {
    const index = new PrefixIndex(['/registry/namespaces/', '/registry/priorityclasses/']);
    const a = ns('a');
    index.observe('/registry/namespaces/a', a);
    index.observe('/registry/namespaces/b', ns('b'));
    index.observe('/registry/pods/default/p', ns('p'));
    expect(index.get('/registry/namespaces/', '/registry/namespaces/a')).toBe(a);
    const a2 = ns('a');
    index.observe('/registry/namespaces/a', a2);
    index.observe('/registry/namespaces/b', undefined);
    expect(index.get('/registry/namespaces/', '/registry/namespaces/a')).toBe(a2);
    expect(index.get('/registry/namespaces/', '/registry/namespaces/b')).toBeUndefined();
    expect(index.list('/registry/namespaces/')).toEqual([a2]);
    expect(index.list('/registry/priorityclasses/')).toEqual([]);
    expect(() => index.get('/registry/pods/', '/registry/pods/default/p')).toThrow('not indexed');
  });
});
