import { useCallback, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useBridge } from '../bridge';
import { useDismiss } from '../panels/useDismiss';
import { appStore, useAppStore } from '../store';
import { storeTheme } from './theme';

/**
 * The header's secondary controls in a narrow window (853 px is a 1280 px screen at 150 % zoom):
 * fast-forward, About and the theme, in a menu so the header keeps to one row. Wider, the menu's
 * button is hidden (app.css) and the controls are in the header themselves. A WAI-ARIA menu
 * button: ↓/↑/Home/End move between items, Esc closes it and gives focus back to its button.
 */
export function OverflowMenu({ playback }: { playback: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, ref, close);
  const bridge = useBridge();
  const theme = useAppStore((s) => s.theme);
  const next = theme === 'dark' ? 'light' : 'dark';
  // Fast-forward only while simulating (attached to a live cluster, time is the cluster's own).
  const forward: { label: string; run(): void }[] = [
    {
      label: 'Fast-forward 1 minute',
      run: () => bridge.send({ type: 'control', action: 'advance', ms: 60_000 }),
    },
    {
      label: 'Fast-forward 5 minutes',
      run: () => bridge.send({ type: 'control', action: 'advance', ms: 300_000 }),
    },
  ];
  const items: { label: string; run(): void }[] = [
    ...(playback ? forward : []),
    {
      label: `Switch to ${next} theme`,
      run: () => {
        storeTheme(next);
        appStore.getState().setTheme(next);
      },
    },
    {
      label: 'About and keyboard shortcuts',
      run: () => appStore.getState().setAboutOpen(true),
    },
  ];
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLElement);
    let to = -1;
    if (e.key === 'ArrowDown') to = (i + 1) % list.length;
    else if (e.key === 'ArrowUp') to = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = list.length - 1;
    else if (e.key === 'Escape' && open) {
      // Only the menu closes (not the inspector drawer or presenter mode as well).
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'Tab') setOpen(false);
    else return;
    if (to >= 0) list[to]?.focus();
    if (e.key !== 'Tab') e.preventDefault();
  };
  return (
    <div className="kg-menu kg-overflow" ref={ref} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="kg-button kg-icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="More controls"
        title="More: fast-forward, theme, About"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <div className="kg-menu-list kg-overflow-list" role="menu" aria-label="More controls">
          {items.map((item, i) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className="kg-menu-item"
              autoFocus={i === 0}
              onClick={() => {
                setOpen(false);
                button.current?.focus();
                item.run();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
