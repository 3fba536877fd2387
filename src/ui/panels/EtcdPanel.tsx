import { useMemo, useState } from 'react';
import { appStore, useAppStore } from '../store';
import type { AppState } from '../store';

/** `/registry/pods/default/web` → `/registry/pods/`; services keep their `specs/` level. */
export function keyPrefix(key: string): string {
  const parts = key.split('/');
  const depth = parts[2] === 'services' ? 4 : 3;
  return parts.slice(0, depth).join('/') + '/';
}

/** Sorted keys; changes only when a key is added or removed. */
function allKeys(s: AppState): string {
  return Object.values(s.keysByKind)
    .flatMap((l) => l.keys)
    .sort()
    .join('\n');
}

/** etcd's keys, grouped by prefix, with their revisions. Click one to inspect it. */
export function EtcdPanel() {
  const keysText = useAppStore(allKeys);
  const objects = useAppStore((s) => s.objects);
  const revision = useAppStore((s) => s.revision);
  const selectedKey = useAppStore((s) => (s.selection?.type === 'object' ? s.selection.key : ''));
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const key of keysText ? keysText.split('\n') : []) {
      if (filter && !key.includes(filter)) continue;
      const p = keyPrefix(key);
      const list = out.get(p) ?? [];
      list.push(key);
      out.set(p, list);
    }
    return [...out.entries()];
  }, [keysText, filter]);
  return (
    <section className="kg-panel kg-etcd" aria-label="etcd browser">
      <header className="kg-panel-header">
        <h2>etcd</h2>
        <span className="kg-muted">revision {revision}</span>
      </header>
      <input
        className="kg-input"
        type="search"
        placeholder="Filter keys, e.g. /pods/"
        aria-label="Filter etcd keys"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="kg-etcd-groups">
        {groups.map(([prefix, keys]) => (
          <details key={prefix} open={keys.length <= 30 || !!filter}>
            <summary>
              <span className="kg-mono">{prefix}</span>{' '}
              <span className="kg-count">{keys.length}</span>
            </summary>
            <ul className="kg-keys">
              {keys.map((k) => (
                <li key={k}>
                  <button
                    type="button"
                    className={`kg-key${k === selectedKey ? ' is-selected' : ''}`}
                    onClick={() => appStore.getState().select({ type: 'object', key: k })}
                  >
                    <span className="kg-mono kg-key-name">{k.slice(prefix.length)}</span>
                    <span className="kg-mono kg-muted" title="create revision / mod revision">
                      {objects.get(k)?.createRevision}/{objects.get(k)?.modRevision}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
        ))}
        {groups.length === 0 && <p className="kg-empty">No keys.</p>}
      </div>
    </section>
  );
}
