import { lazy, Suspense, useEffect, useState } from 'react';
import { useAppStore } from '../store';

/** The About dialog's code (its text and the shortcuts table), loaded the first time it opens. */
const AboutDialog = lazy(() => import('./AboutDialog').then((m) => ({ default: m.AboutDialog })));

/** "About kubeglass", mounted once first opened (it opens itself as it mounts, then stays). */
export function LazyAboutDialog() {
  const open = useAppStore((s) => s.aboutOpen);
  const [opened, setOpened] = useState(open);
  useEffect(() => {
    if (open) setOpened(true);
  }, [open]);
  if (!opened && !open) return null;
  return (
    <Suspense fallback={null}>
      <AboutDialog />
    </Suspense>
  );
}
