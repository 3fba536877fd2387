/**
 * The UI slice: what the learner selected, the editor's text, the last apply results, logs and
 * theme. Nothing here comes from the worker.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { DocumentResult } from '../../protocol';
import type { AppState } from './appStore';

/** What the inspector shows: a stored object (by etcd key) or a component (by id). */
export type Selection = { type: 'object'; key: string } | { type: 'component'; id: string } | null;

export type Theme = 'light' | 'dark';

/** The outcome of the last Apply or Delete. */
export interface ApplyOutcome {
  op: 'apply' | 'delete';
  ok: boolean;
  documents: DocumentResult[];
  /** Set when the request itself failed (worker stopped, timeout). */
  error?: string;
}

/** The log lines fetched for one pod. */
export interface LogsView {
  podKey: string;
  loading: boolean;
  text: string | null;
  error?: string;
  /** The past moment (virtual ms) the lines are of; absent for the live log. */
  at?: number;
  previous?: boolean;
}

export type SidePanel = 'inspector' | 'etcd';
/** The tabs of the dock below the diagram. */
export type DockTab = 'events' | 'scheduling' | 'terminal' | 'ports';

export interface UiData {
  selection: Selection;
  /** A component to flash (clicked event's source); `seq` restarts the flash when clicked again. */
  highlight: { componentId: string; seq: number } | null;
  theme: Theme;
  editorText: string;
  /** Why the editor's text could not be saved to browser storage; null when saved. */
  bufferSaveError: string | null;
  applying: boolean;
  applyOutcome: ApplyOutcome | null;
  logs: LogsView | null;
  sidePanel: SidePanel;
  dockTab: DockTab;
  /** Draw heartbeat traffic (Lease renewals, node status), faintly. Off keeps the diagram readable. */
  showHeartbeats: boolean;
  aboutOpen: boolean;
}

export interface UiActions {
  select(selection: Selection): void;
  highlightComponent(componentId: string | null): void;
  setTheme(theme: Theme): void;
  setEditorText(text: string): void;
  setBufferSaveError(error: string | null): void;
  setApplying(applying: boolean): void;
  setApplyOutcome(outcome: ApplyOutcome | null): void;
  setLogs(logs: LogsView | null): void;
  setSidePanel(panel: SidePanel): void;
  setDockTab(tab: DockTab): void;
  setShowHeartbeats(show: boolean): void;
  setAboutOpen(open: boolean): void;
}

export type UiSlice = UiData & UiActions;

/** The UI slice creator; combined with the cluster slice in `createAppStore`. */
export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  selection: null,
  highlight: null,
  theme: 'light',
  editorText: '',
  bufferSaveError: null,
  applying: false,
  applyOutcome: null,
  logs: null,
  sidePanel: 'inspector',
  dockTab: 'events',
  showHeartbeats: false,
  aboutOpen: false,
  select: (selection) =>
    set((s) => ({
      selection,
      // Logs belong to the pod they were fetched for.
      logs:
        s.logs && selection?.type === 'object' && selection.key === s.logs.podKey ? s.logs : null,
      sidePanel: selection ? 'inspector' : s.sidePanel,
    })),
  highlightComponent: (componentId) =>
    set((s) => ({
      highlight: componentId ? { componentId, seq: (s.highlight?.seq ?? 0) + 1 } : null,
    })),
  setTheme: (theme) => set({ theme }),
  setEditorText: (editorText) => set({ editorText }),
  setBufferSaveError: (bufferSaveError) =>
    set((s) => (s.bufferSaveError === bufferSaveError ? s : { bufferSaveError })),
  setApplying: (applying) => set({ applying }),
  setApplyOutcome: (applyOutcome) => set({ applyOutcome }),
  setLogs: (logs) => set({ logs }),
  setSidePanel: (sidePanel) => set({ sidePanel }),
  setDockTab: (dockTab) => set({ dockTab }),
  setShowHeartbeats: (showHeartbeats) => set({ showHeartbeats }),
  setAboutOpen: (aboutOpen) => set({ aboutOpen }),
});
