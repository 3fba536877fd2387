import { describe, expect, it } from 'vitest';
import { paneNeedsLargeType } from './largeType';

describe('large type', () => {
  it('follows the pane’s size in device pixels, not CSS pixels', () => {
    // 1280×720 with the editor, inspector and dock open: the pane is about 650×330.
    expect(paneNeedsLargeType(650, 330, 1)).toBe(true);
    // A big monitor with every panel open keeps the detailed layout.
    expect(paneNeedsLargeType(1290, 600, 1)).toBe(false);
    // The same 900×420 CSS px pane: small at 100 %, big enough on a 2× screen.
    expect(paneNeedsLargeType(900, 420, 1)).toBe(true);
    expect(paneNeedsLargeType(900, 420, 2)).toBe(false);
  });
});
