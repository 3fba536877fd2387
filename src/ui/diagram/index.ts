export { Diagram } from './Diagram';
export { MessageAnimator, HOP_MS, MAX_DOTS } from './animator';
export { layoutDiagram } from './layout';
export type { Layout, LayoutBox, LayoutEdge, LayoutInput, Point } from './layout';
export { ViewControls, FullscreenButton } from './ViewControls';
