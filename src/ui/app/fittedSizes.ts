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
  const sides = (editor ? sizes.editorW : 0) + (inspector ? sizes.sideW : 0);
  const room = Math.max(width * 0.5, width - MIN_DIAGRAM_W);
  if (sides <= room) return dockH === sizes.dockH ? sizes : { ...sizes, dockH };
  const k = room / sides;
  return { editorW: Math.round(sizes.editorW * k), sideW: Math.round(sizes.sideW * k), dockH };
}

/** `fitSizes` for the window as it is now, following its resizes. */
export function useFittedSizes(sizes: PanelSizes, editor: boolean, inspector: boolean): PanelSizes {
  const [width, setWidth] = useState(() => window.innerWidth);
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => {
      setWidth(window.innerWidth);
      setHeight(window.innerHeight);
    };
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return fitSizes(sizes, editor, inspector, width, height);
}
