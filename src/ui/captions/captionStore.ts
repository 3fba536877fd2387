/**
 * The Story: a caption for every message the diagram draws, newest first, built from the trace
 * as batches arrive (outside React: one store update per batch, not per message).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { captionFor } from '../../protocol/caption';
import type { Caption } from '../../protocol/caption';
import type { TraceEvent } from '../../protocol';
import type { AppStore } from '../store';

/** One line of the Story. */
export interface StoryEntry extends Caption {
  /** The trace event's id (unique within a run). */
  id: number;
  /** Virtual ms it was sent at. */
  at: number;
  kind: TraceEvent['kind'];
}

/** Lines the Story keeps. */
export const STORY_LENGTH = 200;
/** Delivered events remembered to find a message's cause (flow + receiver). */
const CAUSES_KEPT = 5000;

export interface CaptionState {
  /** Newest first. */
  story: readonly StoryEntry[];
}

export const captionStore = createStore<CaptionState>()(() => ({ story: [] }));

export function useCaptions<T>(selector: (s: CaptionState) => T): T {
  return useStore(captionStore, selector);
}

/**
 * The entries of one batch, newest first. `delivered` maps `flow|receiver` to the latest event
 * of that flow that reached that receiver: the cause of what the receiver sends next.
 */
export function captionBatch(
  events: readonly TraceEvent[],
  delivered: Map<string, TraceEvent>,
  showHeartbeats: boolean,
): StoryEntry[] {
  const out: StoryEntry[] = [];
  for (const ev of events) {
    const heartbeat = ev.background === true;
    const cause = ev.cause !== undefined ? delivered.get(`${ev.cause}|${ev.from}`) : undefined;
    const key = `${ev.flow}|${ev.to}`;
    delivered.delete(key);
    delivered.set(key, ev);
    if (delivered.size > CAUSES_KEPT) delivered.delete(delivered.keys().next().value as string);
    if (heartbeat && !showHeartbeats) continue;
    out.push({ ...captionFor(ev, cause), id: ev.id, at: ev.sentAt, kind: ev.kind });
  }
  return out.reverse();
}

/** Feeds the Story from the app store's trace batches; returns the unsubscribe function. */
export function feedCaptions(app: AppStore): () => void {
  let delivered = new Map<string, TraceEvent>();
  return app.subscribe((s, prev) => {
    if (s.componentIds !== prev.componentIds && s.lastTrace.length === 0) {
      // A new cluster: a new story.
      delivered = new Map();
      captionStore.setState({ story: [] });
      return;
    }
    if (s.lastTrace === prev.lastTrace || s.lastTrace.length === 0) return;
    const fresh = captionBatch(s.lastTrace, delivered, s.showHeartbeats);
    if (fresh.length === 0) return;
    const story = fresh.concat(captionStore.getState().story);
    captionStore.setState({
      story: story.length > STORY_LENGTH ? story.slice(0, STORY_LENGTH) : story,
    });
  });
}
