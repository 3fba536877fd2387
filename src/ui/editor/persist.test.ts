import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXAMPLE } from './examples';
import { createAppStore } from '../store/appStore';
import { BUFFER_KEY, loadBuffer, persistEditorText, saveBuffer } from './persist';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('editor buffer persistence', () => {
  it('starts with the Deployment-with-Service example when nothing is saved', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    expect(DEFAULT_EXAMPLE.id).toBe('deployment-service');
    expect(loadBuffer()).toBe(DEFAULT_EXAMPLE.yaml);
  });

  it('gives back what was saved, under kubeglass.buffer.v1', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    saveBuffer('apiVersion: v1\nkind: Pod\n');
    expect(storage.getItem(BUFFER_KEY)).toBe('apiVersion: v1\nkind: Pod\n');
    expect(BUFFER_KEY).toBe('kubeglass.buffer.v1');
    expect(loadBuffer()).toBe('apiVersion: v1\nkind: Pod\n');
    saveBuffer('');
    expect(loadBuffer()).toBe('');
  });

  it('keeps working when storage is blocked or full', () => {
    const blocked = memoryStorage();
    blocked.getItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    blocked.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    vi.stubGlobal('localStorage', blocked);
    expect(() => saveBuffer('x')).not.toThrow();
    expect(loadBuffer()).toBe(DEFAULT_EXAMPLE.yaml);
    vi.stubGlobal('localStorage', undefined);
    expect(loadBuffer()).toBe(DEFAULT_EXAMPLE.yaml);
  });

  it('saves typing once it pauses, not on every keystroke, and says when a save fails', () => {
    const storage = memoryStorage();
    let writes = 0;
    const setItem = storage.setItem;
    storage.setItem = (k, v) => {
      writes++;
      setItem(k, v);
    };
    vi.stubGlobal('localStorage', storage);
    const store = createAppStore();
    const timers = new Map<number, () => void>();
    let id = 0;
    const stop = persistEditorText(store, {
      set: (fn) => (timers.set(++id, fn), id),
      clear: (t) => timers.delete(t as number),
    });
    for (const text of ['k', 'ki', 'kin', 'kind']) store.getState().setEditorText(text);
    expect(writes).toBe(0);
    expect(timers.size).toBe(1);
    for (const fn of timers.values()) fn();
    timers.clear();
    expect(writes).toBe(1);
    expect(loadBuffer()).toBe('kind');
    expect(store.getState().bufferSaveError).toBeNull();

    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    store.getState().setEditorText('kind: Pod');
    stop(); // stopping saves what is pending
    expect(store.getState().bufferSaveError).toBe('the browser storage is full');
  });
});
