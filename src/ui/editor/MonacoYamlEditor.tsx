import { useEffect, useLayoutEffect, useRef, type JSX } from 'react';
import { takeCaret } from './handoff';
import { toMarkerData } from './markers';
import { MODEL_FOLDER, monaco } from './monaco';
import { MARKER_OWNER, type YamlEditorProps } from './types';

/** Each editor instance gets its own model URI (StrictMode mounts twice; models must not clash). */
let modelCount = 0;

function monacoTheme(theme: YamlEditorProps['theme']): string {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}

/**
 * The Monaco YAML editor: Kubernetes schema completion, hover docs and validation from
 * monaco-yaml, plus the app's own markers (owner `kubeglass`). Loaded lazily: use
 * `LazyYamlEditor` or `YamlEditor`, not this module directly.
 */
export function MonacoYamlEditor(props: YamlEditorProps): JSX.Element {
  const { value, markers, ariaLabel, theme } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // The latest props for Monaco's long-lived listeners, which must not be re-registered.
  const latest = useRef(props);
  // True while the editor writes a new `value` prop into the model: not a user edit.
  const syncing = useRef(false);

  useLayoutEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const initial = latest.current;
    modelCount += 1;
    const model = monaco.editor.createModel(
      initial.value,
      'yaml',
      monaco.Uri.parse(`${MODEL_FOLDER}manifest-${modelCount}.yaml`),
    );
    model.updateOptions({ tabSize: 2, indentSize: 2, insertSpaces: true });
    const editor = monaco.editor.create(host, {
      model,
      theme: monacoTheme(initial.theme),
      ariaLabel: initial.ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      // Readable from the back of a classroom.
      fontSize: 15,
      lineHeight: 22,
      scrollBeyondLastLine: false,
      detectIndentation: false,
      // Hovers and suggestions may overflow a narrow editor panel.
      fixedOverflowWidgets: true,
      // Schema values (kinds, enums) are strings in YAML: suggest while typing them too.
      quickSuggestions: { other: true, comments: false, strings: true },
      // Only the schema's suggestions, not every word of the document.
      wordBasedSuggestions: 'off',
      renderWhitespace: 'boundary',
      tabSize: 2,
    });
    editorRef.current = editor;

    editor.addAction({
      id: 'kubeglass.apply',
      label: 'Apply manifest',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => latest.current.onApply(),
    });
    const changes = model.onDidChangeContent(() => {
      if (!syncing.current) latest.current.onChange(model.getValue());
    });

    // The learner was typing in the fallback textarea: keep focus and caret.
    const caret = takeCaret();
    if (caret) {
      const position = model.getPositionAt(caret.offset);
      editor.setPosition(position);
      editor.revealPositionInCenterIfOutsideViewport(position);
      editor.focus();
    }

    return () => {
      changes.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, []);

  // Controlled value: write it only when it differs from the model, so typing (which already
  // changed the model) never resets the cursor. An external change stays undoable.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || model.getValue() === value) return;
    syncing.current = true;
    try {
      editor.pushUndoStop();
      model.pushEditOperations(
        editor.getSelections(),
        [{ range: model.getFullModelRange(), text: value }],
        () => null,
      );
      editor.pushUndoStop();
    } finally {
      syncing.current = false;
    }
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model)
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        toMarkerData(markers, monaco.MarkerSeverity),
      );
  }, [markers]);

  useEffect(() => {
    editorRef.current?.updateOptions({ ariaLabel });
  }, [ariaLabel]);

  useEffect(() => {
    // Monaco has one theme for all editors on the page.
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  return (
    <div className={`kg-yaml-editor kg-yaml-editor--${theme}`} data-editor="monaco">
      <div ref={hostRef} className="kg-yaml-editor__monaco" />
    </div>
  );
}
