import { useEffect } from 'react';
import { toggleObjects, useObjectsOpen } from './objectsStore';

/** True when a key press is typing (the editor, an input, the terminal), not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.(
    'input, textarea, select, [contenteditable="true"], .monaco-editor, .xterm',
  );
}

/** The Objects toggle (key O): the Deployments, ReplicaSets, Services and pods behind the cluster. */
export function ObjectsButton() {
  const open = useObjectsOpen();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'o' || e.key === 'O') toggleObjects();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <button
      type="button"
      className={`kg-button${open ? ' kg-primary' : ''}`}
      aria-pressed={open}
      onClick={toggleObjects}
      title="Objects: Deployments → ReplicaSets → Pods, Services → EndpointSlices → Pods (O)"
    >
      Objects
    </button>
  );
}
