/**
 * What the sharing UI shows: the Share dialog, a message about a link or file that could not be
 * opened, and a question before anything the learner wrote is replaced. Kept apart from the app
 * store: nothing here comes from the worker.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

/** A message for the learner; `text` is always shown as text, never as markup. */
export interface ShareNotice {
  title: string;
  text: string;
}

/** A question with two answers; `resolve` gets true for the first. */
export interface ShareQuestion {
  title: string;
  text: string;
  yes: string;
  no: string;
  resolve(yes: boolean): void;
}

export interface ShareState {
  dialogOpen: boolean;
  notice: ShareNotice | null;
  question: ShareQuestion | null;
  /** Something long is under way (a replay): its description. */
  busy: string | null;
}

export const shareStore = createStore<ShareState>()(() => ({
  dialogOpen: false,
  notice: null,
  question: null,
  busy: null,
}));

export function useShare<T>(selector: (s: ShareState) => T): T {
  return useStore(shareStore, selector);
}

/** Shows a message about something that could not be done. */
export function notify(title: string, text: string): void {
  shareStore.setState({ notice: { title, text } });
}

/** Asks a question; resolves true for `yes`. */
export function ask(title: string, text: string, yes: string, no: string): Promise<boolean> {
  return new Promise((resolve) =>
    shareStore.setState({
      question: {
        title,
        text,
        yes,
        no,
        resolve: (answer) => {
          shareStore.setState({ question: null });
          resolve(answer);
        },
      },
    }),
  );
}
