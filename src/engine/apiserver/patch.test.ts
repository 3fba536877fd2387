/** The strategic merge directives kubectl's three-way patch sends, as the API server applies them. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { isJsonExact, strategicMergePatch, unchangedWrite, withoutDirectives } from './patch';

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

describe('isJsonExact', () => {
  // The API server hands out the object it encoded instead of parsing its JSON back only when
  // the two are the same tree: anything JSON drops or changes must send it to JSON.parse.
  it('accepts what JSON.parse gives and refuses what a JSON round trip would change', () => {
    const pod = {
      metadata: { name: 'a', labels: { app: 'x' } },
      spec: { n: [1, 'b', null, true] },
    };
    expect(isJsonExact(pod)).toBe(true);
    expect(isJsonExact(JSON.parse(JSON.stringify(pod)))).toBe(true);
    for (const odd of [
      { a: undefined },
      { a: [undefined] },
      { a: -0 },
      { a: NaN },
      { a: new Date(0) },
      { a: () => 1 },
      // eslint-disable-next-line no-sparse-arrays
      { a: [1, , 2] },
    ])
      expect(isJsonExact({ ok: 1, nested: odd })).toBe(false);
  });
});

describe('unchangedWrite', () => {
  const obj = (meta: Record<string, unknown>, status: unknown = { phase: 'Running' }) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: meta, status }) as KubeObject;

  it('ignores only the resourceVersion and managedFields', () => {
    const live = obj({ name: 'a', resourceVersion: '5', managedFields: [{ manager: 'x' }] });
    expect(unchangedWrite(obj({ name: 'a' }), live)).toBe(true);
    expect(unchangedWrite(obj({ name: 'a', labels: {} }), live)).toBe(false);
    expect(unchangedWrite(obj({ name: 'a' }, { phase: 'Pending' }), live)).toBe(false);
    // A key set to undefined is still a key, as jsonEqual counts it.
    expect(unchangedWrite(obj({ name: 'a', uid: undefined }), live)).toBe(false);
    expect(unchangedWrite({ ...obj({ name: 'a' }), spec: undefined } as KubeObject, live)).toBe(
      false,
    );
  });
});
