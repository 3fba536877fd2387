export { CaptionBar } from './CaptionBar';
export { captionStore, captionBatch } from './captionStore';
export type { StoryEntry } from './captionStore';
