import { lazy, Suspense, useState } from 'react';
import { markTourDone, tourDone } from './tourState';

/** The tour's code (its stops and their texts), loaded only for a visit that shows it. */
const TourCard = lazy(() => import('./Tour').then((m) => ({ default: m.Tour })));

/**
 * The first-visit tour (./Tour), whose code a returning learner never downloads. A shared run
 * (`#run=…`) opens on its own: the tour waits for a visit of the app itself.
 */
export function LazyTour() {
  const [wanted] = useState(() => !tourDone() && !location.hash.startsWith('#run='));
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <TourCard onFinish={markTourDone} />
    </Suspense>
  );
}
