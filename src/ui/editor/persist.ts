import { DEFAULT_EXAMPLE } from './examples';

/** The localStorage key of the editor's text. Bump the version if the format ever changes. */
export const BUFFER_KEY = 'kubeglass.buffer.v1';

/** localStorage, or undefined where it is missing or blocked (private mode, sandboxed frames). */
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text the editor starts with: what the learner last typed, or the Deployment-with-Service
 * example when nothing is saved or storage is unavailable.
 */
export function loadBuffer(): string {
  try {
    return storage()?.getItem(BUFFER_KEY) ?? DEFAULT_EXAMPLE.yaml;
  } catch {
    return DEFAULT_EXAMPLE.yaml;
  }
}

/**
 * Saves the editor's text. Returns null when saved, else why not (storage full, blocked or
 * missing); the text stays on screen either way.
 */
export function saveBuffer(text: string): string | null {
  try {
    const s = storage();
    if (!s) return 'this browser gives the page no storage';
    s.setItem(BUFFER_KEY, text);
    return null;
  } catch (e) {
    return e instanceof DOMException && e.name === 'QuotaExceededError'
      ? 'the browser storage is full'
      : 'the browser blocks storage for this page';
  }
}

/** Quiet time after the last keystroke before the buffer is written (ms). */
export const SAVE_DELAY_MS = 500;

/** What the saver needs of the app store (its editor text, and where to say a save failed). */
interface BufferStore {
  getState(): { editorText: string; setBufferSaveError(error: string | null): void };
  subscribe(
    listener: (s: { editorText: string }, prev: { editorText: string }) => void,
  ): () => void;
}

/**
 * Saves the editor's text to storage a moment after typing stops (not on every keystroke), and
 * at once when the page is hidden; a failed save is put in the store for the editor to show.
 * Returns a function that stops saving (after a last save of what is pending).
 */
export function persistEditorText(
  store: BufferStore,
  timers: {
    set(fn: () => void, ms: number): unknown;
    clear(id: unknown): void;
  } = {
    set: (fn, ms) => setTimeout(fn, ms),
    clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  },
): () => void {
  let timer: unknown;
  const save = () => {
    timer = undefined;
    const state = store.getState();
    state.setBufferSaveError(saveBuffer(state.editorText));
  };
  const flush = () => {
    if (timer === undefined) return;
    timers.clear(timer);
    save();
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.editorText === prev.editorText) return;
    if (timer !== undefined) timers.clear(timer);
    timer = timers.set(save, SAVE_DELAY_MS);
  });
  const onHide = () => flush();
  globalThis.addEventListener?.('pagehide', onHide);
  return () => {
    flush();
    unsubscribe();
    globalThis.removeEventListener?.('pagehide', onHide);
  };
}
