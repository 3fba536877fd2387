export { CaptionBar } from './CaptionBar';
export { StoryPanel } from './StoryPanel';
export { captionStore, captionBatch } from './captionStore';
export type { StoryEntry } from './captionStore';
