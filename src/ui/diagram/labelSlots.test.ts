import { describe, it, expect } from 'vitest';
import { labelAnchor, LabelSlots, MAX_LABEL_SLOTS } from './labelSlots';

describe('label slots', () => {
  it('stacks labels that share a stretch at the same time, and reuses freed slots', () => {
    const slots = new LabelSlots();
    expect(slots.reserve('a', 0, 100)).toBe(0);
    expect(slots.reserve('a', 10, 110)).toBe(1);
    expect(slots.reserve('b', 10, 110)).toBe(0);
    expect(slots.reserve('a', 100, 200)).toBe(0);
  });

  it('gives no label once every slot is taken', () => {
    const slots = new LabelSlots();
    for (let i = 0; i < MAX_LABEL_SLOTS; i++) expect(slots.reserve('a', 0, 100)).toBe(i);
    expect(slots.reserve('a', 0, 100)).toBe(-1);
  });

  it('names routes into the API server by their entry point, others by both ends', () => {
    const up = [
      { x: 0, y: 500 },
      { x: 0, y: 100 },
      { x: 300, y: 100 },
    ];
    const other = [
      { x: 40, y: 500 },
      { x: 40, y: 100 },
      { x: 300, y: 100 },
    ];
    expect(labelAnchor(up, 'end')).toBe(labelAnchor(other, 'end'));
    const a = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ];
    expect(labelAnchor(a, null)).toBe(labelAnchor([...a].reverse(), null));
  });
});
