import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { deferObject, encodeObject, renderStored, withFacts } from './encoder';
import { deepFreeze } from './patch';

const pod = (): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
  }) as KubeObject;

describe('encodeObject', () => {
  it('gives exactly JSON.stringify, for exact and inexact objects', () => {
    const cases: unknown[] = [
      pod(),
      { ...pod(), extra: undefined, fn: () => 1, n: -0, inf: Infinity },
      { ...pod(), when: new Date(0), nested: { a: [undefined, 1, 'x\u2028"'] } },
      { metadata: { name: 'only' } },
      { kind: 'NoMetadata' },
      { metadata: { name: 'a' }, __proto__x: 1, '1': 'numeric key first', b: null },
    ];
    for (const c of cases) expect(encodeObject(c as KubeObject).value).toBe(JSON.stringify(c));
  });

  it('is exact only when JSON gives the object back, and then freezes all but the metadata', () => {
    const p = pod();
    expect(encodeObject(p).exact).toBe(true);
    expect(Object.isFrozen(p.spec)).toBe(true);
    expect(Object.isFrozen(p.metadata!.labels)).toBe(true);
    expect(Object.isFrozen(p.metadata)).toBe(false);
    const inexact = { ...pod(), spec: { containers: [], hostNetwork: undefined } } as KubeObject;
    expect(encodeObject(inexact).exact).toBe(false);
    expect(Object.isFrozen(inexact.spec)).toBe(false);
  });

  it('gives the same text when a field is shared with the revision encoded before', () => {
    const first = pod();
    encodeObject(first);
    // A status write: the same frozen spec, a new status.
    const next = { ...first, metadata: { ...first.metadata }, status: { phase: 'Running' } };
    const { value, exact } = encodeObject(next as KubeObject);
    expect(exact).toBe(true);
    expect(value).toBe(JSON.stringify(next));
    expect(JSON.parse(value)).toEqual(next);
  });

  it('gives the same text for fields reused over many revisions, whichever field changes', () => {
    let obj = pod() as KubeObject & { spec: unknown; status: unknown };
    expect(encodeObject(obj).value).toBe(JSON.stringify(obj));
    for (let i = 0; i < 6; i++) {
      // Alternately a status write (the spec kept) and a spec write (the status kept).
      obj =
        i % 2
          ? { ...obj, metadata: { ...obj.metadata }, spec: { containers: [], n: i } }
          : { ...obj, metadata: { ...obj.metadata }, status: { phase: `P${i}` } };
      expect(encodeObject(obj).value).toBe(JSON.stringify(obj));
    }
  });
});

describe('deferObject and renderStored', () => {
  it('check and freeze as encodeObject does, and render the same text later', () => {
    const p = pod();
    const expected = JSON.stringify(p);
    const bound = deferObject(p);
    expect(bound).toBeGreaterThanOrEqual(expected.length);
    expect(Object.isFrozen(p.spec)).toBe(true);
    expect(Object.isFrozen(p.metadata)).toBe(false);
    // The API server gives the decoded object its resourceVersion; the stored bytes lack it.
    p.metadata!.resourceVersion = '7';
    expect(renderStored(p)).toBe(expected);
    // A status write over the same frozen spec: its bound reuses the spec's.
    const next = { ...p, metadata: { name: 'web' }, status: { phase: 'Running' } } as KubeObject;
    expect(deferObject(next)).toBeGreaterThanOrEqual(JSON.stringify(next).length);
    expect(renderStored(next)).toBe(JSON.stringify(next));
  });

  it('refuse what JSON would not give back, freezing nothing', () => {
    for (const odd of [undefined, -0, Infinity, new Date(0), () => 1]) {
      const p = { ...pod(), spec: { containers: [], odd } } as KubeObject;
      expect(deferObject(p)).toBeUndefined();
      expect(Object.isFrozen(p.spec)).toBe(false);
    }
  });
});

describe('deferObject with shared frozen parts (withFacts)', () => {
  it('adds up the same bound for a shared part as for a copy of it, walking it once', () => {
    const part = () => ({ limits: { cpu: '1', memory: '64Mi' }, list: [1, true, null, 'x'] });
    const shared = deepFreeze(withFacts(part()));
    const withCopy = { ...pod(), spec: { resources: part() } } as KubeObject;
    const expected = deferObject(withCopy);
    expect(expected).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++)
      expect(deferObject({ ...pod(), spec: { resources: shared } } as KubeObject)).toBe(expected);
  });

  it('still refuses a shared part that JSON would not give back', () => {
    const odd = deepFreeze(withFacts({ n: -0 }));
    for (let i = 0; i < 2; i++)
      expect(deferObject({ ...pod(), spec: { resources: odd } } as KubeObject)).toBeUndefined();
  });
});

describe('what deferObject keeps on a stored field', () => {
  const containers = Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, image: 'nginx:1.27' }));
  const big = () =>
    ({
      ...pod(),
      spec: { containers: containers.map((c) => ({ ...c })) },
      status: { phase: 'Running', containerStatuses: containers.map((c) => ({ ...c })) },
    }) as KubeObject & { spec: object; status: object };

  it("keeps a large spec's bound on it as a number, and nothing on the status (the next write replaces it)", () => {
    const p = big();
    const bound = deferObject(p);
    const symbols = Object.getOwnPropertySymbols(p.spec);
    expect(symbols).toHaveLength(1);
    expect(typeof (p.spec as Record<symbol, unknown>)[symbols[0]]).toBe('number');
    expect(Object.getOwnPropertySymbols(p.status)).toEqual([]);
    // Invisible to JSON and to the keys.
    expect(Object.keys(p.spec)).toEqual(['containers']);
    expect(JSON.stringify({ ...p.spec })).toBe(JSON.stringify(big().spec));
    // A status write keeps the spec: the same bound as for a copy of it, and the same text.
    const next = { ...p, metadata: { name: 'web' }, status: { phase: 'Failed' } } as KubeObject;
    const copy = { ...next, spec: big().spec } as KubeObject;
    expect(deferObject(next)).toBe(deferObject(copy));
    expect(deferObject(next)! - bound!).toBeLessThan(0);
    expect(renderStored(next)).toBe(JSON.stringify(next));
    expect(encodeObject(next).value).toBe(JSON.stringify(next));
  });
});
