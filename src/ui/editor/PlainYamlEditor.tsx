import { useId, useLayoutEffect, useRef, type JSX } from 'react';
import { rememberCaret } from './handoff';
import type { YamlEditorProps } from './types';
import './editor.css';

/**
 * A plain `<textarea>` with the editor's props: shown while Monaco loads (and if it fails to
 * load), so the manifest is never hidden and can be edited and applied at once.
 * The app's markers are listed under it and announced through `aria-describedby`.
 */
export function PlainYamlEditor(props: YamlEditorProps): JSX.Element {
  const { value, onChange, onApply, markers, ariaLabel, theme } = props;
  const markersId = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const hasErrors = markers.some((m) => m.severity === 'error');

  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    return () => {
      // Runs before React removes the textarea: hand the caret over to Monaco.
      if (textarea && textarea === document.activeElement) rememberCaret(textarea.selectionStart);
    };
  }, []);

  return (
    <div className={`kg-yaml-editor kg-yaml-editor--${theme}`} data-editor="plain">
      <textarea
        ref={textareaRef}
        className="kg-yaml-editor__textarea"
        aria-label={ariaLabel}
        aria-invalid={hasErrors || undefined}
        aria-describedby={markers.length > 0 ? markersId : undefined}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onApply();
          }
        }}
      />
      {markers.length > 0 && (
        <ul id={markersId} className="kg-yaml-editor__markers" aria-label="Problems">
          {markers.map((m, i) => (
            <li key={i} className={`kg-yaml-editor__marker kg-yaml-editor__marker--${m.severity}`}>
              Line {m.line}, column {m.column}: {m.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
