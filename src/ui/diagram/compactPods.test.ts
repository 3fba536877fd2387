import { describe, it, expect } from 'vitest';
import { boundsOf, canvasScale, CompactPainter, podAt } from './compactCanvas';

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

describe('the compact pods painter', () => {
  function fakeContext() {
    const calls: string[] = [];
    const ctx = {
      fillStyle: '' as string,
      setTransform: () => {},
      clearRect: (x: number, y: number, w: number, h: number) =>
        calls.push(`clear ${x},${y},${w},${h}`),
      beginPath: () => {},
      roundRect: (x: number, y: number) => calls.push(`square ${x},${y} ${ctx.fillStyle}`),
      fill: () => {},
    };
    return { ctx, calls };
  }
  const colours = { running: 'green', pending: 'orange', unknown: 'grey' };
  const pods = [
    { key: 'a', x: 100, y: 50, w: 210, h: 84 },
    { key: 'b', x: 324, y: 50, w: 210, h: 84 },
  ];
  const size = { width: 100, height: 20 };

  it('paints every pod first, then only the pods whose tone changed', () => {
    const painter = new CompactPainter();
    painter.place(pods, boundsOf(pods), 1 / 4);
    const tones: Record<string, string> = { a: 'pending', b: 'pending' };
    const { ctx, calls } = fakeContext();
    expect(painter.paint(ctx, size, (k) => tones[k], colours)).toBe(2);
    expect(calls).toEqual(['clear 0,0,100,20', 'square 100,50 orange', 'square 324,50 orange']);

    calls.length = 0;
    tones.b = 'running';
    expect(painter.paint(ctx, size, (k) => tones[k], colours)).toBe(1);
    // Its square (and a canvas pixel around it: 4 flow units at a quarter) is cleared, then filled.
    expect(calls).toEqual(['clear 320,46,218,92', 'square 324,50 green']);

    calls.length = 0;
    expect(painter.paint(ctx, size, (k) => tones[k], colours)).toBe(0);
    expect(calls).toEqual([]);
  });

  it('clears a pod that is gone, and repaints everything after new places', () => {
    const painter = new CompactPainter();
    painter.place(pods, boundsOf(pods), 1);
    const tones: Record<string, string | undefined> = { a: 'running', b: 'running' };
    const { ctx, calls } = fakeContext();
    painter.paint(ctx, size, (k) => tones[k], colours);
    calls.length = 0;
    tones.a = undefined;
    painter.paint(ctx, size, (k) => tones[k], colours);
    expect(calls).toEqual(['clear 99,49,212,86']);

    calls.length = 0;
    painter.place([pods[1]], boundsOf([pods[1]]), 1);
    painter.paint(ctx, size, (k) => tones[k], colours);
    expect(calls).toEqual(['clear 0,0,100,20', 'square 324,50 green']);
  });

  it('clears and paints only the squares that came, went or moved when pods are placed again', () => {
    const painter = new CompactPainter();
    const bounds = { x: 0, y: 0, w: 1000, h: 200 };
    painter.place(pods, bounds, 1);
    const tones: Record<string, string> = { a: 'running', b: 'running', c: 'pending' };
    const { ctx, calls } = fakeContext();
    painter.paint(ctx, size, (k) => tones[k], colours);
    calls.length = 0;
    // b moves one place right, c takes b's place, a stays where it was.
    const next = [pods[0], { ...pods[1], key: 'c' }, { ...pods[1], x: 548 }];
    painter.place(next, bounds, 1);
    painter.paint(ctx, size, (k) => tones[k], colours);
    expect(calls).toEqual(['clear 323,49,212,86', 'square 324,50 orange', 'square 548,50 green']);
  });

  it('looks only at the pods of workers whose pod version moved', () => {
    const painter = new CompactPainter();
    const onNodes = [
      { ...pods[0], node: 'worker-1' },
      { ...pods[1], node: 'worker-2' },
    ];
    painter.place(onNodes, boundsOf(onNodes), 1);
    const tones: Record<string, string> = { a: 'pending', b: 'pending' };
    const asked: string[] = [];
    const tone = (k: string) => (asked.push(k), tones[k]);
    const { ctx, calls } = fakeContext();
    painter.paint(ctx, size, tone, colours, { 'worker-1': 1, 'worker-2': 1 });
    asked.length = 0;
    calls.length = 0;
    tones.a = 'running';
    tones.b = 'running';
    // Only worker-1's version moved: b is not looked at (its change comes with its version).
    painter.paint(ctx, size, tone, colours, { 'worker-1': 2, 'worker-2': 1 });
    expect(asked).toEqual(['a']);
    expect(calls).toEqual(['clear 99,49,212,86', 'square 100,50 green']);
  });

  it('places the canvas on the squares’ bounding box', () => {
    expect(boundsOf(pods)).toEqual({ x: 100, y: 50, w: 434, h: 84 });
    expect(boundsOf([])).toEqual({ x: 0, y: 0, w: 0, h: 0 });
  });
});
