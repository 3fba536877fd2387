import { describe, it, expect } from 'vitest';
import { dotScale, easeInOut, pointAt } from './dotCanvas';

describe('the dots canvas geometry', () => {
  it('moves at constant speed along a route: the point at a distance', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 30, y: 0 },
      { x: 30, y: 10 },
    ];
    const lengths = [0, 30, 40];
    expect(pointAt(points, lengths, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAt(points, lengths, 15)).toEqual({ x: 15, y: 0 });
    expect(pointAt(points, lengths, 35)).toEqual({ x: 30, y: 5 });
    expect(pointAt(points, lengths, 40)).toEqual({ x: 30, y: 10 });
  });

  it('eases in and out as CSS ease-in-out does', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5, 3);
    // cubic-bezier(0.42, 0, 0.58, 1) starts slowly: a quarter of the time, ~13 % of the way.
    expect(easeInOut(0.25)).toBeCloseTo(0.129, 2);
    expect(easeInOut(0.75)).toBeCloseTo(0.871, 2);
  });

  it('keeps dots a readable size on screen when zoomed out, down to 1/6', () => {
    expect(dotScale(1)).toBe(1);
    expect(dotScale(0.25)).toBe(1);
    expect(dotScale(0.1)).toBeCloseTo(0.6);
    expect(dotScale(2)).toBe(2);
  });
});
