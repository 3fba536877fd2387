import { lazy, Suspense, useEffect, useState } from 'react';
import { useBridge } from '../bridge';
import { hasRunFragment } from './fragment';
import { shareStore, useShare } from './shareStore';
import './share.css';

/**
 * Sharing's code (the codec, scenario files, pictures of the diagram, the dialogs) loads when it
 * is first used: a link opened, a file dropped, the Share button pressed (or pointed at).
 */
const loadActions = () => import('./actions');
const loadDialogs = () => import('./ShareDialogs');
const ShareDialogs = lazy(() => loadDialogs().then((m) => ({ default: m.ShareDialogs })));

/** True from the first time sharing has something to show. */
function useDialogsWanted(): boolean {
  const showing = useShare((s) => s.dialogOpen || s.notice !== null || s.question !== null);
  const [wanted, setWanted] = useState(showing);
  useEffect(() => {
    if (showing) setWanted(true);
  }, [showing]);
  return wanted || showing;
}

/**
 * The toolbar's Share button and everything sharing needs on the page: the dialog, messages,
 * questions, a shared link opened at start (or when the hash changes), scenario files dropped.
 */
export function ShareControls() {
  const bridge = useBridge();
  const busy = useShare((s) => s.busy);
  const dialogs = useDialogsWanted();
  useEffect(() => {
    const openLink = (hash: string) => {
      if (hasRunFragment(hash)) void loadActions().then((a) => a.openLink(bridge, hash));
    };
    openLink(location.hash);
    const onHash = () => openLink(location.hash);
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void loadActions().then((a) => a.openScenarioFile(bridge, file));
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [bridge]);
  return (
    <>
      <button
        type="button"
        className="kg-button"
        onClick={() => shareStore.setState({ dialogOpen: true })}
        onPointerEnter={() => void loadDialogs()}
        onFocus={() => void loadDialogs()}
        title="Share this run as a link, a scenario file or a picture"
      >
        Share
      </button>
      {busy && (
        <span className="kg-share-busy" role="status">
          {busy}
        </span>
      )}
      {dialogs && (
        <Suspense
          fallback={
            <span className="kg-share-busy" role="status">
              Loading…
            </span>
          }
        >
          <ShareDialogs />
        </Suspense>
      )}
    </>
  );
}
