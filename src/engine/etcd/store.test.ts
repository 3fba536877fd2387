import { describe, expect, it } from 'vitest';
import { CompactedError, deferredObject, DeferredValue, EtcdStore, type WatchEvent } from './store';

/** A deferred value whose renders are counted. */
class Counted extends DeferredValue {
  renders = 0;

  constructor(
    object: unknown,
    private readonly text: string,
  ) {
    super(object, text.length);
  }

  protected override render(): string {
    this.renders++;
    return this.text;
  }
}

describe('EtcdStore', () => {
  it('bumps one global revision on every write and keeps create/mod revisions per key', () => {
    const s = new EtcdStore();
    const a = s.put('/registry/pods/default/a', '{"v":1}');
    const b = s.put('/registry/pods/default/b', '{"v":1}');
    const a2 = s.put('/registry/pods/default/a', '{"v":2}');
    expect([a.revision, b.revision, a2.revision]).toEqual([2, 3, 4]);
    const kv = s.get('/registry/pods/default/a')!;
    expect(kv.createRevision).toBe(2);
    expect(kv.modRevision).toBe(4);
    expect(kv.version).toBe(2);
    expect(s.revision).toBe(4);
  });

  it('makes a deferred value when first read, also once superseded, and keeps that text', () => {
    const s = new EtcdStore();
    const object = { n: 1 };
    const value = new Counted(object, '{"n":1}');
    expect(value.length).toBe(7);
    s.put('/registry/a/x', value);
    const first = s.get('/registry/a/x')!;
    expect(deferredObject(first)).toBe(object);
    expect(value.renders).toBe(0);
    s.put('/registry/a/x', '{"n":2}');
    // Superseded: no longer the current object; its text is still made only when read, once.
    expect(deferredObject(first)).toBeUndefined();
    expect(value.renders).toBe(0);
    expect(first.value).toBe('{"n":1}');
    expect(first.value).toBe('{"n":1}');
    expect(value.renders).toBe(1);
    const events: string[] = [];
    s.watch('/registry/a/', 0, (evs) => events.push(...evs.map((e) => e.kv.value)));
    expect(events).toEqual(['{"n":1}', '{"n":2}']);
    s.delete('/registry/a/x');
    expect(s.get('/registry/a/x')).toBeUndefined();
  });

  it('keeps a current deferred value its object after its text is read, until superseded', () => {
    const s = new EtcdStore();
    const object = { n: 1 };
    const value = new Counted(object, '{"n":1}');
    expect(value.length).toBe(7);
    s.put('/registry/a/x', value);
    const first = s.get('/registry/a/x')!;
    expect(first.value).toBe('{"n":1}');
    expect(first.value).toBe('{"n":1}');
    expect(value.renders).toBe(1);
    expect(deferredObject(first)).toBe(object);
    expect(first.version).toBe(1);
    s.put('/registry/a/x', '{"n":2}');
    expect(deferredObject(first)).toBeUndefined();
    expect(first.value).toBe('{"n":1}');
    expect(value.renders).toBe(1);
    expect(s.get('/registry/a/x')!.version).toBe(2);
  });

  it('stores a deferred value as its own revision, once, with the revisions of its key', () => {
    const s = new EtcdStore();
    s.put('/registry/a/x', '{"n":0}');
    const value = new Counted({ n: 1 }, '{"n":1}');
    // A failed compare-and-swap stores nothing: the value may still be put.
    expect(s.put('/registry/a/x', value, 1).ok).toBe(false);
    const r = s.put('/registry/a/x', value, 2);
    expect(r.kv).toBe(value);
    expect([value.key, value.createRevision, value.modRevision, value.version]).toEqual([
      '/registry/a/x',
      2,
      3,
      2,
    ]);
    expect(() => s.put('/registry/a/y', value)).toThrow('put once');
    s.delete('/registry/a/x');
    // A watch from the past replays it with the text it stood for, and the value it replaced.
    const seen: string[] = [];
    s.watch('/registry/a/', 2, (evs) =>
      seen.push(
        ...evs.map((e) => `${e.type} ${e.kv.value} v${e.kv.version} (was ${e.prevKv?.value})`),
      ),
    );
    expect(seen).toEqual(['PUT {"n":1} v2 (was {"n":0})', 'DELETE  v0 (was {"n":1})']);
    expect(value.renders).toBe(1);
  });

  it('ranges over every resource, and keys outside any, in key order', () => {
    const s = new EtcdStore();
    s.put('/registry/pods/ns1/b', '1');
    s.put('/x', '1');
    s.put('/registry/configmaps/ns1/a', '1');
    s.put('/registry/pods/ns1/a', '1');
    s.delete('/registry/pods/ns1/b');
    expect(s.size).toBe(3);
    expect(s.range('/registry/').kvs.map((k) => k.key)).toEqual([
      '/registry/configmaps/ns1/a',
      '/registry/pods/ns1/a',
    ]);
    expect(s.range('/registry/p').kvs.map((k) => k.key)).toEqual(['/registry/pods/ns1/a']);
    expect(s.range('/').kvs.map((k) => k.key)).toEqual([
      '/registry/configmaps/ns1/a',
      '/registry/pods/ns1/a',
      '/x',
    ]);
  });

  it('ranges by prefix in key order', () => {
    const s = new EtcdStore();
    s.put('/registry/pods/ns2/x', '1');
    s.put('/registry/pods/ns1/y', '1');
    s.put('/registry/services/specs/ns1/y', '1');
    expect(s.range('/registry/pods/').kvs.map((k) => k.key)).toEqual([
      '/registry/pods/ns1/y',
      '/registry/pods/ns2/x',
    ]);
  });

  it('rejects a compare-and-swap on a stale mod revision', () => {
    const s = new EtcdStore();
    const first = s.put('/k', 'a');
    s.put('/k', 'b');
    const stale = s.put('/k', 'c', first.revision);
    expect(stale.ok).toBe(false);
    expect(s.get('/k')!.value).toBe('b');
    expect(s.put('/new', 'x', 0).ok).toBe(true);
    expect(s.put('/new', 'y', 0).ok).toBe(false);
  });

  it('delivers watch events in revision order, replaying history from a revision', () => {
    const s = new EtcdStore();
    s.put('/registry/pods/default/a', '1');
    const from = s.revision;
    s.put('/registry/pods/default/b', '1');
    s.delete('/registry/pods/default/a');
    const seen: WatchEvent[] = [];
    s.watch('/registry/pods/', from, (evs) => seen.push(...evs));
    s.put('/registry/pods/default/c', '1');
    s.put('/registry/configmaps/default/c', '1');
    expect(seen.map((e) => `${e.type} ${e.kv.key} ${e.kv.modRevision}`)).toEqual([
      'PUT /registry/pods/default/b 3',
      'DELETE /registry/pods/default/a 4',
      'PUT /registry/pods/default/c 5',
    ]);
    expect(seen[1].prevKv?.value).toBe('1');
  });

  it('fails a watch from a compacted revision, as etcd does (410 Gone at the API)', () => {
    const s = new EtcdStore();
    s.put('/a', '1');
    s.put('/a', '2');
    s.put('/a', '3');
    s.compact(3);
    expect(() => s.watch('/', 1, () => {})).toThrow(CompactedError);
    expect(() => s.watch('/', 1, () => {})).toThrow('mvcc: required revision has been compacted');
    const seen: string[] = [];
    s.watch('/', 3, (evs) => seen.push(...evs.map((e) => e.kv.value)));
    expect(seen).toEqual(['3']);
    expect(s.get('/a')!.value).toBe('3');
    // Revisions after the compacted one replay with the value each replaced.
    s.put('/a', '4');
    s.delete('/a');
    const replayed: string[] = [];
    s.watch('/', 3, (evs) =>
      replayed.push(...evs.map((e) => `${e.type} ${e.kv.value} (was ${e.prevKv?.value})`)),
    );
    expect(replayed).toEqual(['PUT 3 (was 2)', 'PUT 4 (was 3)', 'DELETE  (was 4)']);
  });
});
