import { lazy, Suspense, useState } from 'react';
import { tourWanted } from './tourState';

/** The tour's code, loaded only on a visit that shows it (the first). */
const Tour = lazy(() => import('./Tour').then((m) => ({ default: m.Tour })));

/** The first-visit tour, or nothing (and no code loaded) once it was finished or skipped. */
export function LazyTour() {
  const [wanted] = useState(tourWanted);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <Tour />
    </Suspense>
  );
}
