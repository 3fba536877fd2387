import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initialTheme } from './theme';
import {
  BridgeContext,
  WorkerBridge,
  createEngineWorker,
  createRemoteWorker,
  type WorkerLike,
} from '../bridge';
import { detectMode, remoteStore } from '../remote';
import { loadBuffer, persistEditorText } from '../editor/persist';
import { appStore } from '../store';

/**
 * Starts the app: the stores, the bridge to the cluster's worker, and the first render.
 * `engineWorker` is the engine worker started before this code loaded (src/main.tsx), when the
 * page's address said at once that it simulates.
 */
export async function startApp(engineWorker?: () => WorkerLike): Promise<void> {
  // The editor's text and the theme are known before the first paint.
  appStore.getState().setEditorText(loadBuffer());
  appStore.getState().setTheme(initialTheme());
  persistEditorText(appStore);
  // Which cluster to draw: the simulation, or (served under /kubeglass/, or ?attach=URL) a sim
  // serve or a real cluster; a page anywhere else asks nothing and simulates at once.
  const remote = await detectMode(window.location);
  remoteStore.setState(remote, true);
  const { mode, base, token } = remote;
  const bridge = new WorkerBridge(
    appStore,
    mode !== 'sim' && base
      ? () => createRemoteWorker({ mode, base, ...(token ? { token } : {}) })
      : (engineWorker ?? createEngineWorker),
  );
  bridge.start();
  // `?debug`: the bridge on window, so end-to-end tests can make the worker fail as a bug would.
  if (new URLSearchParams(location.search).has('debug')) {
    (window as unknown as { kubeglassBridge: WorkerBridge }).kubeglassBridge = bridge;
  }

  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <BridgeContext.Provider value={bridge}>
        <App />
      </BridgeContext.Provider>
    </StrictMode>,
  );
}
