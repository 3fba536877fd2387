import { describe, expect, it } from 'vitest';
import type { Event, KubeObject } from '../api/types';
import { Clock } from '../sim/clock';
import type { ApiResponse } from '../apiserver/types';
import type { ApiClient } from './client';
import { EVENT_CACHE_ENTRIES, EventCorrelator, EventRecorder, MAX_QUEUED_EVENTS } from './events';
import { applySync, kubectlSync, storedObjects } from '../scenario/runner';
import { Cluster } from '../cluster';

/** A recorded API call of the fake client. */
type Call =
  | { verb: 'create'; event: Event }
  | { verb: 'patch'; name: string; body: unknown; patchType: string | undefined };

/**
 * An ApiClient that keeps Events in a map, as the API server would, and records every call, so
 * a test sees both what is stored and which requests (POST or PATCH) were made.
 */
function fakeClient(): { client: ApiClient; calls: Call[]; stored: Map<string, Event> } {
  const calls: Call[] = [];
  const stored = new Map<string, Event>();
  const client = {
    create(_resource: string, _ns: string, body: KubeObject, cb?: (r: ApiResponse) => void) {
      const ev = structuredClone(body) as Event;
      calls.push({ verb: 'create', event: ev });
      stored.set(ev.metadata.name!, ev);
      cb?.({ code: 201, body: ev as KubeObject });
    },
    patch(
      _resource: string,
      _ns: string,
      name: string,
      body: Partial<Event>,
      cb?: (r: ApiResponse) => void,
      _sub?: string,
      patchType?: string,
    ) {
      calls.push({ verb: 'patch', name, body, patchType });
      const ev = stored.get(name);
      if (!ev) return cb?.({ code: 404 });
      Object.assign(ev, body);
      cb?.({ code: 200, body: ev as KubeObject });
    },
  } as unknown as ApiClient;
  return { client, calls, stored };
}

const rs: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d9c', namespace: 'default', uid: 'rs-uid', resourceVersion: '5' },
};

function setup() {
  const clock = new Clock();
  const fake = fakeClient();
  const rec = new EventRecorder(fake.client, clock, { component: 'replicaset-controller' });
  return { clock, rec, ...fake };
}

describe('EventRecorder (client-go EventCorrelator)', () => {
  it('writes one Event for identical repeats and PATCHes count, lastTimestamp and message', () => {
    const { clock, rec, calls, stored } = setup();
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    clock.advance(5_000);
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    // No time window for exact repeats: an hour later it is still the same Event.
    clock.advance(3_600_000);
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.map((c) => c.verb)).toEqual(['create', 'patch', 'patch']);
    expect(stored.size).toBe(1);
    const ev = [...stored.values()][0];
    expect(ev.count).toBe(3);
    expect(ev.firstTimestamp).toBe('2026-01-05T09:00:00Z');
    expect(ev.lastTimestamp).toBe('2026-01-05T10:00:05Z');
    const last = calls[2] as Extract<Call, { verb: 'patch' }>;
    expect(last.patchType).toBe('strategic');
    expect(last.body).toEqual({
      count: 3,
      lastTimestamp: '2026-01-05T10:00:05Z',
      message: 'quota exceeded',
    });
  });

  it('replaces the 10th distinct message of one reason on one object with the aggregate', () => {
    const { rec, stored } = setup();
    for (let i = 1; i <= 9; i++) rec.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: p${i}`);
    expect(stored.size).toBe(9);
    expect([...stored.values()].every((e) => !e.message!.startsWith('(combined'))).toBe(true);
    rec.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: p10');
    expect(stored.size).toBe(10);
    const agg = [...stored.values()].filter((e) => e.message!.startsWith('(combined'));
    expect(agg.map((e) => [e.message, e.count, e.reason, e.type])).toEqual([
      ['(combined from similar events): Created pod: p10', 1, 'SuccessfulCreate', 'Normal'],
    ]);
    expect(agg[0].reportingComponent).toBe('');
    // A different reason on the same object has its own aggregation record.
    rec.event(rs, 'Normal', 'SuccessfulDelete', 'Deleted pod: p1');
    expect([...stored.values()].filter((e) => e.reason === 'SuccessfulDelete')[0].message).toBe(
      'Deleted pod: p1',
    );
  });

  it("grows the aggregate's count and message with every further distinct message", () => {
    const { rec, stored, calls } = setup();
    for (let i = 1; i <= 15; i++) rec.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: p${i}`);
    expect(stored.size).toBe(10);
    const agg = [...stored.values()].find((e) => e.message!.startsWith('(combined'))!;
    expect(agg.count).toBe(6);
    expect(agg.message).toBe('(combined from similar events): Created pod: p15');
    expect(calls.filter((c) => c.verb === 'patch').length).toBe(5);
  });

  it('starts a fresh aggregation record once 600 s have passed since the last similar event', () => {
    const { clock, rec, stored } = setup();
    for (let i = 1; i <= 5; i++) rec.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: a${i}`);
    clock.advance(600_001);
    for (let i = 1; i <= 9; i++) rec.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: b${i}`);
    expect(stored.size).toBe(14);
    expect([...stored.values()].some((e) => e.message!.startsWith('(combined'))).toBe(false);
  });

  it('drops the 26th event from one source about one object, allows one more after 300 s', () => {
    const { clock, rec, calls } = setup();
    // Same message each time: the aggregator stays out of it; every occurrence costs a token.
    for (let i = 1; i <= 25; i++) rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.length).toBe(25);
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.length).toBe(25);
    // Other reasons about the same object share the source+object bucket.
    rec.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: x');
    expect(calls.length).toBe(25);
    clock.advance(299_000);
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.length).toBe(25);
    clock.advance(1_000);
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.length).toBe(26);
    // The dropped occurrences were still counted: the PATCH carries all 28 FailedCreate.
    expect((calls[25] as Extract<Call, { verb: 'patch' }>).body).toMatchObject({ count: 28 });
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.length).toBe(26);
    // Another object has its own bucket.
    const other = { ...rs, metadata: { ...rs.metadata, name: 'db-1', uid: 'db-uid' } };
    rec.event(other, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.length).toBe(27);
  });

  it('forgets the least recently reported objects past 4096 keys, and holds no more objects', () => {
    const clock = new Clock();
    const correlator = new EventCorrelator(clock, (n) => `${n}.1`);
    const about = (i: number): Event => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: `p-${i}`, uid: `uid-${i}` },
      reason: 'Started',
      message: 'Started container app',
      source: { component: 'kubelet', host: 'worker-1' },
      type: 'Normal',
    });
    const n = EVENT_CACHE_ENTRIES + 50;
    for (let i = 0; i < n; i++) correlator.correlate(about(i));
    expect(correlator.cacheSizes).toEqual({
      aggregates: EVENT_CACHE_ENTRIES,
      logs: EVENT_CACHE_ENTRIES,
      buckets: EVENT_CACHE_ENTRIES,
      objects: EVENT_CACHE_ENTRIES,
    });
    // A recent object's repeat is a PATCH of count 2; the first object was forgotten: a new Event.
    const recent = correlator.correlate(about(n - 1));
    expect(recent).toMatchObject({ skip: false, patch: { count: 2 } });
    const first = correlator.correlate(about(0));
    expect(first.skip === false && first.patch).toBe(undefined);
    expect(first.skip === false && first.event.count).not.toBe(2);
    // The ids of forgotten objects name new ones: each object still has keys of its own.
    for (let i = n; i < 3 * n; i++) correlator.correlate(about(i));
    expect(correlator.cacheSizes.objects).toBe(EVENT_CACHE_ENTRIES);
    for (let i = 3 * n - 10; i < 3 * n; i++) {
      const again = correlator.correlate(about(i));
      expect(again).toMatchObject({ skip: false, patch: { count: 2 } });
      expect(again.skip === false && again.event.involvedObject.name).toBe(`p-${i}`);
    }
    expect(correlator.correlate(about(n)).skip === false).toBe(true);
    expect(correlator.correlate(about(n))).toMatchObject({ skip: false, patch: { count: 2 } });
  });

  it('creates the Event again (with its count) when the PATCH finds it gone', () => {
    const { rec, calls, stored } = setup();
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    stored.clear();
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(calls.map((c) => c.verb)).toEqual(['create', 'patch', 'create']);
    expect([...stored.values()].map((e) => e.count)).toEqual([2]);
  });
});

describe('EventRecorder writes one event at a time', () => {
  it('sends the repeat PATCH only after the first POST has been answered', () => {
    const clock = new Clock();
    const sent: string[] = [];
    const pending: (() => void)[] = [];
    const client = {
      create(_r: string, _ns: string, body: KubeObject, cb: (r: ApiResponse) => void) {
        sent.push(`POST ${body.metadata!.name}`);
        pending.push(() => cb({ code: 201, body }));
      },
      patch(_r: string, _ns: string, name: string, _b: unknown, cb: (r: ApiResponse) => void) {
        sent.push(`PATCH ${name}`);
        pending.push(() => cb({ code: 200 }));
      },
    } as unknown as ApiClient;
    const rec = new EventRecorder(client, clock, { component: 'replicaset-controller' });
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    rec.event(rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(sent.length).toBe(1);
    expect(rec.queued).toBe(1);
    pending.shift()!();
    expect(sent).toEqual([sent[0], sent[0].replace('POST', 'PATCH')]);
    expect(rec.queued).toBe(0);
  });

  it('drops events beyond the queue and gives up on a write unanswered for 60 s', () => {
    const clock = new Clock();
    const sent: string[] = [];
    // A client whose requests are never answered (its component or the API server is stopped).
    const client = {
      create(_r: string, _ns: string, body: KubeObject) {
        sent.push(body.metadata!.name!);
      },
    } as unknown as ApiClient;
    const rec = new EventRecorder(client, clock, { component: 'kubelet', host: 'worker-1' });
    for (let i = 0; i < MAX_QUEUED_EVENTS + 10; i++) {
      const obj = { ...rs, metadata: { ...rs.metadata, name: `p${i}`, uid: `u${i}` } };
      rec.event(obj, 'Normal', 'Pulling', 'Pulling image "nginx"');
    }
    expect(sent.length).toBe(1);
    expect(rec.queued).toBe(MAX_QUEUED_EVENTS);
    clock.advance(60_001);
    rec.event(rs, 'Normal', 'Pulling', 'Pulling image "nginx"');
    expect(sent.length).toBe(2);
    expect(sent[1]).toMatch(/^p1\./);
  });
});

describe('event aggregation in a cluster', () => {
  it('a 15-replica Deployment shows 9 SuccessfulCreate events and one combined with count 6', () => {
    const cluster = new Cluster({
      kubeSystem: false,
      workers: 3,
      cpu: '4',
      memory: '8Gi',
      seed: 1,
    }).start();
    applySync(
      cluster,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 15
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: 'nginx:1.27', resources: {requests: {cpu: 10m}}}]
`,
      'web.yaml',
    );
    cluster.clock.advance(30_000);
    const created = (storedObjects(cluster) as Event[]).filter(
      (e) => e.kind === 'Event' && e.reason === 'SuccessfulCreate',
    );
    expect(created.length).toBe(10);
    const combined = created.filter((e) => e.message!.startsWith('(combined from similar events)'));
    expect(combined.map((e) => e.count)).toEqual([6]);
    // Written one at a time, so the PATCHes find the aggregate and carry the 15th pod's name.
    const pods = kubectlSync(cluster, 'get pods -o name').stdout.trim().split('\n');
    expect(pods.length).toBe(15);
    const named = new Set(created.map((e) => e.message!.replace(/^.*Created pod: /, 'pod/')));
    expect(named.size).toBe(10);
    for (const n of named) expect(pods).toContain(n);
    expect(kubectlSync(cluster, 'get events').stdout).toMatch(
      /SuccessfulCreate\s+replicaset\/web-\S+\s+\(combined from similar events\): Created pod: web-/,
    );
  });
});
