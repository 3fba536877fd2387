import { describe, it, expect } from 'vitest';
import { canvasScale, podAt } from './nodes/CompactPods';

describe('compact pods', () => {
  it('paints at twice the resolution the zoom shows, in powers of two, never above a flow unit', () => {
    // 50 workers fitted: a flow unit is a twentieth of a pixel.
    expect(canvasScale(0.05, 1)).toBe(1 / 8);
    expect(canvasScale(0.05, 1.5)).toBe(1 / 4);
    expect(canvasScale(0.3, 2)).toBe(1);
    expect(canvasScale(2, 1)).toBe(1);
    expect(canvasScale(0, 1)).toBe(1);
  });

  it('finds the pod under a point of its worker’s box, and none between pods', () => {
    const pods = [
      { key: 'a', x: 16, y: 200, w: 210, h: 84 },
      { key: 'b', x: 240, y: 200, w: 210, h: 84 },
    ];
    expect(podAt(pods, 20, 210)?.key).toBe('a');
    expect(podAt(pods, 449, 283)?.key).toBe('b');
    expect(podAt(pods, 230, 210)).toBeUndefined();
    expect(podAt(pods, 20, 100)).toBeUndefined();
  });
});
