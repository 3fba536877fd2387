import { describe, expect, it } from 'vitest';
import { shallowEqual } from './shallow';

describe('shallow equality of what selectors return', () => {
  it('compares arrays item by item', () => {
    const a = { x: 1 };
    expect(shallowEqual([1, 'a', a], [1, 'a', a])).toBe(true);
    expect(shallowEqual([1, 'a', a], [1, 'a', { x: 1 }])).toBe(false);
    expect(shallowEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(shallowEqual([NaN], [NaN])).toBe(true);
  });

  it('compares objects field by field, whatever their order, and no deeper', () => {
    const list = ['p'];
    expect(shallowEqual({ kind: 'kubelet', pods: list }, { pods: list, kind: 'kubelet' })).toBe(
      true,
    );
    expect(shallowEqual({ kind: 'kubelet', pods: list }, { kind: 'kubelet', pods: ['p'] })).toBe(
      false,
    );
    // A field missing on one side, even when the other side has it undefined.
    expect(shallowEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(shallowEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
  });

  it('compares Maps and Sets by their entries', () => {
    expect(shallowEqual(new Map([['a', 1]]), new Map([['a', 1]]))).toBe(true);
    expect(shallowEqual(new Map([['a', 1]]), new Map([['a', 2]]))).toBe(false);
    expect(shallowEqual(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true);
    expect(shallowEqual(new Set(['a']), new Set(['b']))).toBe(false);
  });

  it('never calls an array and an object with the same fields equal, nor values of other types', () => {
    expect(shallowEqual(['a'], { 0: 'a' })).toBe(false);
    expect(shallowEqual(null, {})).toBe(false);
    expect(shallowEqual(undefined, undefined)).toBe(true);
    expect(shallowEqual('a', 'a')).toBe(true);
    expect(shallowEqual(1, 2)).toBe(false);
  });
});
