import { describe, it, expect } from 'vitest';
import { dotScale, easeInOut, intersects, placeLabel, pointAt } from './dotCanvas';
import type { Box } from './dotCanvas';

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

describe('placeLabel', () => {
  it('puts crowded labels where they cover no other label and stay inside the pane', () => {
    const bounds = { w: 400, h: 300 };
    const placed: Box[] = [];
    // Five messages at almost the same spot near the right edge.
    for (let i = 0; i < 5; i++) {
      const box = placeLabel({ x: 380, y: 150 + i, r: 9 }, 120, 20, 0, placed, bounds);
      if (box) placed.push(box);
    }
    expect(placed.length).toBeGreaterThanOrEqual(4);
    for (const b of placed) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(bounds.w);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.h).toBeLessThanOrEqual(bounds.h);
    }
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(intersects(placed[i], placed[j])).toBe(false);
  });

  it('gives up rather than cover: no room, no label', () => {
    const wall: Box[] = [{ x: 0, y: 0, w: 400, h: 300 }];
    expect(placeLabel({ x: 200, y: 150, r: 9 }, 100, 20, 0, wall, { w: 400, h: 300 })).toBeNull();
  });
});
