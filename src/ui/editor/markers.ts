import type { editor, MarkerSeverity } from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { EditorMarker } from './types';

/** Monaco's `MarkerSeverity` values, passed in so this stays testable without Monaco. */
export type MarkerSeverities = Pick<typeof MarkerSeverity, 'Error' | 'Warning' | 'Info'>;

/**
 * Converts the app's markers to Monaco marker data. Positions are 1-based; a marker that ends
 * before it starts, or has no width, is widened to the end of its line so it stays visible
 * (API errors often only know the field's line).
 */
export function toMarkerData(
  markers: readonly EditorMarker[],
  severities: MarkerSeverities,
): editor.IMarkerData[] {
  return markers.map((m) => {
    const startLineNumber = Math.max(1, Math.floor(m.line));
    const startColumn = Math.max(1, Math.floor(m.column));
    let endLineNumber = Math.max(startLineNumber, Math.floor(m.endLine));
    let endColumn = Math.max(1, Math.floor(m.endColumn));
    if (endLineNumber === startLineNumber && endColumn <= startColumn) {
      // Monaco extends an empty range to the word at the position; to the line end reads better.
      endLineNumber = startLineNumber;
      endColumn = Number.MAX_SAFE_INTEGER;
    }
    return {
      startLineNumber,
      startColumn,
      endLineNumber,
      endColumn,
      message: m.message,
      severity:
        m.severity === 'error'
          ? severities.Error
          : m.severity === 'warning'
            ? severities.Warning
            : severities.Info,
      source: 'kubeglass',
    };
  });
}
