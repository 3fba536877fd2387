/**
 * What the page showed, at every moment of the run, kept cheaply so any moment can be shown
 * again at once (issue 13's ≤ 200 ms). Store states are immutable and share their records
 * (architecture principle 6), so a keyframe is only references to the state's maps, taken every
 * {@link KEYFRAME_MS} of virtual time; between keyframes the worker's batches are kept as they
 * came. A moment is its keyframe with the batches after it reduced onto it — the same reducer the
 * live page uses, so a past moment looks exactly as it did.
 */
import type { BatchMessage, ObjectRecord, TraceEvent } from '../../protocol';
import { reduceBatches, type ClusterData } from '../store/clusterSlice';

/** Virtual ms between keyframes: at most this much of batches is reduced to show a moment. */
export const KEYFRAME_MS = 5_000;

/** The part of the store a moment restores. */
export type ClusterView = Pick<
  ClusterData,
  | 'simTime'
  | 'revision'
  | 'objects'
  | 'keysByKind'
  | 'podKeysByNode'
  | 'components'
  | 'componentIds'
  | 'decisions'
  | 'trace'
  | 'kindVersion'
  | 'podVersionByNode'
>;

export function viewOf(s: ClusterData): ClusterView {
  return {
    simTime: s.simTime,
    revision: s.revision,
    objects: s.objects,
    keysByKind: s.keysByKind,
    podKeysByNode: s.podKeysByNode,
    components: s.components,
    componentIds: s.componentIds,
    decisions: s.decisions,
    trace: s.trace,
    kindVersion: s.kindVersion,
    podVersionByNode: s.podVersionByNode,
  };
}

/** A mark on the timeline: a user action or a Warning event. */
export interface Marker {
  at: number;
  kind: 'action' | 'warning';
  /** What it was, for its tooltip: `apply`, `FailedScheduling: pod web-…`. */
  label: string;
}

interface Keyframe {
  at: number;
  view: ClusterView;
  /** Index of the first batch after this keyframe. */
  batch: number;
}

function firstAfter<T>(list: readonly T[], at: number, time: (x: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time(list[mid]) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The recorded run as the page showed it: keyframes, the batches between, markers, messages. */
export class History {
  private keyframes: Keyframe[] = [];
  private batches: BatchMessage[] = [];
  /** Every message's send time, in order (← and → step through these). */
  private messageTimes: number[] = [];
  private messages: TraceEvent[] = [];
  markers: Marker[] = [];
  /** Warning events already marked, by key and count (a repeat bumps the count). */
  private warned = new Map<string, number>();
  private last: ClusterView | null = null;

  /** A new cluster: the history starts at its snapshot. */
  start(view: ClusterView): void {
    this.keyframes = [{ at: view.simTime, view, batch: 0 }];
    this.batches = [];
    this.messageTimes = [];
    this.messages = [];
    this.markers = [];
    this.warned.clear();
    this.last = view;
  }

  get start_(): number {
    return this.keyframes[0]?.at ?? 0;
  }

  /** The latest moment recorded (the live edge). */
  get end(): number {
    return this.last?.simTime ?? 0;
  }

  get liveView(): ClusterView | null {
    return this.last;
  }

  /** Records batches the page applied, and the state they led to. */
  record(msgs: readonly BatchMessage[], after: ClusterView): void {
    for (const b of msgs) {
      this.batches.push(b);
      for (const e of b.trace) {
        // Heartbeats are background: ← and → step through the messages a learner follows.
        if (e.background) continue;
        this.messages.push(e);
        this.messageTimes.push(e.sentAt);
      }
      for (const rec of b.diff.added) this.noteWarning(rec, b.simTime);
      for (const rec of b.diff.updated) this.noteWarning(rec, b.simTime);
    }
    this.last = after;
    const kf = this.keyframes[this.keyframes.length - 1];
    if (!kf || after.simTime - kf.at >= KEYFRAME_MS)
      this.keyframes.push({ at: after.simTime, view: after, batch: this.batches.length });
  }

  private noteWarning(rec: ObjectRecord, at: number): void {
    if (rec.kind !== 'Event') return;
    const ev = rec.object as {
      type?: string;
      reason?: string;
      message?: string;
      count?: number;
      involvedObject?: { kind?: string; name?: string };
    };
    if (ev.type !== 'Warning') return;
    const count = ev.count ?? 1;
    if ((this.warned.get(rec.key) ?? 0) >= count) return;
    this.warned.set(rec.key, count);
    const obj = ev.involvedObject;
    this.markers.push({
      at,
      kind: 'warning',
      label:
        `${ev.reason ?? 'Warning'}: ${obj?.kind?.toLowerCase() ?? ''}/${obj?.name ?? ''} ${ev.message ?? ''}`.trim(),
    });
  }

  /** Marks a user action at `at`. */
  markAction(at: number, label: string): void {
    this.markers.push({ at, kind: 'action', label });
  }

  /** The page's state at virtual time `at` (clamped to what is recorded). */
  viewAt(at: number): ClusterView {
    const k = Math.max(0, firstAfter(this.keyframes, at, (f) => f.at) - 1);
    const kf = this.keyframes[k];
    const end = firstAfter(this.batches, at, (b) => b.simTime);
    const between = this.batches.slice(kf.batch, Math.max(kf.batch, end));
    if (between.length === 0)
      return { ...kf.view, simTime: Math.max(kf.at, Math.min(at, this.end)) };
    // Playback and the like belong to the live page, not to a moment: only the view is taken.
    const next = viewOf({
      ...kf.view,
      ...reduceBatches(kf.view as ClusterData, between),
    } as ClusterData);
    return { ...next, simTime: Math.min(at, this.end) };
  }

  /** The message sent last before `at`, and the first after it (for ← and →). */
  messageBefore(at: number): TraceEvent | undefined {
    const i = firstAfter(this.messageTimes, at - 1e-6, (t) => t) - 1;
    return i >= 0 ? this.messages[i] : undefined;
  }

  messageAfter(at: number): TraceEvent | undefined {
    const i = firstAfter(this.messageTimes, at, (t) => t);
    return this.messages[i];
  }

  /** Messages in flight at `at` (sent, not yet arrived): what the diagram draws then. */
  inFlight(at: number): TraceEvent[] {
    const out: TraceEvent[] = [];
    const end = firstAfter(this.messageTimes, at, (t) => t);
    for (let i = end - 1; i >= 0 && out.length < 50; i--) {
      const e = this.messages[i];
      if (at - e.sentAt > 2_000) break;
      if (e.arriveAt >= at) out.push(e);
    }
    return out.reverse();
  }

  /** A new future from `at`: everything recorded after it is dropped. */
  truncate(at: number): void {
    this.keyframes = this.keyframes.filter((k) => k.at <= at);
    const b = firstAfter(this.batches, at, (x) => x.simTime);
    this.batches.length = b;
    const m = firstAfter(this.messageTimes, at, (t) => t);
    this.messageTimes.length = m;
    this.messages.length = m;
    this.markers = this.markers.filter((x) => x.at <= at);
  }

  /** Rough count of what is kept, for the benchmark. */
  get size(): { keyframes: number; batches: number; messages: number } {
    return {
      keyframes: this.keyframes.length,
      batches: this.batches.length,
      messages: this.messages.length,
    };
  }
}
