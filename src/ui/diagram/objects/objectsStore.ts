/** Whether the Objects overlay is shown (a view choice, not saved: each visit starts on the cluster). */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export const objectsStore = createStore<{ open: boolean }>()(() => ({ open: false }));

export function useObjectsOpen(): boolean {
  return useStore(objectsStore, (s) => s.open);
}

export function toggleObjects(): void {
  objectsStore.setState((s) => ({ open: !s.open }));
}
