import { describe, expect, it } from 'vitest';
import { createShellStore, DEFAULT_SIZES, loadShell, SIZE_LIMITS } from './shell';

describe('the shell store', () => {
  it('remembers sizes within their limits, and falls back on bad saved data', () => {
    expect(loadShell('{"sizes":{"editorW":9999,"dockH":"tall"}}').sizes).toEqual({
      editorW: SIZE_LIMITS.editorW[1],
      sideW: DEFAULT_SIZES.sideW,
      dockH: DEFAULT_SIZES.dockH,
    });
    expect(loadShell('not json').normalPanels.editor).toBe(true);
    expect(loadShell(null).presenterPanels).toEqual({
      editor: false,
      dock: false,
      inspector: false,
      story: false,
    });
  });

  it('starts with the dock collapsed in a short window, unless the user chose otherwise', () => {
    expect(loadShell(null, true).normalPanels).toEqual({
      editor: true,
      dock: false,
      inspector: true,
      story: false,
    });
    expect(loadShell(null, false).normalPanels.dock).toBe(true);
    expect(loadShell('{"normalPanels":{"dock":true}}', true).normalPanels.dock).toBe(true);
    // The drawer (the inspector in a narrow window) starts closed and is not saved.
    const s = createShellStore(null, true);
    expect(s.getState().drawer).toBe(false);
    s.getState().setDrawer(true);
    expect(s.getState().drawer).toBe(true);
    expect(createShellStore(null, true).getState().drawer).toBe(false);
  });

  it('shows and hides panels per mode: presenter hides all, each can be brought back', () => {
    const s = createShellStore(null);
    s.getState().setPresenter(true);
    s.getState().togglePanel('dock');
    expect(s.getState().presenterPanels.dock).toBe(true);
    expect(s.getState().presenterPanels.editor).toBe(false);
    s.getState().setPresenter(false);
    // Leaving presenter mode brings the normal layout back as it was.
    expect(s.getState().normalPanels).toEqual({
      editor: true,
      dock: true,
      inspector: true,
      story: false,
    });
  });
});

describe('collapsing panels', () => {
  it('a collapsed panel comes back at the size the user chose, and the choice is saved', () => {
    const s = createShellStore(null);
    s.getState().setSize('dockH', 180);
    s.getState().togglePanel('dock');
    expect(s.getState().normalPanels.dock).toBe(false);
    s.getState().showPanel('dock');
    expect(s.getState().normalPanels.dock).toBe(true);
    expect(s.getState().sizes.dockH).toBe(180);
    // Showing a shown panel changes nothing (no needless re-render or save).
    const before = s.getState().normalPanels;
    s.getState().showPanel('dock');
    expect(s.getState().normalPanels).toBe(before);
  });
});
