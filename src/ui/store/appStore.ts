/**
 * The app's one zustand store: the cluster slice (fed by the worker bridge) and the UI slice.
 * A vanilla store, so the bridge and the animator use it outside React.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { createClusterSlice } from './clusterSlice';
import type { ClusterSlice } from './clusterSlice';
import { createUiSlice } from './uiSlice';
import type { UiSlice } from './uiSlice';
import { createLessonSlice } from './lessonSlice';
import type { LessonSlice } from './lessonSlice';

export type AppState = ClusterSlice & UiSlice & LessonSlice;
export type AppStore = StoreApi<AppState>;

/** A fresh store (the app has one; tests make their own). */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createClusterSlice(...a),
    ...createUiSlice(...a),
    ...createLessonSlice(...a),
  }));
}

/** The store the app uses. */
export const appStore: AppStore = createAppStore();
