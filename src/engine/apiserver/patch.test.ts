/** The strategic merge directives kubectl's three-way patch sends, as the API server applies them. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import {
  clone,
  deepFreeze,
  isJsonExact,
  mergePatch,
  patchBase,
  strategicMergePatch,
  unchangedWrite,
  withoutDirectives,
} from './patch';

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

describe('clone and the copies patches make', () => {
  // Copies are made by a constructor per shape (so that V8 keeps their properties in the
  // object): they must still be plain objects, the same as JSON would give, key for key.
  const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
  const plainEverywhere = (v: unknown): boolean =>
    typeof v !== 'object' || v === null
      ? true
      : Array.isArray(v)
        ? v.every(plainEverywhere)
        : Object.getPrototypeOf(v) === Object.prototype &&
          (v as object).constructor === Object &&
          Object.values(v).every(plainEverywhere);

  it('gives what JSON.parse(JSON.stringify(v)) gives: the same keys in the same order, plain objects', () => {
    const odd = JSON.parse('{"__proto__":{"x":1},"a":1}') as object;
    const cases: unknown[] = [
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'e', namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'p', uid: 'u', apiVersion: 'v1', fieldPath: 'x' },
        count: 1,
        eventTime: null,
        source: { component: 'kubelet', host: 'n1' },
      },
      { z: 1, '2': 'index keys first', a: { b: [1, undefined, () => 1, { c: -0 }] } },
      { n: NaN, inf: -Infinity, zero: -0, when: new Date(0), u: undefined, s: Symbol('s') },
      { empty: {}, list: [], nested: [[{}]] },
      odd,
    ];
    for (let round = 0; round < 12; round++)
      for (const c of cases) {
        const copy = clone(c);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(c));
        expect(copy).toStrictEqual(roundTrip(c));
        expect(plainEverywhere(copy)).toBe(true);
      }
    const copy = clone(odd) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('gives objects that can take more keys, be frozen, spread and cloned like any other', () => {
    const copies = Array.from({ length: 20 }, (_, i) =>
      clone({ generateName: 'web-', namespace: 'default', labels: { app: `a${i}` } }),
    ) as Record<string, unknown>[];
    for (const [i, m] of copies.entries()) {
      m.name = `web-${i}`;
      m.uid = `u${i}`;
      if (i % 2) delete m.uid;
      expect(Object.keys(m)).toEqual(
        ['generateName', 'namespace', 'labels', 'name', 'uid'].slice(0, i % 2 ? 4 : 5),
      );
      expect(structuredClone(deepFreeze(m))).toEqual({ ...m });
      expect(Object.isFrozen(m.labels)).toBe(true);
    }
  });

  it('stays right past the shapes it keeps constructors for', () => {
    for (let i = 0; i < 2500; i++) {
      const v = { [`k${i}`]: i, [`l${i}`]: { x: i } };
      expect(clone(v)).toStrictEqual(roundTrip(v));
    }
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(clone(wide))).toEqual(Object.keys(wide));
  });

  it("patches keep the target's keys in order, then the new ones, in plain objects", () => {
    const live = deepFreeze({
      metadata: { name: 'p', resourceVersion: '3' },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
    const base = patchBase(live);
    expect(base).toStrictEqual(roundTrip(live));
    expect(base.status).toBe(live.status);
    expect(base.metadata).not.toBe(live.metadata);
    const merged = mergePatch(base, { status: { hostIP: '10.0.0.1', phase: 'Running' } });
    expect(JSON.stringify(merged)).toBe(
      '{"metadata":{"name":"p","resourceVersion":"3"},"status":{"phase":"Running","qosClass":"BestEffort","hostIP":"10.0.0.1"}}',
    );
    const strategic = strategicMergePatch(live, { status: { qosClass: null, podIP: 'x' } });
    expect(JSON.stringify(strategic)).toBe(
      '{"metadata":{"name":"p","resourceVersion":"3"},"status":{"phase":"Pending","podIP":"x"}}',
    );
    expect(plainEverywhere(merged) && plainEverywhere(strategic)).toBe(true);
  });
});
