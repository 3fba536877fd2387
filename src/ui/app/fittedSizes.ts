import { useEffect, useState } from 'react';
import { DEFAULT_SIZES } from '../store/shell';
import type { PanelSizes } from '../store';

/** The diagram keeps at least this much width when the user grows a side panel… */
const MIN_DIAGRAM_W = 520;
/** …and this much height when they grow the dock. */
const MIN_DIAGRAM_H = 260;

/**
 * The panel sizes as drawn in a window of `width`×`height` CSS px:
 * - the dock at its default height takes a share of a short window (a fifth at 480 px, 28 % at
 *   720 px), so the diagram keeps its names readable; a height the user chose is kept, up to
 *   what leaves the diagram `MIN_DIAGRAM_H`;
 * - the editor at its default width takes at most 28 % of a narrow window (239 px at 853 px, 150 %
 *   zoom on a 1280 px screen); a width the user chose is kept;
 * - the side panels leave the diagram `MIN_DIAGRAM_W`, or half a narrow window (at 150 % zoom
 *   a 1280 px window is 853 CSS px wide): past that they shrink in proportion.
 */
export function fitSizes(
  sizes: PanelSizes,
  editor: boolean,
  inspector: boolean,
  width: number,
  height: number,
): PanelSizes {
  const share = height < 640 ? 0.2 : height < 800 ? 0.28 : 0.35;
  const chosen = sizes.dockH !== DEFAULT_SIZES.dockH;
  const dockH = Math.round(
    chosen
      ? Math.min(sizes.dockH, Math.max(120, height - MIN_DIAGRAM_H))
      : Math.min(sizes.dockH, height * share),
  );
  const editorW =
    sizes.editorW === DEFAULT_SIZES.editorW
      ? Math.min(sizes.editorW, Math.round(width * 0.28))
      : sizes.editorW;
  const sides = (editor ? editorW : 0) + (inspector ? sizes.sideW : 0);
  const room = Math.max(width * 0.5, width - MIN_DIAGRAM_W);
  if (sides <= room)
    return dockH === sizes.dockH && editorW === sizes.editorW
      ? sizes
      : { ...sizes, editorW, dockH };
  const k = room / sides;
  return { editorW: Math.round(editorW * k), sideW: Math.round(sizes.sideW * k), dockH };
}

/**
 * Below this window width (CSS px) the inspector is a drawer over the diagram, not a column: at
 * 1280 px a 290 px column costs the diagram a quarter of its width, hence its names' size.
 */
export const DRAWER_BELOW = 1400;

/** The window's size in CSS px, following its resizes. */
export function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({
    width: window.innerWidth,
    height: window.innerHeight,
  }));
  useEffect(() => {
    const on = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return size;
}
