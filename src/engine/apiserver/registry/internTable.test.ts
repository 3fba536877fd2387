import { describe, expect, it } from 'vitest';
import { InternTable, PathTable } from './internTable';

describe('InternTable', () => {
  it('keeps what was set within two generations, and what was used since', () => {
    const t = new InternTable<string>(3);
    t.set('a', 'A');
    t.set('b', 'B');
    t.set('c', 'C'); // the first generation is full: it becomes the old one
    expect(t.get('a')).toBe('A'); // found in the old generation: set again in the young one
    t.set('d', 'D');
    t.set('e', 'E'); // the young generation (a, d, e) is full: b and c go
    expect(t.get('b')).toBeUndefined();
    expect(t.get('c')).toBeUndefined();
    expect(t.get('a')).toBe('A');
    expect(t.get('e')).toBe('E');
    expect(t.size).toBeLessThanOrEqual(6);
  });

  it('gives the value set last for a key', () => {
    const t = new InternTable<string>(2);
    t.set('a', 'old');
    t.set('b', 'B'); // a and b are now the old generation
    t.set('a', 'new');
    expect(t.get('a')).toBe('new');
  });

  it('holds at most two generations however many keys go through it', () => {
    const t = new InternTable<number>(100);
    for (let i = 0; i < 10_000; i++) t.set(`k${i}`, i);
    expect(t.size).toBeLessThanOrEqual(200);
    expect(t.get('k9999')).toBe(9999);
    expect(t.get('k0')).toBeUndefined();
  });
});

describe('PathTable', () => {
  it('finds a value by the exact sequence of its path, typed and by identity', () => {
    const t = new PathTable<string>(100);
    const part = {};
    t.set(['a', 1, null, part], 'v');
    expect(t.get(['a', 1, null, part])).toBe('v');
    expect(t.get(['a', '1', null, part])).toBeUndefined();
    expect(t.get(['a', 1, 'null', part])).toBeUndefined();
    expect(t.get(['a', 1, null, {}])).toBeUndefined();
    // A prefix or a longer path is another path.
    expect(t.get(['a', 1, null])).toBeUndefined();
    expect(t.get(['a', 1, null, part, 'b'])).toBeUndefined();
    t.set(['a', 1], 'short');
    expect(t.get(['a', 1])).toBe('short');
    expect(t.get(['a', 1, null, part])).toBe('v');
  });

  it('keeps what was set within two generations, and what was used since', () => {
    const t = new PathTable<string>(2);
    t.set(['a'], 'A');
    t.set(['b'], 'B'); // full: the old generation
    expect(t.get(['a'])).toBe('A'); // set again in the young one
    t.set(['c'], 'C'); // full again: b goes
    expect(t.get(['b'])).toBeUndefined();
    expect(t.get(['a'])).toBe('A');
    expect(t.get(['c'])).toBe('C');
  });
});
