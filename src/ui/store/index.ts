/**
 * The app store and its React hooks.
 *
 * @example
 * const pod = useAppStore((s) => s.objects.get(key));           // one object: re-renders when it changes
 * const workers = useAppStore(useShallow(selectWorkerNames)); // an array: compared item by item
 */
import { useStore } from 'zustand';
import { appStore } from './appStore';
import type { AppState } from './appStore';

export { appStore, createAppStore } from './appStore';
export type { AppState, AppStore } from './appStore';
export type { ClusterData, SimulationStatus } from './clusterSlice';
export type { Selection, Theme, ApplyOutcome, LogsView, SidePanel, DockTab } from './uiSlice';
export * from './selectors';
export { podView, containerView } from './podView';
export type { PodView, PodTone, ContainerTone } from './podView';
export { shallowEqual, useShallow } from './shallow';
export { KeyList, keysOf } from './keyList';

/** Selects from the app store; the component re-renders when the selected value changes (Object.is). */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
export { shellStore, useShell, selectPanels } from './shell';
export type { PanelId, PanelSizes, ShellState } from './shell';
