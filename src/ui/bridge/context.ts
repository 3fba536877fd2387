/** React access to the one bridge the app runs. */
import { createContext, useContext } from 'react';
import type { WorkerBridge } from './bridge';

export const BridgeContext = createContext<WorkerBridge | null>(null);

/** The app's worker bridge; throws outside `<BridgeContext.Provider>`. */
export function useBridge(): WorkerBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge: no BridgeContext provider');
  return bridge;
}
