import { useCallback, useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { shellStore, useShell } from '../store';
import type { PanelId, PanelSizes } from '../store';
import { SIZE_LIMITS } from '../store/shell';

/** Arrows on the collapse button: which way the panel goes when it hides, and comes back. */
const ARROWS: Record<string, [hide: string, show: string]> = {
  'vertical:1': ['‹', '›'],
  'vertical:-1': ['›', '‹'],
  'horizontal:-1': ['⌄', '⌃'],
  'horizontal:1': ['⌃', '⌄'],
};

/**
 * A drag handle between two panels, after the WAI-ARIA window splitter pattern: drag it, or focus
 * it and use the arrow keys (Shift for bigger steps); Enter or a double click collapses the panel
 * and brings it back at the size it had. `size` is the panel's size it changes; `sign` says
 * whether moving right/down grows it. A collapsed panel leaves a slim rail with its button.
 */
export function Splitter({
  panel,
  size,
  value,
  orientation,
  sign,
  name,
}: {
  panel: PanelId;
  size: keyof PanelSizes;
  /** The size as drawn (the chosen one, fitted to the window): drags and keys start from it. */
  value: number;
  orientation: 'vertical' | 'horizontal';
  sign: 1 | -1;
  /** The panel's name in labels: "editor" gives "Resize the editor", "Hide the editor". */
  name: string;
}) {
  const collapsed = useShell((s) => !(s.presenter ? s.presenterPanels : s.normalPanels)[panel]);
  const start = useRef<{ pos: number; value: number } | null>(null);
  const vertical = orientation === 'vertical';

  const toggle = useCallback(() => shellStore.getState().togglePanel(panel), [panel]);

  const onPointerDown = useCallback(
    (e: PointerEvent<HTMLDivElement>) => {
      e.preventDefault();
      e.currentTarget.setPointerCapture(e.pointerId);
      // Dragging a collapsed panel's rail brings the panel back and goes on from its size.
      if (collapsed) shellStore.getState().showPanel(panel);
      start.current = { pos: vertical ? e.clientX : e.clientY, value };
    },
    [collapsed, panel, value, vertical],
  );
  const onPointerMove = useCallback(
    (e: PointerEvent<HTMLDivElement>) => {
      const s = start.current;
      if (!s) return;
      const delta = (vertical ? e.clientX : e.clientY) - s.pos;
      shellStore.getState().setSize(size, s.value + sign * delta);
    },
    [size, sign, vertical],
  );
  const onPointerUp = useCallback(() => {
    start.current = null;
  }, []);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const grow = vertical ? 'ArrowRight' : 'ArrowDown';
      const shrink = vertical ? 'ArrowLeft' : 'ArrowUp';
      const step = e.shiftKey ? 80 : 20;
      const shell = shellStore.getState();
      if (e.key === 'Enter') {
        toggle();
      } else if (e.key === grow || e.key === shrink) {
        const d = (e.key === grow ? step : -step) * sign;
        if (collapsed) {
          // From a collapsed panel, the key that grows it brings it back; the other does nothing.
          if (d > 0) shell.showPanel(panel);
        } else shell.setSize(size, value + d);
      } else return;
      e.preventDefault();
    },
    [collapsed, panel, sign, size, toggle, value, vertical],
  );
  const [, max] = SIZE_LIMITS[size];
  const [hideArrow, showArrow] = ARROWS[`${orientation}:${sign}`];
  return (
    <div className={`kg-split is-${orientation}${collapsed ? ' is-collapsed' : ''}`}>
      <div
        className={`kg-splitter is-${orientation}`}
        role="separator"
        tabIndex={0}
        aria-orientation={orientation}
        aria-label={`Resize the ${name}`}
        // A collapsed panel is at 0, as the window splitter pattern has it.
        aria-valuenow={collapsed ? 0 : Math.round(value)}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuetext={collapsed ? `${name} hidden` : `${Math.round(value)} pixels`}
        title={`Resize the ${name}: drag, or focus and use the arrow keys; Enter hides or shows it`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={toggle}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        className="kg-split-toggle"
        aria-label={collapsed ? `Show the ${name}` : `Hide the ${name}`}
        aria-expanded={!collapsed}
        title={collapsed ? `Show the ${name}` : `Hide the ${name}`}
        onClick={toggle}
      >
        <span aria-hidden="true">{collapsed ? showArrow : hideArrow}</span>
      </button>
    </div>
  );
}
