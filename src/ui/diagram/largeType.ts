/**
 * Whether the diagram is drawn in large type: in presenter mode, and whenever its pane is too
 * small for the detailed layout to be read. The detailed layout (SIZE) fits a pane of 1280×560
 * device px with component names at about 8 px; below that its names are unreadable, so the
 * large-type layout (PRESENTER_SIZE: fewer details, boxes sized for 26-unit names) takes over.
 * Device pixels, not CSS pixels: at 150 % browser zoom the same pane has 1.5 times the pixels.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

/** The smallest pane, in device px, that the detailed layout is drawn in. */
export const DETAILED_MIN = { width: 1200, height: 560 };

/** True when a pane of this many CSS px, at this device pixel ratio, needs large type. */
export function paneNeedsLargeType(width: number, height: number, dpr: number): boolean {
  return width * dpr < DETAILED_MIN.width || height * dpr < DETAILED_MIN.height;
}

/** The diagram's pane: large type because it is small (presenter mode is the shell's). */
export const paneStore = createStore<{ small: boolean }>()(() => ({ small: false }));

/** Large type: presenter mode, or a small pane. */
export function useLargeType(presenter: boolean): boolean {
  const small = useStore(paneStore, (s) => s.small);
  return presenter || small;
}
