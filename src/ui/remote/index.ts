import './remote.css';
export {
  confirmRemoteWrite,
  detectMode,
  remoteStore,
  useRemote,
  type RemoteMode,
  type RemoteState,
} from './remoteMode';
export { RemoteBadge } from './RemoteBadge';
export { LiveOffer } from './LiveOffer';
