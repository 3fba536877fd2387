/** A problem to underline in the editor, 1-based like Monaco (and like `yaml`'s linePos). */
export interface EditorMarker {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

/** Props of the YAML editor, shared by the Monaco editor and its plain-textarea fallback. */
export interface YamlEditorProps {
  /** The manifest text (controlled). */
  value: string;
  /** Called with the whole text after every edit. */
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter */
  onApply: () => void;
  /** Markers from apply results (YAML syntax errors and API validation errors), owner 'kubeglass'. */
  markers: EditorMarker[];
  /** Accessible label, e.g. 'Manifest editor'. */
  ariaLabel: string;
  theme: 'light' | 'dark';
}

/** The owner of the markers the app sets; monaco-yaml's own schema markers use another owner. */
export const MARKER_OWNER = 'kubeglass';
