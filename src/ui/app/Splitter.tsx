import { useCallback, useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { shellStore, useShell } from '../store';
import type { PanelSizes } from '../store';
import { SIZE_LIMITS } from '../store/shell';

/**
 * A drag handle between two panels (a WAI-ARIA window splitter): drag it, or focus it and use the
 * arrow keys. `size` is the panel it resizes; `sign` says whether moving right/down grows it.
 */
export function Splitter({
  size,
  orientation,
  sign,
  label,
}: {
  size: keyof PanelSizes;
  orientation: 'vertical' | 'horizontal';
  sign: 1 | -1;
  label: string;
}) {
  const value = useShell((s) => s.sizes[size]);
  const start = useRef<{ pos: number; value: number } | null>(null);
  const vertical = orientation === 'vertical';

  const onPointerDown = useCallback(
    (e: PointerEvent<HTMLDivElement>) => {
      e.preventDefault();
      e.currentTarget.setPointerCapture(e.pointerId);
      start.current = { pos: vertical ? e.clientX : e.clientY, value };
    },
    [value, vertical],
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
      let d = 0;
      if (e.key === grow) d = step * sign;
      else if (e.key === shrink) d = -step * sign;
      else return;
      e.preventDefault();
      shellStore.getState().setSize(size, value + d);
    },
    [size, sign, value, vertical],
  );
  const [min, max] = SIZE_LIMITS[size];
  return (
    <div
      className={`kg-splitter is-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      title={`${label}: drag, or focus and use the arrow keys`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
