/**
 * Click and keyboard selection for diagram boxes. React Flow's own selection is off: every box is
 * a focusable button (Tab to reach it, Enter or Space to select), so its accessible name can follow
 * the live object ("Pod web-…, Running, on worker-2").
 */
import { useCallback } from 'react';
import type { KeyboardEvent } from 'react';
import { appStore, useAppStore } from '../../store';
import type { Selection } from '../../store';

function sameSelection(a: Selection, b: Selection): boolean {
  if (!a || !b) return a === b;
  if (a.type === 'object' && b.type === 'object') return a.key === b.key;
  if (a.type === 'component' && b.type === 'component') return a.id === b.id;
  return false;
}

/** Props that make an element a selectable button for `target`, and whether it is selected. */
export function useSelectable(target: Selection) {
  const selected = useAppStore((s) => sameSelection(s.selection, target));
  return { selected, props: useSelectableProps(target, selected) };
}

/** The props of `useSelectable`, for a box that already knows whether it is selected. */
export function useSelectableProps(target: Selection, selected: boolean) {
  const key = target ? (target.type === 'object' ? target.key : target.id) : '';
  const type = target?.type;
  const select = useCallback(() => {
    if (!type) return;
    appStore.getState().select(type === 'object' ? { type, key } : { type, id: key });
  }, [type, key]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        e.stopPropagation();
        select();
      }
    },
    [select],
  );
  return {
    role: 'button',
    tabIndex: 0,
    'aria-pressed': selected,
    onClick: select,
    onKeyDown,
  } as const;
}
