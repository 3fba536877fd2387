import { useAppStore } from '../store';

/** Says so when the editor's text could not be saved: it is kept on screen, not across reloads. */
export function BufferSaveStatus() {
  const error = useAppStore((s) => s.bufferSaveError);
  if (!error) return null;
  return (
    <span className="kg-save-error" role="status">
      Not saved: {error}. Your text stays here until you reload.
    </span>
  );
}
