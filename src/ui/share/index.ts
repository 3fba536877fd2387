export { ShareControls } from './ShareControls';
