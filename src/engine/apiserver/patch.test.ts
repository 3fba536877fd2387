/** The strategic merge directives kubectl's three-way patch sends, as the API server applies them. */
import { describe, expect, it } from 'vitest';
import { strategicMergePatch, withoutDirectives } from './patch';

const live = {
  spec: {
    containers: [
      { name: 'a', image: 'x', env: [{ name: 'A' }, { name: 'B' }] },
      { name: 'b', image: 'y' },
    ],
  },
};

describe('strategicMergePatch directives', () => {
  it('$setElementOrder orders the merged list; $patch: delete removes a keyed item', () => {
    const out = strategicMergePatch(live, {
      spec: {
        '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
        containers: [
          {
            name: 'a',
            '$setElementOrder/env': [{ name: 'A' }],
            env: [{ $patch: 'delete', name: 'B' }],
          },
        ],
      },
    });
    expect(out).toEqual({
      spec: {
        containers: [
          { name: 'b', image: 'y' },
          { name: 'a', image: 'x', env: [{ name: 'A' }] },
        ],
      },
    });
  });

  it('$patch: replace replaces a map, $retainKeys keeps only the keys it names', () => {
    expect(strategicMergePatch({ m: { a: 1, b: 2 } }, { m: { $patch: 'replace', c: 3 } })).toEqual({
      m: { c: 3 },
    });
    expect(
      strategicMergePatch(
        { s: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
        {
          s: { $retainKeys: ['type'], type: 'Recreate' },
        },
      ),
    ).toEqual({ s: { type: 'Recreate' } });
  });

  it('withoutDirectives leaves only fields (what strict validation looks at)', () => {
    expect(
      withoutDirectives({
        spec: { '$setElementOrder/containers': [], containers: [{ $patch: 'delete', name: 'a' }] },
      }),
    ).toEqual({ spec: { containers: [{ name: 'a' }] } });
  });
});
