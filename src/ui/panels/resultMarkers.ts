/** Apply/delete results as editor markers and as kubectl-like lines. */
import type { DocumentResult } from '../../protocol';
import type { EditorMarker } from '../editor/types';

/** Markers for every failed document: its precise problems, else its whole range. */
export function resultMarkers(documents: readonly DocumentResult[]): EditorMarker[] {
  const markers: EditorMarker[] = [];
  for (const doc of documents) {
    if (doc.ok) continue;
    if (doc.problems?.length) {
      for (const p of doc.problems)
        markers.push({ ...p.range, message: p.message, severity: 'error' });
    } else if (doc.range) {
      markers.push({ ...doc.range, message: doc.message, severity: 'error' });
    }
  }
  return markers;
}
