import type { ObjectChange } from '../engine/cluster';
import type {
  BatchMessage,
  ComponentInfo,
  ObjectRecord,
  PlaybackState,
  SchedulingDecision,
  TraceEvent,
} from '../protocol';

/**
 * What changed since the last batch, squashed: the one place changes are folded per frame (an
 * object written five times in a frame is sent once, with its last state). Fed by the engine's
 * observer of decoded objects (`Cluster.observeObjects`), its trace and the scheduler's decisions.
 */
export class Batcher {
  /** Changed objects by key since the last batch; null when deleted. */
  private dirty = new Map<string, ObjectRecord | null>();
  /** Keys the UI holds (sent in the snapshot or a batch, not removed since). */
  private readonly known = new Set<string>();
  /** Every stored object, current: what the worker's ops read without decoding etcd again. */
  readonly objects = new Map<string, ObjectRecord>();
  private trace: TraceEvent[] = [];
  private decisions: SchedulingDecision[] = [];

  /** The objects of a snapshot: the UI holds exactly these now. */
  start(changes: readonly ObjectChange[]): ObjectRecord[] {
    this.dirty.clear();
    this.known.clear();
    this.objects.clear();
    this.trace = [];
    this.decisions = [];
    const out: ObjectRecord[] = [];
    for (const c of changes) {
      const rec = toRecord(c);
      if (!rec) continue;
      this.known.add(rec.key);
      this.objects.set(rec.key, rec);
      out.push(rec);
    }
    return out;
  }

  object(change: ObjectChange): void {
    const rec = toRecord(change);
    if (rec) this.objects.set(change.key, rec);
    else this.objects.delete(change.key);
    this.dirty.set(change.key, rec);
  }

  message(e: TraceEvent): void {
    this.trace.push(e);
  }

  decision(d: SchedulingDecision): void {
    this.decisions.push(d);
  }

  /** Keeps only the last `n` trace events (an instant skip: only the last are worth drawing). */
  keepLastTrace(n: number): void {
    if (this.trace.length > n) this.trace = this.trace.slice(-n);
  }

  get idle(): boolean {
    return this.dirty.size === 0 && this.trace.length === 0;
  }

  /** The batch of everything since the last one. */
  take(
    simTime: number,
    revision: number,
    playback: PlaybackState,
    components: ComponentInfo[] | undefined,
  ): BatchMessage {
    const diff: BatchMessage['diff'] = { added: [], updated: [], removed: [] };
    for (const [key, rec] of this.dirty) {
      if (rec === null) {
        if (this.known.delete(key)) diff.removed.push(key);
      } else if (this.known.has(key)) diff.updated.push(rec);
      else {
        this.known.add(key);
        diff.added.push(rec);
      }
    }
    this.dirty.clear();
    const batch: BatchMessage = {
      type: 'batch',
      simTime,
      revision,
      diff,
      trace: this.trace,
      playback,
    };
    if (components) batch.components = components;
    if (this.decisions.length) batch.decisions = this.decisions;
    this.decisions = [];
    this.trace = [];
    return batch;
  }
}

function toRecord(c: ObjectChange): ObjectRecord | null {
  const object = c.object;
  if (!object) return null;
  return {
    key: c.key,
    kind: object.kind ?? '',
    namespace: object.metadata?.namespace,
    name: object.metadata?.name ?? '',
    createRevision: c.createRevision,
    modRevision: c.modRevision,
    object: object as ObjectRecord['object'],
  };
}
