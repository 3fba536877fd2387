import { lazy, Suspense, useEffect, useState } from 'react';
import { monacoSettled } from '../editor/YamlEditor';
import { markTourDone, tourDone } from './tourState';

/** At most this long (wall ms) the tour waits for the editor to load. */
const EDITOR_WAIT_MS = 6_000;

/** The tour's code (its stops and their texts), loaded only for a visit that shows it. */
const TourCard = lazy(() => import('./Tour').then((m) => ({ default: m.Tour })));

/**
 * The first-visit tour (./Tour), whose code a returning learner never downloads. A shared run
 * (`#run=…`) opens on its own: the tour waits for a visit of the app itself.
 */
export function LazyTour() {
  const [wanted] = useState(() => !tourDone() && !location.hash.startsWith('#run='));
  // Its first stop is the editor: it starts once Monaco is there (its box no longer changes),
  // or after a few seconds if the editor is not loading (hidden, say).
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const timer = window.setTimeout(() => setReady(true), EDITOR_WAIT_MS);
    void monacoSettled.then(() => live && setReady(true));
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [wanted]);
  if (!wanted || !ready) return null;
  return (
    <Suspense fallback={null}>
      <TourCard onFinish={markTourDone} />
    </Suspense>
  );
}
