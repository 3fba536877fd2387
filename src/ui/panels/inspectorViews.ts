// The inspector's views of a selection, loaded together on demand (InspectorPanel).
export { ObjectView } from './ObjectView';
export { ComponentView } from './ComponentView';
