/**
 * The Story: a caption for every message the diagram draws, newest first, built from the trace
 * as batches arrive (outside React: one store update per batch, not per message).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Caption } from '../../protocol/caption';
import type { TraceEvent } from '../../protocol';
import type { AppStore } from '../store';
import { feedOnDemand, hasMessages, loadCaptions, loadImages } from '../store/onDemand';
import type { Loader } from '../store/onDemand';

/** The caption of one event (`captionFor` of protocol/caption, with the registry it needs). */
export type CaptionOf = (ev: TraceEvent, cause?: TraceEvent) => Caption;

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
 * The latest delivered event per flow and receiver, remembering about the last CAUSES_KEPT: two
 * generations of maps, the older dropped whole when the newer fills. (Evicting the oldest key one
 * by one from a single Map left it full of deleted slots that every eviction scanned past: at 16×
 * a rollout's thousands of messages a second made that the Story's main cost.) Keyed by a number,
 * the flow and the receiver's index: a string built for every message was most of what remained.
 */
export class RecentDeliveries {
  private current = new Map<number, TraceEvent>();
  private previous = new Map<number, TraceEvent>();
  /** Each component's (or endpoint's) index in the keys. */
  private readonly endpoints = new Map<string, number>();

  private key(flow: number, receiver: string): number {
    let i = this.endpoints.get(receiver);
    if (i === undefined) {
      i = this.endpoints.size;
      this.endpoints.set(receiver, i);
    }
    // Exact while flow × 2^20 + i stays below 2^53: a billion flows, a million endpoints.
    return flow * 1_048_576 + i;
  }

  get(flow: number, receiver: string): TraceEvent | undefined {
    const k = this.key(flow, receiver);
    return this.current.get(k) ?? this.previous.get(k);
  }

  set(flow: number, receiver: string, ev: TraceEvent): void {
    this.current.set(this.key(flow, receiver), ev);
    if (this.current.size >= CAUSES_KEPT / 2) {
      this.previous = this.current;
      this.current = new Map();
    }
  }
}

/**
 * The entries of one batch, newest first (at most `limit`: the Story keeps no more, and a
 * fast-forward's batch holds thousands of messages). `delivered` maps `flow|receiver` to the
 * latest event of that flow that reached that receiver: the cause of what the receiver sends next.
 */
export function captionBatch(
  events: readonly TraceEvent[],
  delivered: RecentDeliveries,
  showHeartbeats: boolean,
  captionOf: CaptionOf,
  limit = STORY_LENGTH,
): StoryEntry[] {
  const shown = (ev: TraceEvent) => showHeartbeats || ev.background !== true;
  // Only the newest `limit` shown events are captioned; every event still records its delivery.
  let first = events.length;
  for (let n = 0; first > 0 && n < limit;) if (shown(events[--first])) n++;
  const out: StoryEntry[] = [];
  events.forEach((ev, i) => {
    const cause =
      i >= first && ev.cause !== undefined ? delivered.get(ev.cause, ev.from) : undefined;
    delivered.set(ev.flow, ev.to, ev);
    if (i < first || !shown(ev)) return;
    out.push(new LazyEntry(ev, cause, captionOf));
  });
  return out.reverse();
}

/**
 * A Story line whose words are made when first read. At 16× a frame's batch brings hundreds of
 * messages and the next batch pushes most of them out of the Story unseen: only the lines the
 * caption bar or the open Story panel reads are ever worded. The cause is found at once (the
 * deliveries move on); `captionOf` is pure, so a later wording reads the same.
 */
class LazyEntry implements StoryEntry {
  readonly id: number;
  readonly at: number;
  readonly kind: TraceEvent['kind'];
  private made: Caption | undefined;

  constructor(
    private readonly ev: TraceEvent,
    private readonly cause: TraceEvent | undefined,
    private readonly captionOf: CaptionOf,
  ) {
    this.id = ev.id;
    this.at = ev.sentAt;
    this.kind = ev.kind;
  }

  private get caption(): Caption {
    return (this.made ??= this.captionOf(this.ev, this.cause));
  }
  get text() {
    return this.caption.text;
  }
  get short() {
    return this.caption.short;
  }
  get from() {
    return this.caption.from;
  }
  get to() {
    return this.caption.to;
  }
  get object() {
    return this.caption.object;
  }
  get technical() {
    return this.caption.technical;
  }
  get terms() {
    return this.caption.terms;
  }
}

/** The captions and the registry, loaded together at the first message. */
const loadCaptionOf: Loader<CaptionOf> = () =>
  Promise.all([loadCaptions(), loadImages()]).then(
    ([m, images]) =>
      (ev, cause) =>
        m.captionFor(ev, cause, images),
  );

/**
 * Feeds the Story from the app store's trace batches; returns the unsubscribe function. The
 * captions, and the registry a pull's caption reads the image's size and time from, come on
 * demand at the first message (`feedOnDemand`): batches wait for them, so every caption reads as
 * if they had been there from the start.
 */
export function feedCaptions(app: AppStore, load: Loader<CaptionOf> = loadCaptionOf): () => void {
  let delivered = new RecentDeliveries();
  const feed = feedOnDemand(
    (events, captionOf: CaptionOf | undefined, showHeartbeats: boolean) => {
      if (!captionOf) return;
      const fresh = captionBatch(events, delivered, showHeartbeats, captionOf);
      if (fresh.length === 0) return;
      const story = fresh.concat(captionStore.getState().story);
      captionStore.setState({
        story: story.length > STORY_LENGTH ? story.slice(0, STORY_LENGTH) : story,
      });
    },
    hasMessages,
    load,
  );
  const unsubscribe = app.subscribe((s, prev) => {
    if (s.componentIds !== prev.componentIds && s.lastTrace.length === 0) {
      // A new cluster: a new story.
      delivered = new RecentDeliveries();
      feed.clear();
      captionStore.setState({ story: [] });
      return;
    }
    if (s.lastTrace === prev.lastTrace || s.lastTrace.length === 0) return;
    feed.push(s.lastTrace, s.showHeartbeats);
  });
  return () => {
    feed.stop();
    unsubscribe();
  };
}
