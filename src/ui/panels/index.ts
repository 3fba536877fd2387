export { EditorPanel } from './EditorPanel';
export { EventsPanel } from './EventsPanel';
export { InspectorPanel } from './InspectorPanel';
export { EtcdPanel } from './EtcdPanel';
export { PlaybackBar, formatClock, SPEEDS } from './PlaybackBar';
export { ErrorBanner } from './ErrorBanner';
export { SidePanel } from './SidePanel';
