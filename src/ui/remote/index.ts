import './remote.css';
export {
  confirmRemoteWrite,
  detectMode,
  remoteStore,
  useRemote,
  type RemoteMode,
  type RemoteState,
} from './remoteMode';
export { LiveOffer } from './LiveOffer';
