import type { Event, KubeObject } from '../api/types';
import type { Clock } from '../sim/clock';
import { EPOCH_MS } from '../sim/clock';
import type { ApiResponse } from '../apiserver/types';
import type { ApiClient } from './client';
import type { LruSlots } from './eventCache';
import { AggregateSlots, Interner, LogSlots, ObjectTable, RestTable } from './eventCache';

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
   * The objects keys are about, with their token buckets (the spam filter's cache: the spam key
   * is the object). scale: every key of the three caches is about one object (source, kind,
   * namespace, name, uid, apiVersion: ~100 characters), held here once while any cached key is
   * about it.
   */
  private readonly objects = new ObjectTable(3 * EVENT_CACHE_ENTRIES + 1);
  /** The other parts of the aggregator's and the logger's keys. */
  private readonly rests = new RestTable();
  /** aggregateKey → the distinct messages seen and when the last one was (aggregateRecord). */
  private readonly aggregates = new AggregateSlots(EVENT_CACHE_ENTRIES);
  /** Event key (or aggregateKey) → the Event written for it (eventLog). */
  private readonly logs = new LogSlots(EVENT_CACHE_ENTRIES);
  /** The logger's key of the event being correlated: its four parts besides the object. */
  private ka = '';
  private kb = '';
  private kc = '';
  private kd = '';

  constructor(
    private readonly clock: Clock,
    /** Names a new Event `<object>.<unix nanos in hex>`, as client-go's makeEvent does. */
    private readonly eventName: (objectName: string) => string,
  ) {}

  /**
   * k/k: events_cache.go `EventCorrelate`: aggregate, observe, then filter. `owned`: the caller
   * hands newEvent over (the recorder's queue, which made it for this call alone), so the event
   * observed is newEvent itself, not a copy (scale: a copy of every Event written, which outlived
   * a young collection while its write was in flight).
   */
  correlate(newEvent: Event, owned = false): CorrelateResult {
    // The aggregate and the observed event keep newEvent's source and involvedObject: one object.
    const id = this.objects.of(newEvent);
    const aggregated = this.aggregate(newEvent, id);
    const { event, patch } = this.observe(aggregated, id, owned || aggregated !== newEvent);
    const skip = this.filter(id);
    this.objects.settle(id);
    if (skip) return { skip: true };
    return { skip: false, event, patch };
  }

  /**
   * k/k: events_cache.go `UpdateState` (called by event.go recordEvent after a successful write):
   * remember the server's copy under its own event key.
   */
  updateState(ev: Event): void {
    const id = this.objects.of(ev);
    this.eventKey(ev);
    const s = this.findLog(id);
    this.log(id, s, ev.count ?? 1, ev.firstTimestamp ?? '', ev.metadata.name ?? '');
    this.objects.settle(id);
  }

  /** How many keys each cache holds (for tests and memory checks). */
  get cacheSizes(): { aggregates: number; logs: number; buckets: number; objects: number } {
    return {
      aggregates: this.aggregates.size,
      logs: this.logs.size,
      buckets: this.objects.buckets,
      objects: this.objects.size,
    };
  }

  /** The logger's key of an event (getEventKey): fieldPath, type, reason, message. */
  private eventKey(ev: Event): void {
    this.ka = ev.involvedObject.fieldPath ?? '';
    this.kb = ev.type ?? '';
    this.kc = ev.reason ?? '';
    this.kd = ev.message ?? '';
  }

  /** The logger's entry of object `id` and the key ka…kd (0: none), not made more recent. */
  private findLog(id: number): number {
    const r = this.rests.find(this.ka, this.kb, this.kc, this.kd);
    return r === 0 ? 0 : this.logs.find(this.objects.logs[id], r);
  }

  /** A key of object `id` with rest `r` left a cache. */
  private released(id: number, r: number): void {
    const objects = this.objects;
    objects.refs[id]--;
    objects.settle(id);
    if (r !== 0) this.rests.release(r);
  }

  // k/k: events_cache.go (e *EventAggregator) EventAggregate. Sets the logger's key (ka…kd) of the
  // event it returns.
  private aggregate(newEvent: Event, id: number): Event {
    const now = this.clock.now;
    const c = this.aggregates;
    const objects = this.objects;
    const type = newEvent.type ?? '';
    const reason = newEvent.reason ?? '';
    const component = newEvent.reportingComponent ?? '';
    const instance = newEvent.reportingInstance ?? '';
    const localKey = newEvent.message ?? '';
    const r = this.rests.find(type, reason, component, instance);
    let s = r === 0 ? 0 : c.find(objects.aggregates[id], r);
    // "Is the previous record too old? If so, make a fresh one." (interval > maxInterval; a
    // missing record has the zero lastTimestamp, so it is always too old.) One message is held
    // as itself, more as a list (scale: most records only ever see one).
    let localKeys: string | string[];
    if (s === 0) {
      s = c.take(id, this.rests.hold(type, reason, component, instance), objects.aggregates[id]);
      objects.aggregates[id] = s;
      objects.refs[id]++;
      localKeys = c.localKeys[s] = localKey;
      c.last[s] = now;
      // groupcache lru.Cache.Add: past its size, the least recently used key goes.
      if (c.size > c.max) this.evictOldest(c, objects.aggregates);
    } else {
      c.touch(s);
      localKeys = c.localKeys[s];
      if (now - c.last[s] > AGGREGATE_INTERVAL_MS) {
        localKeys = c.localKeys[s] = localKey;
      } else if (typeof localKeys === 'string') {
        if (localKeys !== localKey) localKeys = c.localKeys[s] = [localKeys, localKey];
      } else if (!localKeys.includes(localKey)) localKeys.push(localKey);
      c.last[s] = now;
    }
    // "If we are not yet over the threshold for unique events, don't correlate them":
    // `if uint(record.localKeys.Len()) < e.maxEvents` — so the 10th distinct message is the first
    // one replaced by the aggregate.
    if (typeof localKeys === 'string' || localKeys.length < AGGREGATE_MAX_EVENTS) {
      this.eventKey(newEvent);
      return newEvent;
    }
    // "do not grow our local key set any larger than max": `record.localKeys.PopAny()`. Go pops
    // whichever key its map iteration yields first (random); we pop the oldest, deterministically.
    localKeys.shift();
    // The aggregate is logged under the aggregateKey.
    this.ka = type;
    this.kb = reason;
    this.kc = component;
    this.kd = instance;
    const ts = this.clock.timestamp();
    // The aggregate event copies only these fields (no reportingController/Instance, no eventTime).
    return {
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
  }

  // k/k: events_cache.go (e *eventLogger) eventObserve. A repeat takes the first occurrence's
  // name and firstTimestamp and count+1; the patch is CreateTwoWayMergePatch of the event against
  // a copy with count 0, lastTimestamp 0 and message "", i.e. exactly those three fields. The key
  // is ka…kd (aggregate).
  private observe(newEvent: Event, id: number, owned: boolean): { event: Event; patch?: Patch } {
    const event: Event = owned ? newEvent : { ...newEvent, metadata: { ...newEvent.metadata } };
    const c = this.logs;
    const s = this.findLog(id);
    let patch: Patch | undefined;
    if (s !== 0 && c.count[s] > 0) {
      event.metadata.name = c.name[s];
      event.firstTimestamp = c.first[s];
      event.count = c.count[s] + 1;
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
    this.log(id, s, event.count ?? 1, event.firstTimestamp!, event.metadata.name!);
    return { event, patch };
  }

  /** Record the Event written for object `id` and the key ka…kd (its entry `s`, or 0: none). */
  private log(id: number, s: number, count: number, first: string | undefined, name: string): void {
    const c = this.logs;
    const objects = this.objects;
    const known = s !== 0;
    if (known) c.touch(s);
    else {
      s = c.take(id, this.rests.hold(this.ka, this.kb, this.kc, this.kd), objects.logs[id]);
      objects.logs[id] = s;
      objects.refs[id]++;
    }
    c.count[s] = count;
    c.first[s] = first;
    c.name[s] = name;
    if (!known && c.size > c.max) this.evictOldest(c, objects.logs);
  }

  /**
   * A cache past its size lets its least recently used entry go: unlinked from its object's list
   * of entries (`heads`, by object id), and the object forgotten if nothing else holds it.
   */
  private evictOldest(c: LruSlots, heads: Int32Array): void {
    const old = c.oldest;
    const owner = c.owner[old];
    const rest = c.rest[old];
    heads[owner] = c.unlinkAlong(heads[owner], old);
    c.release(old);
    this.released(owner, rest);
  }

  // k/k: events_cache.go (f *EventSourceObjectSpamFilter) Filter, with
  // flowcontrol.NewTokenBucketRateLimiterWithClock(qps, burst) → golang.org/x/time/rate: the
  // bucket starts full, refills continuously at qps, TryAccept takes one token if one is there.
  // The spam key is the object `id`.
  private filter(id: number): boolean {
    const now = this.clock.now;
    const objects = this.objects;
    const known = objects.bucketed[id] !== 0;
    let tokens = known ? objects.tokens[id] : SPAM_BURST;
    const last = known ? objects.bucketLast[id] : now;
    tokens = Math.min(SPAM_BURST, tokens + ((now - last) / 1000) * SPAM_QPS);
    const filtered = tokens < 1;
    if (!filtered) tokens -= 1;
    objects.touchBucket(id);
    objects.tokens[id] = tokens;
    objects.bucketLast[id] = now;
    if (!known) {
      objects.refs[id]++;
      if (objects.buckets > EVENT_CACHE_ENTRIES) this.released(objects.dropOldestBucket(), 0);
    }
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
  /** The `source` of every Event recorded (one object: the API server stores its own copy). */
  private readonly eventSource: EventSource;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    readonly source: EventSource,
  ) {
    this.correlator = new EventCorrelator(clock, (n) => this.eventName(n));
    this.eventSource = source.host
      ? { component: source.component, host: source.host }
      : { component: source.component };
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
      source: this.eventSource,
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
      const result = this.correlator.correlate(ev, true);
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
