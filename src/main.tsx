import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, initialTheme } from './ui/app';
import { BridgeContext, WorkerBridge, createEngineWorker } from './ui/bridge';
import { loadBuffer, persistEditorText } from './ui/editor/persist';
import { appStore } from './ui/store';

// The editor's text and the theme are known before the first paint; the worker starts at once.
appStore.getState().setEditorText(loadBuffer());
appStore.getState().setTheme(initialTheme());
persistEditorText(appStore);
const bridge = new WorkerBridge(appStore, createEngineWorker);
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
