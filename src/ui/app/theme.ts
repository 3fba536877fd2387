/** The colour theme: the system's preference, unless the learner chose one with the toggle. */
import type { Theme } from '../store';

const THEME_KEY = 'kubeglass.theme';
const DARK = '(prefers-color-scheme: dark)';

/** The theme the learner chose, if any. */
export function storedTheme(): Theme | null {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : null;
  } catch {
    return null;
  }
}

/** The theme to start with. */
export function initialTheme(): Theme {
  return storedTheme() ?? (window.matchMedia(DARK).matches ? 'dark' : 'light');
}

/** Remembers the learner's choice. */
export function storeTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}

/** Follows the system theme while the learner has not chosen one; returns the unsubscribe. */
export function followSystemTheme(apply: (t: Theme) => void): () => void {
  const media = window.matchMedia(DARK);
  const onChange = () => {
    if (!storedTheme()) apply(media.matches ? 'dark' : 'light');
  };
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}
