import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import { sameJson } from './sameJson';

/** A random JSON-ish value, with the values JSON writes as null or leaves out. */
function value(rng: Rng, depth: number): unknown {
  const atoms = [0, -0, 1, 1.5, NaN, Infinity, '', 'a', '1', true, false, null, undefined];
  if (depth > 2 || rng.int(3) === 0) return atoms[rng.int(atoms.length)];
  if (rng.int(2) === 0) return Array.from({ length: rng.int(3) }, () => value(rng, depth + 1));
  const keys = ['a', 'b', 'c'];
  const o: Record<string, unknown> = {};
  for (const k of keys) if (rng.int(2) === 0) o[k] = value(rng, depth + 1);
  return o;
}

describe('sameJson', () => {
  it('says two values are the same exactly when their JSON texts are', () => {
    const rng = new Rng(3);
    let same = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = value(rng, 0);
      // Half the time a near copy, so equal texts come up often.
      const b = rng.int(2) === 0 ? JSON.parse(JSON.stringify({ v: a }) ?? '{}').v : value(rng, 0);
      const want = JSON.stringify(a) === JSON.stringify(b);
      if (want) same++;
      expect(sameJson(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(want);
    }
    expect(same).toBeGreaterThan(5000);
  });

  it('tells key order and left-out keys as JSON does', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([1, undefined], [1, null])).toBe(true);
    expect(sameJson({ spec: { x: [1] } }, { spec: { x: [1], y: [] } })).toBe(false);
  });
});
