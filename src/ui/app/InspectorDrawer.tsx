import { useEffect, useRef } from 'react';
import { appStore, shellStore, useShell } from '../store';

/** The drawer's element id, for aria-controls. */
export const DRAWER_ID = 'kg-inspector-drawer';

/** Where focus goes back to when the drawer closes: what had it before the drawer took it. */
let opener: HTMLElement | null = null;

/** Opens the drawer; with `focus`, moves focus to its selected tab (a keyboard user asked). */
export function openDrawer(focus: boolean): void {
  shellStore.getState().setDrawer(true);
  if (!focus) return;
  opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLElement>(`#${DRAWER_ID} [role="tab"][aria-selected="true"]`)
      ?.focus(),
  );
}

/**
 * Closes the drawer. Focus inside it would be lost with it: it goes back to what opened the drawer,
 * or to the rail's button.
 */
export function closeDrawer(): void {
  const drawer = document.getElementById(DRAWER_ID);
  const hadFocus = !!drawer && drawer.contains(document.activeElement);
  shellStore.getState().setDrawer(false);
  if (!hadFocus) return;
  const back =
    opener?.isConnected && opener.getClientRects().length > 0
      ? opener
      : document.querySelector<HTMLElement>('.kg-drawer-rail button');
  back?.focus();
  opener = null;
}

/**
 * In a narrow window the drawer opens when something is selected (a component, pod or node on the
 * diagram, an event's object, an etcd key) and closes when the selection is cleared (a click on
 * the diagram's background). Wide again, it is closed: the column is back.
 */
export function useDrawerFollowsSelection(compact: boolean): void {
  const compactRef = useRef(compact);
  compactRef.current = compact;
  useEffect(() => {
    if (!compact) shellStore.getState().setDrawer(false);
  }, [compact]);
  useEffect(
    () =>
      appStore.subscribe((s, prev) => {
        if (!compactRef.current || shellStore.getState().presenter) return;
        if (s.selection !== prev.selection) {
          if (s.selection) openDrawer(false);
          else closeDrawer();
        } else if (s.sidePanel !== prev.sidePanel) openDrawer(false);
      }),
    [],
  );
}

/** The rail at the window's right edge that opens and closes the inspector drawer. */
export function DrawerRail() {
  const open = useShell((s) => s.drawer);
  return (
    <div className="kg-drawer-rail">
      <button
        type="button"
        className="kg-drawer-toggle"
        aria-expanded={open}
        aria-controls={DRAWER_ID}
        aria-label="Inspector drawer"
        title={open ? 'Close the inspector (Esc)' : 'Open the inspector and the etcd browser'}
        onClick={() => (open ? closeDrawer() : openDrawer(true))}
      >
        <span aria-hidden="true">{open ? '›' : '‹'}</span>
        <span className="kg-drawer-toggle-text" aria-hidden="true">
          Inspector
        </span>
      </button>
    </div>
  );
}

/** The drawer's close button, in its top right corner. */
export function DrawerClose() {
  return (
    <button
      type="button"
      className="kg-drawer-close kg-button kg-icon-button"
      aria-label="Close the inspector"
      title="Close the inspector (Esc)"
      onClick={closeDrawer}
    >
      <span aria-hidden="true">×</span>
    </button>
  );
}
