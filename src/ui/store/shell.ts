/**
 * The shell's own state: presenter mode, which panels are shown, their sizes, and caption
 * settings. A store of its own (nothing here comes from the worker), persisted in localStorage so
 * a teacher's layout survives a reload.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type PanelId = 'editor' | 'dock' | 'inspector' | 'story';
export type PanelVisibility = Readonly<Record<PanelId, boolean>>;

/** Panel sizes in CSS px, chosen with the drag handles. */
export interface PanelSizes {
  editorW: number;
  sideW: number;
  dockH: number;
}

export interface ShellData {
  presenter: boolean;
  /** Panels shown outside presenter mode, and in it (each mode remembers its own). */
  normalPanels: PanelVisibility;
  presenterPanels: PanelVisibility;
  sizes: PanelSizes;
  /** Message labels as the API says them (`POST pods`) rather than in plain words. */
  technicalLabels: boolean;
  /**
   * What a clicked Story line points at: its sender, receiver and object, flashed on the diagram.
   * `seq` restarts the flash when the same line is clicked again.
   */
  focus: { components: readonly string[]; objectKey?: string; seq: number } | null;
  /**
   * In a narrow window the inspector is a drawer over the diagram rather than a column: whether
   * it is open. Not saved: it opens when something is selected.
   */
  drawer: boolean;
}

export interface ShellActions {
  setPresenter(on: boolean): void;
  togglePanel(panel: PanelId): void;
  /** Shows a panel in the current mode (at the size the user chose for it). */
  showPanel(panel: PanelId): void;
  setSize(size: keyof PanelSizes, px: number): void;
  setTechnicalLabels(on: boolean): void;
  focusOn(components: readonly string[], objectKey?: string): void;
  setDrawer(open: boolean): void;
}

export type ShellState = ShellData & ShellActions;

const STORAGE_KEY = 'kubeglass.shell.v1';

export const DEFAULT_SIZES: PanelSizes = { editorW: 330, sideW: 290, dockH: 300 };
/** Bounds of each size, so a drag can never hide a panel or squeeze the diagram to nothing. */
export const SIZE_LIMITS: Readonly<Record<keyof PanelSizes, [number, number]>> = {
  editorW: [220, 900],
  sideW: [220, 800],
  dockH: [120, 700],
};

const NORMAL_PANELS: PanelVisibility = { editor: true, dock: true, inspector: true, story: false };
const PRESENTER_PANELS: PanelVisibility = {
  editor: false,
  dock: false,
  inspector: false,
  story: false,
};

/**
 * Below this window height (CSS px) a first visit starts with the dock collapsed to its tab strip:
 * at 1280×720, or 853×480 at 150 % zoom, an open dock leaves the diagram too short to read.
 */
export const SHORT_WINDOW = 800;

/** True when the window is short (false outside a browser, e.g. in unit tests). */
function isShortWindow(): boolean {
  const h = (globalThis as { innerHeight?: number }).innerHeight;
  return typeof h === 'number' && h > 0 && h < SHORT_WINDOW;
}

/** A number within `[lo, hi]`, or `fallback` when it is not a finite number. */
function clampSize(v: unknown, [lo, hi]: [number, number], fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
}

/** A saved JSON object from localStorage, or {} when it is missing, not JSON or not an object. */
export function savedRecord(raw: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The saved shell settings, validated field by field (a bad or old entry falls back to defaults). */
export function loadShell(
  raw: string | null,
  short = false,
): Pick<ShellData, 'sizes' | 'normalPanels' | 'presenterPanels' | 'technicalLabels'> {
  const saved = savedRecord(raw);
  const sizes = (saved.sizes ?? {}) as Record<string, unknown>;
  const panels = (v: unknown, d: PanelVisibility): PanelVisibility => {
    const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
    const pick = (k: PanelId) => (typeof o[k] === 'boolean' ? (o[k] as boolean) : d[k]);
    return {
      editor: pick('editor'),
      dock: pick('dock'),
      inspector: pick('inspector'),
      story: pick('story'),
    };
  };
  return {
    sizes: {
      editorW: clampSize(sizes.editorW, SIZE_LIMITS.editorW, DEFAULT_SIZES.editorW),
      sideW: clampSize(sizes.sideW, SIZE_LIMITS.sideW, DEFAULT_SIZES.sideW),
      dockH: clampSize(sizes.dockH, SIZE_LIMITS.dockH, DEFAULT_SIZES.dockH),
    },
    // A saved choice wins; a first visit in a short window starts with the dock collapsed.
    normalPanels: panels(
      saved.normalPanels,
      short ? { ...NORMAL_PANELS, dock: false } : NORMAL_PANELS,
    ),
    presenterPanels: panels(saved.presenterPanels, PRESENTER_PANELS),
    technicalLabels: saved.technicalLabels === true,
  };
}

function readStorage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function save(s: ShellData): void {
  try {
    globalThis.localStorage?.setItem(
      STORAGE_KEY,
      JSON.stringify({
        sizes: s.sizes,
        normalPanels: s.normalPanels,
        presenterPanels: s.presenterPanels,
        technicalLabels: s.technicalLabels,
      }),
    );
  } catch {
    // Private mode or a full quota: the layout simply is not remembered.
  }
}

/** A fresh shell store (the app has one; tests make their own). */
export function createShellStore(raw: string | null = readStorage(), short = isShortWindow()) {
  const store = createStore<ShellState>()((set) => ({
    presenter: false,
    ...loadShell(raw, short),
    focus: null,
    drawer: false,
    setDrawer: (drawer) => set({ drawer }),
    setPresenter: (presenter) => set({ presenter }),
    togglePanel: (panel) =>
      set((s) =>
        s.presenter
          ? { presenterPanels: { ...s.presenterPanels, [panel]: !s.presenterPanels[panel] } }
          : { normalPanels: { ...s.normalPanels, [panel]: !s.normalPanels[panel] } },
      ),
    showPanel: (panel) =>
      set((s) => {
        const key = s.presenter ? 'presenterPanels' : 'normalPanels';
        return s[key][panel] ? {} : { [key]: { ...s[key], [panel]: true } };
      }),
    setSize: (size, px) =>
      set((s) => ({
        sizes: { ...s.sizes, [size]: clampSize(px, SIZE_LIMITS[size], s.sizes[size]) },
      })),
    setTechnicalLabels: (technicalLabels) => set({ technicalLabels }),
    focusOn: (components, objectKey) =>
      set((s) => ({ focus: { components, objectKey, seq: (s.focus?.seq ?? 0) + 1 } })),
  }));
  store.subscribe((s, prev) => {
    if (
      s.sizes !== prev.sizes ||
      s.normalPanels !== prev.normalPanels ||
      s.presenterPanels !== prev.presenterPanels ||
      s.technicalLabels !== prev.technicalLabels
    )
      save(s);
  });
  return store;
}

export const shellStore = createShellStore();

/** Selects from the shell store. */
export function useShell<T>(selector: (s: ShellState) => T): T {
  return useStore(shellStore, selector);
}

/** The panels shown in the current mode. */
export const selectPanels = (s: ShellState): PanelVisibility =>
  s.presenter ? s.presenterPanels : s.normalPanels;
