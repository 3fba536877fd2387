/**
 * Which cluster the page draws: its own simulation (`sim`, the default), a `sim serve` it is
 * attached to (`attach`), or a real cluster through `kubectl proxy` (`live`). Decided once, before
 * the worker starts, from the page's address:
 * - `?attach=URL` (from `npm run dev`): attach to the sim serve at URL, `#token=…` if it wants one;
 * - served at `…/kubeglass/` beside an API: a sim serve (its `/kubeglass/info` says so) is attached
 *   at once; a real API server (`/version` and `/api` answer) is offered as live mode, `?live`;
 * - `?simulate`, or anywhere else (`/`, a file share): the simulation, with no request sent.
 */
import { createStore, useStore } from 'zustand';
import { simulatesAtOnce } from './simulatesAtOnce';

export type RemoteMode = 'sim' | 'attach' | 'live';

export interface RemoteState {
  mode: RemoteMode;
  /** The cluster's root, absolute, ending in `/` (attach and live). */
  base?: string;
  token?: string;
  /** The API server's version (`v1.31.0`), when known. */
  version?: string;
  /** A real API beside the page, offered as live mode (the page still simulates). */
  offer?: { base: string; version: string };
}

export const remoteStore = createStore<RemoteState>(() => ({ mode: 'sim' }));

export function useRemote<T>(select: (s: RemoteState) => T): T {
  return useStore(remoteStore, select);
}

/** Where the page is: the parts of `Location` read. */
export interface PageLocation {
  href: string;
  pathname: string;
  search: string;
  hash: string;
}

/** How long the probes of a `/kubeglass/` page may take before the page simulates anyway. */
const PROBE_MS = 2_000;

async function getJson(
  url: string,
  fetcher: typeof fetch,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown> | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PROBE_MS);
  try {
    const res = await fetcher(url, { headers, signal: abort.signal, cache: 'no-store' });
    if (!res.ok) return undefined;
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Decides the mode from the page's address (see the file's comment). */
export async function detectMode(
  loc: PageLocation,
  fetcher: typeof fetch = (i, init) => fetch(i, init),
): Promise<RemoteState> {
  const q = new URLSearchParams(loc.search);
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token') ?? undefined;
  const withToken = token ? { token } : {};
  if (simulatesAtOnce(loc)) return { mode: 'sim' };
  const attach = q.get('attach');
  if (attach) {
    const base = new URL(attach.endsWith('/') ? attach : `${attach}/`, loc.href).href;
    return { mode: 'attach', base, ...withToken };
  }
  const at = /^(.*\/)kubeglass\/(index\.html)?$/.exec(loc.pathname);
  if (!at) return { mode: 'sim' }; // (simulatesAtOnce said so already)
  const base = new URL(at[1], loc.href).href;
  // `?live` on a sim serve's page: live mode with sim serve standing in for a real cluster.
  const info = q.has('live') ? undefined : await getJson(`${base}kubeglass/info`, fetcher);
  if (info?.server === 'kubeglass sim serve') return { mode: 'attach', base, ...withToken };
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const [version, api] = await Promise.all([
    getJson(`${base}version`, fetcher, headers),
    getJson(`${base}api`, fetcher, headers),
  ]);
  if (typeof version?.gitVersion !== 'string' || api?.kind !== 'APIVersions')
    return { mode: 'sim' };
  if (q.has('live')) return { mode: 'live', base, version: version.gitVersion, ...withToken };
  return { mode: 'sim', offer: { base, version: version.gitVersion } };
}

/**
 * Live mode asks before the editor writes to a real cluster, naming it. Through kubectl proxy the
 * page cannot see the kubeconfig's context name; the proxy uses the current context.
 */
export function confirmRemoteWrite(op: 'apply' | 'delete'): boolean {
  const s = remoteStore.getState();
  if (s.mode !== 'live') return true;
  return window.confirm(
    `${op === 'apply' ? 'Apply this manifest to' : 'Delete these objects from'} a REAL cluster?\n\n` +
      `Server: ${s.base ?? '?'} (Kubernetes ${s.version ?? '?'}), reached through kubectl proxy ` +
      `as its kubeconfig's current context (kubectl config current-context).\n\n` +
      (op === 'apply' ? 'Sent as server-side apply, field manager "kubeglass".' : ''),
  );
}
