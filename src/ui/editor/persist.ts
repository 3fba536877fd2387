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

/** Saves the editor's text; a full or blocked storage is ignored (the text stays on screen). */
export function saveBuffer(text: string): void {
  try {
    storage()?.setItem(BUFFER_KEY, text);
  } catch {
    // QuotaExceededError or SecurityError: nothing to do, the editor still holds the text.
  }
}
