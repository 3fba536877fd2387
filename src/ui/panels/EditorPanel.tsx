import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BufferSaveStatus, EXAMPLES, YamlEditor } from '../editor';
import { useBridge } from '../bridge';
import { confirmRemoteWrite } from '../remote';
import { appStore, useAppStore } from '../store';
import { resultMarkers } from './resultMarkers';
import { useDismiss } from './useDismiss';

/** How long Monaco waits for the first diagram at most (a worker that never answers). */
const MONACO_AT_LATEST_MS = 5_000;

/**
 * True once the first diagram is on screen (the cluster's first snapshot, then two frames), or
 * after {@link MONACO_AT_LATEST_MS} regardless: Monaco loads after that, so its several megabytes
 * of script never delay the diagram a learner came for.
 */
function useFirstDiagramDrawn(): boolean {
  const snapshot = useAppStore((s) => s.shape !== null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (drawn) return;
    const timer = setTimeout(() => setDrawn(true), MONACO_AT_LATEST_MS);
    let frame = 0;
    if (snapshot)
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => setDrawn(true));
      });
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, [snapshot, drawn]);
  return drawn;
}

/**
 * The manifest editor with Apply (button or Ctrl/Cmd+Enter, every document, as `kubectl apply -f`),
 * Delete, the Examples menu, and one result line per document.
 */
export function EditorPanel() {
  const bridge = useBridge();
  const text = useAppStore((s) => s.editorText);
  const theme = useAppStore((s) => s.theme);
  const applying = useAppStore((s) => s.applying);
  const outcome = useAppStore((s) => s.applyOutcome);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  // The store's text is saved to browser storage, debounced (editor/persist.ts).
  const onChange = useCallback((value: string) => appStore.getState().setEditorText(value), []);

  const run = useCallback(
    async (op: 'apply' | 'delete') => {
      const s = appStore.getState();
      if (s.applying) return;
      // live: a real cluster is written to only when the user says so, knowing which.
      if (!confirmRemoteWrite(op)) return;
      s.setApplying(true);
      try {
        const result = await bridge.request({ type: op, manifest: s.editorText });
        s.setApplyOutcome({ op, ok: result.ok, documents: result.documents ?? [] });
      } catch (err) {
        s.setApplyOutcome({ op, ok: false, documents: [], error: (err as Error).message });
      } finally {
        appStore.getState().setApplying(false);
      }
    },
    [bridge],
  );
  const apply = useCallback(() => void run('apply'), [run]);
  const remove = useCallback(() => void run('delete'), [run]);

  const loadExample = (id: string) => {
    const ex = EXAMPLES.find((e) => e.id === id);
    setMenuOpen(false);
    if (ex) onChange(ex.yaml);
  };

  useDismiss(menuOpen, menuRef, () => setMenuOpen(false));

  const markers = useMemo(() => resultMarkers(outcome?.documents ?? []), [outcome]);
  const diagramDrawn = useFirstDiagramDrawn();

  return (
    <section className="kg-panel kg-editor-panel" aria-label="Manifest">
      <div className="kg-toolbar">
        <button type="button" className="kg-button kg-primary" onClick={apply} disabled={applying}>
          Apply
        </button>
        <button type="button" className="kg-button" onClick={remove} disabled={applying}>
          Delete
        </button>
        <div className="kg-menu" ref={menuRef}>
          <button
            type="button"
            className="kg-button"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((o) => !o)}
          >
            Examples ▾
          </button>
          {menuOpen && (
            <div className="kg-menu-list" role="menu" aria-label="Examples">
              {EXAMPLES.map((ex, i) => (
                <button
                  key={ex.id}
                  type="button"
                  role="menuitem"
                  className="kg-menu-item"
                  autoFocus={i === 0}
                  onClick={() => loadExample(ex.id)}
                >
                  <span className="kg-menu-title">{ex.title}</span>
                  <span className="kg-menu-desc">{ex.description}</span>
                </button>
              ))}
            </div>
          )}
        </div>
        <span className="kg-hint" aria-hidden="true">
          Ctrl/⌘+Enter applies
        </span>
        <BufferSaveStatus />
      </div>
      <div className="kg-editor-host">
        <YamlEditor
          value={text}
          onChange={onChange}
          onApply={apply}
          markers={markers}
          ariaLabel="Manifest editor"
          theme={theme}
          deferMonaco={!diagramDrawn}
        />
      </div>
      <ApplyResults />
    </section>
  );
}

/** One line per document, as kubectl prints them. */
function ApplyResults() {
  const outcome = useAppStore((s) => s.applyOutcome);
  const applying = useAppStore((s) => s.applying);
  return (
    <div className="kg-results" role="status" aria-live="polite" aria-label="Apply results">
      {applying && <div className="kg-result">Applying…</div>}
      {!applying && !outcome && (
        <div className="kg-result kg-muted">
          Press Apply to send every document to the API server.
        </div>
      )}
      {!applying && outcome?.error && (
        <div className="kg-result is-error">error: {outcome.error}</div>
      )}
      {!applying &&
        outcome?.documents.map((d) => (
          <div key={d.index} className={`kg-result ${d.ok ? 'is-ok' : 'is-error'}`}>
            <span aria-hidden="true">{d.ok ? '✓' : '✗'}</span> {d.message}
          </div>
        ))}
      {!applying && outcome && !outcome.error && outcome.documents.length === 0 && (
        <div className="kg-result is-error">
          {/* kubectl's own words for an empty file */}
          {outcome.op === 'apply' ? 'error: no objects passed to apply' : 'No resources found'}
        </div>
      )}
    </div>
  );
}
