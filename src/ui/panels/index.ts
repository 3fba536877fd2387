export { EditorPanel } from './EditorPanel';
export { EventsPanel } from './EventsPanel';
export { InspectorPanel } from './InspectorPanel';
export { PlaybackBar, formatClock, SPEEDS } from './PlaybackBar';
export { ErrorBanner } from './ErrorBanner';
export { FastForwardStatus } from './FastForwardStatus';
export { SidePanel } from './SidePanel';
export { Dock, DOCK_TABS } from './Dock';
