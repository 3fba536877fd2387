import { lazy, Suspense, useEffect } from 'react';
import './inspector.css';
import { useAppStore } from '../store';

/**
 * What the inspector shows of a selection (an object's facts, logs, rollout and YAML; a
 * component's story and faults) loads after the first diagram: the page starts fetching it once
 * it has drawn, so a first click finds it there, and on a slow network says it is loading.
 */
const loadViews = () => import('./inspectorViews');
const ObjectView = lazy(() => loadViews().then((m) => ({ default: m.ObjectView })));
const ComponentView = lazy(() => loadViews().then((m) => ({ default: m.ComponentView })));
/** After the first diagram, at a quiet moment: the views' code, ahead of the first click. */
const PRELOAD_AFTER_MS = 2_000;

function Loading() {
  return (
    <p className="kg-empty" role="status">
      Loading the inspector…
    </p>
  );
}

/** The selected object (live YAML, etcd key, revisions; logs for a pod) or component. */
export function InspectorPanel() {
  const selection = useAppStore((s) => s.selection);
  const drawn = useAppStore((s) => s.shape !== null);
  useEffect(() => {
    if (!drawn) return;
    const timer = setTimeout(() => void loadViews(), PRELOAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [drawn]);
  return (
    <section className="kg-panel kg-inspector" aria-label="Inspector">
      {!selection && (
        <p className="kg-empty">
          Select a component, node or pod in the diagram, a row in Events, or a key in etcd to see
          it here.
        </p>
      )}
      <Suspense fallback={<Loading />}>
        {selection?.type === 'object' && <ObjectView objectKey={selection.key} />}
        {selection?.type === 'component' && <ComponentView id={selection.id} />}
      </Suspense>
    </section>
  );
}
