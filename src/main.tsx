/**
 * The page's first script, kept small: it starts the engine's worker at once when the address
 * says the page simulates (booting the cluster is most of the time to the first diagram), then
 * loads the app, which downloads meanwhile.
 */
import { startWorkerEarly } from './ui/app/earlyWorker';
import { createEngineWorker } from './ui/bridge/startWorker';
import { simulatesAtOnce } from './ui/remote/simulatesAtOnce';

const engineWorker = simulatesAtOnce(window.location)
  ? startWorkerEarly(createEngineWorker)
  : undefined;
const { startApp } = await import('./ui/app/start');
await startApp(engineWorker);
