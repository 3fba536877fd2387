import {
  Component,
  lazy,
  Suspense,
  useEffect,
  useState,
  type JSX,
  type LazyExoticComponent,
  type ReactNode,
} from 'react';
import { PlainYamlEditor } from './PlainYamlEditor';
import type { YamlEditorProps } from './types';
import './editor.css';

let monacoLoaded: () => void = () => {};
/** Settles once Monaco's code has loaded (or failed to): what the first-visit tour waits for. */
export const monacoSettled = new Promise<void>((resolve) => (monacoLoaded = resolve));

/** Starts downloading Monaco, monaco-yaml and the schema (e.g. once the diagram has painted). */
export function preloadYamlEditor(): Promise<unknown> {
  const loading = import('./MonacoYamlEditor');
  loading.then(monacoLoaded, monacoLoaded);
  return loading;
}

/**
 * The Monaco editor, code-split: Monaco, monaco-yaml and the schema load on first render.
 * Render it inside `<Suspense>`; {@link YamlEditor} does that with the textarea fallback.
 */
export const LazyYamlEditor: LazyExoticComponent<(props: YamlEditorProps) => JSX.Element> = lazy(
  () => import('./MonacoYamlEditor').then((m) => ({ default: m.MonacoYamlEditor })),
);

interface BoundaryProps {
  fallback: ReactNode;
  children: ReactNode;
}

/** Keeps the textarea if Monaco's chunk fails to load (offline after an update, blocked worker). */
class MonacoLoadBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * The YAML editor, ready to embed: the plain textarea while Monaco loads (or if it cannot), then
 * Monaco with the Kubernetes schema. With `deferMonaco`, Monaco is not even requested until it
 * turns false: the page's first diagram is drawn without Monaco's megabytes competing for the
 * main thread, and the textarea shows and edits the manifest meanwhile.
 *
 * @example
 * <YamlEditor value={text} onChange={setText} onApply={apply} markers={markers}
 *   ariaLabel="Manifest editor" theme="dark" deferMonaco={!diagramDrawn} />
 */
export function YamlEditor({
  deferMonaco = false,
  ...props
}: YamlEditorProps & { deferMonaco?: boolean }): JSX.Element {
  // The textarea stays mounted (focus, caret, what is typed) until Monaco's code is here.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (deferMonaco) return;
    let live = true;
    // A failed load is the boundary's to catch, which keeps the textarea.
    const done = () => live && setLoaded(true);
    preloadYamlEditor().then(done, done);
    return () => {
      live = false;
    };
  }, [deferMonaco]);
  const fallback = <PlainYamlEditor {...props} />;
  if (!loaded) return fallback;
  return (
    <MonacoLoadBoundary fallback={fallback}>
      <Suspense fallback={fallback}>
        <LazyYamlEditor {...props} />
      </Suspense>
    </MonacoLoadBoundary>
  );
}
