import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES } from '../store/shell';
import { fitSizes } from './fittedSizes';

describe('panel sizes in a window', () => {
  it('gives the default dock a share of a short window, but keeps a height the user chose', () => {
    expect(fitSizes(DEFAULT_SIZES, true, true, 1280, 720).dockH).toBe(202);
    expect(fitSizes(DEFAULT_SIZES, true, true, 1920, 1080).dockH).toBe(DEFAULT_SIZES.dockH);
    // One arrow key up from what was drawn: the dock really grows.
    expect(fitSizes({ ...DEFAULT_SIZES, dockH: 222 }, true, true, 1280, 720).dockH).toBe(222);
    // Never so tall that the diagram loses its last 260 px.
    expect(fitSizes({ ...DEFAULT_SIZES, dockH: 700 }, true, true, 1280, 720).dockH).toBe(460);
  });

  it('gives the default editor at most 28 % of a narrow window, but keeps a width the user chose', () => {
    // 853 px: a 1280 px screen at 150 % zoom.
    expect(fitSizes(DEFAULT_SIZES, true, false, 853, 480).editorW).toBe(239);
    expect(fitSizes(DEFAULT_SIZES, true, false, 1280, 720).editorW).toBe(DEFAULT_SIZES.editorW);
    expect(fitSizes({ ...DEFAULT_SIZES, editorW: 300 }, true, false, 853, 480).editorW).toBe(300);
  });

  it('shrinks the side panels in proportion when they would squeeze the diagram', () => {
    const s = fitSizes(DEFAULT_SIZES, true, true, 853, 480);
    expect(s.editorW + s.sideW).toBeLessThanOrEqual(427);
    expect(s.editorW / s.sideW).toBeCloseTo(239 / DEFAULT_SIZES.sideW, 1);
    expect(fitSizes(DEFAULT_SIZES, true, false, 1280, 720).editorW).toBe(DEFAULT_SIZES.editorW);
    // A wider editor at 1280 px is kept: the diagram still has 520 px.
    expect(fitSizes({ ...DEFAULT_SIZES, editorW: 390 }, true, true, 1280, 720).editorW).toBe(390);
    const wide = fitSizes({ ...DEFAULT_SIZES, editorW: 900 }, true, true, 1280, 720);
    expect(wide.editorW + wide.sideW).toBe(760);
  });
});
