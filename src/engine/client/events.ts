import type { Event, KubeObject } from '../api/types';
import type { Clock } from '../sim/clock';
import { EPOCH_MS } from '../sim/clock';
import type { ApiClient } from './client';

/** Who reports events: `kubelet` on `worker-1`, `default-scheduler`, `replicaset-controller`. */
export interface EventSource {
  component: string;
  host?: string;
}

/** Identical events within this window are aggregated into one with a count (client-go). */
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;
/**
 * The correlator remembers this many events, least recently seen dropped first (client-go:
 * tools/record/events_cache.go maxLruCacheEntries = 4096): a recorder's memory stays bounded.
 */
export const EVENT_CACHE_ENTRIES = 4096;

/**
 * client-go's EventRecorder with its correlator: the first occurrence creates an Event, a repeat
 * of the same reason and message for the same object patches `count` and `lastTimestamp`.
 */
export class EventRecorder {
  private seen = new Map<
    string,
    { name: string; namespace: string; count: number; first: string; at: number }
  >();
  private counter = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    readonly source: EventSource,
  ) {}

  event(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const m = obj.metadata!;
    const namespace = m.namespace ?? 'default';
    const key = [m.uid, fieldPath ?? '', reason, message, type].join('|');
    const now = this.clock.timestamp();
    const prior = this.seen.get(key);
    if (prior) {
      // Most recently seen last: the Map's order is the LRU's.
      this.seen.delete(key);
      this.seen.set(key, prior);
    }
    if (prior && this.clock.now - prior.at < AGGREGATION_WINDOW_MS) {
      prior.count++;
      prior.at = this.clock.now;
      this.client.patch(
        'events',
        prior.namespace,
        prior.name,
        { count: prior.count, lastTimestamp: now },
        undefined,
        undefined,
        'merge',
      );
      return;
    }
    // Event names are the object's name and the time in nanoseconds, in hex (client-go).
    const nanos =
      BigInt(EPOCH_MS + Math.floor(this.clock.now)) * 1_000_000n + BigInt(this.counter++);
    const name = `${m.name}.${nanos.toString(16)}`;
    this.seen.delete(key);
    this.seen.set(key, { name, namespace, count: 1, first: now, at: this.clock.now });
    if (this.seen.size > EVENT_CACHE_ENTRIES) this.seen.delete(this.seen.keys().next().value!);
    const involved: Event['involvedObject'] = {
      kind: obj.kind,
      namespace: m.namespace,
      name: m.name,
      uid: m.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: m.resourceVersion,
    };
    if (fieldPath) involved.fieldPath = fieldPath;
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: this.source.host
        ? { component: this.source.component, host: this.source.host }
        : { component: this.source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null as unknown as string,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    this.client.create('events', namespace, ev as KubeObject);
  }
}
