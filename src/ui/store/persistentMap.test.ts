import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashKey, PersistentMap } from './persistentMap';

/** Keys whose 32-bit hashes are equal, found by search: they exercise the collision nodes. */
function collidingKeys(pairs: number): string[] {
  const seen = new Map<number, string>();
  const out: string[] = [];
  for (let i = 0; out.length < pairs * 2; i++) {
    const key = `/registry/pods/default/web-${i}`;
    const h = hashKey(key);
    const other = seen.get(h);
    if (other !== undefined) out.push(other, key);
    else seen.set(h, key);
  }
  return out;
}

const COLLIDING = collidingKeys(3);
const OTHERS = Array.from({ length: 300 }, (_, i) => `/registry/events/default/e${i}`);
const POOL = [...COLLIDING, ...OTHERS];

type Op =
  | { op: 'set'; key: string; value: number }
  | { op: 'delete'; key: string }
  | { op: 'batch'; changes: { key: string; value: number | null }[] };

// Half the keys picked collide, so pairs of them are often both present.
const key = fc.oneof(fc.constantFrom(...COLLIDING), fc.constantFrom(...OTHERS));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key, value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({
    op: fc.constant('batch' as const),
    changes: fc.array(
      fc.record({ key, value: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }) }),
      { maxLength: 60 },
    ),
  }),
);

const sorted = (entries: Iterable<[string, number]>) =>
  [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1));

function mapOf<V>(entries: (readonly [string, V])[]): PersistentMap<V> {
  const editor = PersistentMap.empty<V>().edit();
  for (const [k, v] of entries) editor.set(k, v);
  return editor.done();
}

/** Everything a reader can ask of the map, against the model (one comparison: fast-check runs it often). */
function expectSame(map: PersistentMap<number>, model: Map<string, number>) {
  const each: [string, number][] = [];
  map.forEach((v, k) => each.push([k, v]));
  expect({
    size: map.size,
    got: POOL.map((k) => map.get(k)),
    has: POOL.map((k) => map.has(k)),
    each: sorted(each),
  }).toEqual({
    size: model.size,
    got: POOL.map((k) => model.get(k)),
    has: POOL.map((k) => model.has(k)),
    each: sorted(model),
  });
}

describe('PersistentMap', () => {
  it('has colliding keys to test with', () => {
    expect(hashKey(COLLIDING[0])).toBe(hashKey(COLLIDING[1]));
    expect(COLLIDING[0]).not.toBe(COLLIDING[1]);
  });

  it('behaves as a Map under any sequence of sets, deletes and batched edits', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let map = PersistentMap.empty<number>();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.op === 'set') {
            map = map.set(o.key, o.value);
            model.set(o.key, o.value);
          } else if (o.op === 'delete') {
            map = map.delete(o.key);
            model.delete(o.key);
          } else {
            const editor = map.edit();
            for (const c of o.changes) {
              if (c.value === null) {
                editor.delete(c.key);
                model.delete(c.key);
              } else {
                editor.set(c.key, c.value);
                model.set(c.key, c.value);
              }
              if (editor.size !== model.size || editor.get(c.key) !== model.get(c.key))
                expect([editor.size, editor.get(c.key)]).toEqual([model.size, model.get(c.key)]);
            }
            map = editor.done();
          }
        }
        expectSame(map, model);
      }),
      { numRuns: 150 },
    );
  });

  it('never changes a map once made: every past version reads as it did (what rewind needs)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const versions: { map: PersistentMap<number>; model: Map<string, number> }[] = [];
        let map = PersistentMap.empty<number>();
        const model = new Map<string, number>();
        for (const o of ops) {
          const editor = map.edit();
          const changes =
            o.op === 'batch' ? o.changes : [{ key: o.key, value: o.op === 'set' ? o.value : null }];
          for (const c of changes) {
            if (c.value === null) {
              editor.delete(c.key);
              model.delete(c.key);
            } else {
              editor.set(c.key, c.value);
              model.set(c.key, c.value);
            }
          }
          map = editor.done();
          // The editor goes on after done(): that must not reach the map it handed out.
          editor.set(POOL[0], 99).delete(POOL[5]);
          versions.push({ map, model: new Map(model) });
        }
        for (const v of versions) expectSame(v.map, v.model);
      }),
      { numRuns: 100 },
    );
  });

  it('returns the same map when nothing changes', () => {
    const a = mapOf([['x', 1]]);
    expect(a.set('x', 1)).toBe(a);
    expect(a.delete('y')).toBe(a);
    expect(a.delete('x').size).toBe(0);
    expect(PersistentMap.empty<number>().size).toBe(0);
  });

  it('shares what a change does not touch', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `/registry/pods/ns/p${i}`);
    const records = keys.map((k) => ({ k }));
    const a = mapOf(keys.map((k, i) => [k, records[i]] as const));
    const b = a.set(keys[7], { k: 'changed' });
    expect(b.get(keys[7])).toEqual({ k: 'changed' });
    expect(a.get(keys[7])).toBe(records[7]);
    for (const k of keys.slice(8, 100)) expect(b.get(k)).toBe(a.get(k));
  });
});
