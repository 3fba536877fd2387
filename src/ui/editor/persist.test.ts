import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXAMPLE } from './examples';
import { BUFFER_KEY, loadBuffer, saveBuffer } from './persist';

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
});
