import type { Event, KubeObject } from '../api/types';
import type { Clock } from '../sim/clock';
import { EPOCH_MS } from '../sim/clock';
import type { ApiResponse } from '../apiserver/types';
import type { ApiClient } from './client';
import type { RestRef } from './eventCache';
import {
  ObjectRef,
  aggregateRest,
  codeOf,
  eventRest,
  EVENT_KEY_LIMIT,
  idOf,
  Interner,
  keyOf,
  Lru,
  NO_REST,
  Numbers,
} from './eventCache';

/** Who reports events: `kubelet` on `worker-1`, `default-scheduler`, `replicaset-controller`. */
export interface EventSource {
  component: string;
  host?: string;
}

// k/k: staging/src/k8s.io/client-go/tools/record/events_cache.go, the constants block:
//   maxLruCacheEntries = 4096
//   defaultAggregateMaxEvents = 10; defaultAggregateIntervalInSeconds = 600
//   defaultSpamBurst = 25; defaultSpamQPS = 1. / 300.
/**
 * Each of the correlator's three caches remembers this many keys, least recently used dropped
 * first (client-go maxLruCacheEntries): a recorder's memory stays bounded.
 */
export const EVENT_CACHE_ENTRIES = 4096;
/** Distinct messages of one reason on one object before they are combined (defaultAggregateMaxEvents). */
export const AGGREGATE_MAX_EVENTS = 10;
/** A similar event older than this starts a fresh aggregation record (defaultAggregateIntervalInSeconds). */
export const AGGREGATE_INTERVAL_MS = 600 * 1000;
/** Events a source may write about one object in a burst (defaultSpamBurst). */
export const SPAM_BURST = 25;
/**
 * The bucket's refill rate in tokens per second (defaultSpamQPS): one event per 5 minutes. Go
 * stores it as a float32 (`qps float32`), so the refill after 300 s is 1.00000003, not 0.9999….
 */
export const SPAM_QPS = Math.fround(1 / 300);
/** `EventAggregatorByReasonMessageFunc`'s prefix. */
export const AGGREGATE_MESSAGE_PREFIX = '(combined from similar events): ';

/** The strategic merge patch of a repeat: exactly the fields eventObserve's two-way diff yields. */
type Patch = { count: number; lastTimestamp: string; message: string };

/** What the correlator decided: nothing to write, a new Event to POST, or a repeat to PATCH. */
export type CorrelateResult =
  | { skip: true }
  | {
      skip: false;
      /** The Event as it should exist on the server (name, count and firstTimestamp settled). */
      event: Event;
      /** The strategic merge patch for a repeat (`count > 1`); absent for a first occurrence. */
      patch?: Patch;
    };

/**
 * client-go's `EventCorrelator` (tools/record/events_cache.go): `EventCorrelate` runs the
 * `EventAggregator`, then the `eventLogger`, then the `EventSourceObjectSpamFilter`, in that order,
 * each with its own LRU of {@link EVENT_CACHE_ENTRIES} keys. Time is the virtual clock's.
 */
export class EventCorrelator {
  /**
   * The object part of the keys by its uid → its ref (a list, see ObjectRef.next), and its id →
   * the same ref. scale: every key of the three caches is about one object (source, kind,
   * namespace, name, uid, apiVersion: ~100 characters), and a kubelet keeps ~7 keys on each of its
   * pods; the keys name the object by a small id instead (keyOf), and its part is held here once,
   * while any cached key uses it (then it goes, and its id may name another object next: no key
   * with it is left).
   */
  private readonly objects = new Map<string, ObjectRef>();
  private objectCount = 0;
  private readonly byId: (ObjectRef | undefined)[] = [];
  private readonly ids = new Numbers(EVENT_KEY_LIMIT);
  /**
   * The rest of the event and aggregate keys (fieldPath, type, reason, message; type, reason,
   * reporting component and instance) → its ref, and its code → the same ref. scale: a kubelet
   * writes the same few rests for every pod it starts; a key is its id and the rest's code
   * (keyOf), and a rest is held here once while any cached key uses it (as the object part is).
   */
  private readonly rests = new Map<string, RestRef>();
  private readonly byCode: (RestRef | undefined)[] = [];
  private readonly codes = new Numbers(NO_REST);
  /** Rests made or used by the call under way, settled when it ends. */
  private touched: RestRef[] = [];
  private readonly counted = {
    added: (key: number) => {
      this.byId[idOf(key)]!.refs++;
      const code = codeOf(key);
      if (code !== NO_REST) this.byCode[code]!.refs++;
    },
    evicted: (key: number) => {
      this.settle(this.byId[idOf(key)]!, 1);
      const code = codeOf(key);
      if (code !== NO_REST) this.settleRest(this.byCode[code]!, 1);
    },
  };
  /**
   * aggregateKey → the distinct messages seen, oldest first, and when the last one was
   * (aggregateRecord). The messages are a list, not a Set: at most {@link AGGREGATE_MAX_EVENTS}
   * of them, and a Set a record would cost ~100 bytes more for every object a recorder reports on.
   */
  private readonly aggregates = new Lru<{ localKeys: string | string[]; last: number }, number>(
    EVENT_CACHE_ENTRIES,
    this.counted,
  );
  /** Event key (or aggregateKey) → the Event written for it (eventLog). */
  private readonly logs = new Lru<{ count: number; first: string; name: string }, number>(
    EVENT_CACHE_ENTRIES,
    this.counted,
  );
  /** Spam key → a token bucket (spamRecord's rate limiter). */
  private readonly buckets = new Lru<{ tokens: number; last: number }, number>(
    EVENT_CACHE_ENTRIES,
    this.counted,
  );

  constructor(
    private readonly clock: Clock,
    /** Names a new Event `<object>.<unix nanos in hex>`, as client-go's makeEvent does. */
    private readonly eventName: (objectName: string) => string,
  ) {}

  /** k/k: events_cache.go `EventCorrelate`: aggregate, observe, then filter. */
  correlate(newEvent: Event): CorrelateResult {
    // The aggregate and the observed event keep newEvent's source and involvedObject: one ref.
    const ref = this.ref(newEvent);
    const [aggregated, key] = this.aggregate(newEvent, ref.id);
    const { event, patch } = this.observe(aggregated, key);
    const skip = this.filter(ref.id);
    this.settle(ref, 0);
    this.settleTouched();
    if (skip) return { skip: true };
    return { skip: false, event, patch };
  }

  /**
   * k/k: events_cache.go `UpdateState` (called by event.go recordEvent after a successful write):
   * remember the server's copy under its own event key.
   */
  updateState(ev: Event): void {
    const ref = this.ref(ev);
    this.logs.add(this.key(ref.id, eventRest(ev)), {
      count: ev.count ?? 1,
      first: ev.firstTimestamp ?? '',
      name: ev.metadata.name ?? '',
    });
    this.settle(ref, 0);
    this.settleTouched();
  }

  /** The key of an object's id and a rest: keyOf(id, the rest's code) (the rest's ref made). */
  private key(id: number, rest: string): number {
    let r = this.rests.get(rest);
    if (!r) {
      r = { rest, code: this.codes.take(), refs: 0 };
      this.rests.set(rest, r);
      this.byCode[r.code] = r;
    }
    this.touched.push(r);
    return keyOf(id, r.code);
  }

  /** `released` keys using `r` left a cache: forget it when no cached key uses it. */
  private settleRest(r: RestRef, released: number): void {
    r.refs -= released;
    if (r.refs > 0 || this.byCode[r.code] !== r) return;
    this.rests.delete(r.rest);
    this.byCode[r.code] = undefined;
    this.codes.release(r.code);
  }

  private settleTouched(): void {
    for (const r of this.touched) this.settleRest(r, 0);
    this.touched = [];
  }

  /** The ref of an event's source and involvedObject, made if no cached key uses it. */
  private ref(ev: Event): ObjectRef {
    const uid = ev.involvedObject.uid ?? '';
    const first = this.objects.get(uid);
    for (let r = first; r; r = r.next) if (r.names(ev)) return r;
    const ref = new ObjectRef(ev, this.ids.take());
    ref.next = first;
    this.objects.set(uid, ref);
    this.byId[ref.id] = ref;
    this.objectCount++;
    return ref;
  }

  /** `released` keys of `ref` left a cache: forget it when no cached key uses it. */
  private settle(ref: ObjectRef, released: number): void {
    ref.refs -= released;
    if (ref.refs > 0 || this.byId[ref.id] !== ref) return;
    const first = this.objects.get(ref.uid);
    if (first === ref) {
      if (ref.next) this.objects.set(ref.uid, ref.next);
      else this.objects.delete(ref.uid);
    } else {
      let r = first;
      while (r && r.next !== ref) r = r.next;
      if (r) r.next = ref.next;
    }
    this.objectCount--;
    this.byId[ref.id] = undefined;
    this.ids.release(ref.id);
  }

  /** How many keys each cache holds (for tests and memory checks). */
  get cacheSizes(): { aggregates: number; logs: number; buckets: number; objects: number } {
    return {
      aggregates: this.aggregates.size,
      logs: this.logs.size,
      buckets: this.buckets.size,
      objects: this.objectCount,
    };
  }

  // k/k: events_cache.go (e *EventAggregator) EventAggregate.
  private aggregate(newEvent: Event, id: number): [Event, number] {
    const now = this.clock.now;
    const aggregateKey = this.key(id, aggregateRest(newEvent));
    const localKey = newEvent.message ?? '';
    let record = this.aggregates.get(aggregateKey);
    // "Is the previous record too old? If so, make a fresh one." (interval > maxInterval; a
    // missing record has the zero lastTimestamp, so it is always too old.) One message is held
    // as itself, more as a list (scale: most records only ever see one).
    if (!record || now - record.last > AGGREGATE_INTERVAL_MS) {
      record = { localKeys: localKey, last: now };
    } else if (typeof record.localKeys === 'string') {
      if (record.localKeys !== localKey) record.localKeys = [record.localKeys, localKey];
    } else if (!record.localKeys.includes(localKey)) record.localKeys.push(localKey);
    record.last = now;
    this.aggregates.add(aggregateKey, record);
    // "If we are not yet over the threshold for unique events, don't correlate them":
    // `if uint(record.localKeys.Len()) < e.maxEvents` — so the 10th distinct message is the first
    // one replaced by the aggregate.
    if (typeof record.localKeys === 'string' || record.localKeys.length < AGGREGATE_MAX_EVENTS) {
      return [newEvent, this.key(id, eventRest(newEvent))];
    }
    // "do not grow our local key set any larger than max": `record.localKeys.PopAny()`. Go pops
    // whichever key its map iteration yields first (random); we pop the oldest, deterministically.
    record.localKeys.shift();
    const ts = this.clock.timestamp();
    // The aggregate event copies only these fields (no reportingController/Instance, no eventTime).
    const aggregate: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      // Named `<object>.<now in hex>` in observe if this aggregate is new.
      metadata: { namespace: newEvent.metadata.namespace },
      involvedObject: newEvent.involvedObject,
      reason: newEvent.reason,
      // k/k: events_cache.go EventAggregatorByReasonMessageFunc.
      message: AGGREGATE_MESSAGE_PREFIX + (newEvent.message ?? ''),
      source: newEvent.source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type: newEvent.type,
      eventTime: null as unknown as string,
      reportingComponent: '',
      reportingInstance: '',
    };
    return [aggregate, aggregateKey];
  }

  // k/k: events_cache.go (e *eventLogger) eventObserve. A repeat takes the first occurrence's
  // name and firstTimestamp and count+1; the patch is CreateTwoWayMergePatch of the event against
  // a copy with count 0, lastTimestamp 0 and message "", i.e. exactly those three fields.
  private observe(newEvent: Event, key: number): { event: Event; patch?: Patch } {
    const event: Event = { ...newEvent, metadata: { ...newEvent.metadata } };
    const last = this.logs.get(key);
    let patch: Patch | undefined;
    if (last && last.count > 0) {
      event.metadata.name = last.name;
      event.firstTimestamp = last.first;
      event.count = last.count + 1;
      patch = {
        count: event.count,
        lastTimestamp: event.lastTimestamp!,
        message: event.message ?? '',
      };
    } else if (!event.metadata.name) {
      event.metadata.name = this.eventName(event.involvedObject.name ?? '');
    }
    // "record our new observation" — even when the spam filter then drops the event, so the
    // next write carries the full count.
    this.logs.add(key, {
      count: event.count ?? 1,
      first: event.firstTimestamp!,
      name: event.metadata.name!,
    });
    return { event, patch };
  }

  // k/k: events_cache.go (f *EventSourceObjectSpamFilter) Filter, with
  // flowcontrol.NewTokenBucketRateLimiterWithClock(qps, burst) → golang.org/x/time/rate: the
  // bucket starts full, refills continuously at qps, TryAccept takes one token if one is there.
  // `id` is the spam key's id (this.ref).
  private filter(id: number): boolean {
    const key = keyOf(id, NO_REST);
    const now = this.clock.now;
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, last: now };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + ((now - bucket.last) / 1000) * SPAM_QPS);
    bucket.last = now;
    const filtered = bucket.tokens < 1;
    if (!filtered) bucket.tokens -= 1;
    this.buckets.add(key, bucket);
    return filtered;
  }
}

/**
 * k/k: event.go `maxQueuedEvents = 1000`, used twice by watch.NewLongQueueBroadcaster: the
 * broadcaster's incoming channel (ActionOrDrop drops when it is full) and the sink watcher's result
 * channel (DropIfChannelFull): at most this many events wait; later ones are dropped.
 */
export const MAX_QUEUED_EVENTS = 2 * 1000;
/**
 * A write with no answer after this long is given up (kube-apiserver's default --request-timeout
 * of 1m0s): the recorder's component or the API server was stopped while it was in flight.
 */
const WRITE_TIMEOUT_MS = 60_000;

/**
 * client-go's EventRecorder and its broadcaster's sink (tools/record/event.go): `event()` queues
 * the Event (at most {@link MAX_QUEUED_EVENTS}, `watch.DropIfChannelFull`); one at a time, in
 * order, the queue is run through the {@link EventCorrelator} and written, the next only after
 * the previous write's answer (`recordToSink` is one goroutine). So similar events are combined
 * into `(combined from similar events): …`, repeats PATCH `count`, `lastTimestamp` and `message`
 * of the first Event, and more than 25 events from a source about one object (refilled 1 per 5
 * minutes) are dropped.
 */
export class EventRecorder {
  private counter = 0;
  private readonly correlator: EventCorrelator;
  /** This recorder's one copy of each reason, message and fieldPath it was given (bounded). */
  private readonly strings = new Interner(1024);
  /** Events waiting to be correlated and written, from `head` on (a queue without shifting). */
  private queue: Event[] = [];
  private head = 0;
  /** The write in flight: its sequence number and when it was sent. */
  private inFlight: { seq: number; at: number } | undefined;
  private seq = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    readonly source: EventSource,
  ) {
    this.correlator = new EventCorrelator(clock, (n) => this.eventName(n));
  }

  /**
   * Record an event about `obj` (client-go `recorder.Event`); `fieldPath` names a container
   * (`spec.containers{web}`).
   */
  event(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const m = obj.metadata!;
    // k/k: event.go makeEvent — the namespace defaults to "default"; the timestamps are the
    // recording time.
    const namespace = m.namespace || 'default';
    const now = this.clock.timestamp();
    reason = this.strings.of(reason);
    message = this.strings.of(message);
    if (fieldPath) fieldPath = this.strings.of(fieldPath);
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
      // The correlator names it (`<name>.<nanos>`) only if it is a new Event.
      metadata: { namespace },
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
      // k/k: event.go generateEvent — ReportingController = source.Component, Instance = Host.
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    if (this.inFlight && this.clock.now - this.inFlight.at > WRITE_TIMEOUT_MS) {
      this.inFlight = undefined;
      this.pump();
    }
    // k/k: event.go NewBroadcaster — watch.NewLongQueueBroadcaster(maxQueuedEvents,
    // watch.DropIfChannelFull); generateEvent: "too many queued events, dropped event".
    if (this.queue.length - this.head >= MAX_QUEUED_EVENTS) return;
    this.queue.push(ev);
    this.pump();
  }

  /** Events waiting to be written (for tests). */
  get queued(): number {
    return this.queue.length - this.head;
  }

  // k/k: event.go recordToSink — correlate, skip if told to, else write; the next event waits.
  private pump(): void {
    while (!this.inFlight && this.head < this.queue.length) {
      const ev = this.queue[this.head++];
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      const result = this.correlator.correlate(ev);
      if (result.skip) continue;
      this.write(result.event, result.patch);
    }
  }

  // k/k: event.go recordEvent — `updateExistingEvent` is `Count > 1`: PATCH (strategic merge,
  // client-go event_expansion.go PatchWithEventNamespace); if the Event is gone (404), POST it.
  // Any other failure is given up ("Server rejected event (will not retry!)"); on success the
  // correlator is told the server's copy (UpdateState).
  private write(event: Event, patch?: Patch): void {
    const ns = event.metadata.namespace!;
    const seq = ++this.seq;
    this.inFlight = { seq, at: this.clock.now };
    const done = (r: ApiResponse) => {
      if (this.inFlight?.seq !== seq) return; // given up on already
      if (r.code < 300 && r.body && typeof r.body === 'object' && 'kind' in r.body) {
        this.correlator.updateState(r.body as Event);
      }
      this.inFlight = undefined;
      this.pump();
    };
    const create = () => this.client.create('events', ns, event as KubeObject, done);
    if (!patch || (event.count ?? 1) <= 1) {
      create();
      return;
    }
    this.client.patch(
      'events',
      ns,
      event.metadata.name!,
      patch,
      (r) => {
        if (r.code === 404 && this.inFlight?.seq === seq) create();
        else done(r);
      },
      undefined,
      'strategic',
    );
  }

  // Event names are the object's name and the time in nanoseconds, in hex (client-go makeEvent
  // `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`); a counter in the nanoseconds keeps two events
  // in the same virtual millisecond apart.
  private eventName(objectName: string): string {
    const nanos =
      BigInt(EPOCH_MS + Math.floor(this.clock.now)) * 1_000_000n + BigInt(this.counter++);
    return `${objectName}.${nanos.toString(16)}`;
  }
}
