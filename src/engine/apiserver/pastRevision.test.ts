/**
 * etcd's history keeps a superseded revision as what it changed against the revision after it
 * (PastRevision): replayed from the past, every revision must read back byte for byte as it was
 * written.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { heldObject } from '../etcd/store';
import type { KeyValue } from '../etcd/store';
import { applySync, kubectlSync } from '../scenario/runner';
import { PastRevision, pastForm, storedForm } from './pastRevision';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: nginx
        image: nginx:1.27
`;

/** Every change etcd's history holds, as a watch from the start replays it: its text and prev's. */
function history(c: Cluster, readAtWrite: boolean): string[] {
  const written: string[] = [];
  if (readAtWrite)
    // Reading each value as it is written makes its text at once, so etcd keeps that text, not
    // a past form: what the history must give back.
    c.etcdStore.watch('/registry/', c.etcdStore.revision, (evs) => {
      for (const ev of evs) written.push(ev.kv.value);
    });
  c.start();
  c.clock.advance(3_000);
  applySync(c, deployment, 'web.yaml');
  c.clock.advance(20_000);
  kubectlSync(c, 'label deployment web tier=frontend');
  kubectlSync(c, 'scale deployment web --replicas=1');
  c.clock.advance(10_000);
  kubectlSync(c, 'set image deployment/web nginx=nginx:1.26');
  c.clock.advance(20_000);
  kubectlSync(c, 'delete deployment web');
  c.clock.advance(20_000);
  const replayed: string[] = [];
  c.etcdStore.watch('/registry/', c.etcdStore.compactRevision, (evs) => {
    for (const ev of evs)
      replayed.push(
        `${ev.type} ${ev.kv.key} ${ev.kv.modRevision}\n${ev.kv.value}\n${ev.prevKv?.value ?? ''}`,
      );
  });
  return replayed;
}

describe("etcd's history of objects the API server stored", () => {
  it('replays every past revision exactly as it was written', () => {
    const cluster = () =>
      new Cluster({ kubeSystem: false, workers: 2, cpu: '4', memory: '8Gi', seed: 7 });
    const kept = history(cluster(), true);
    const slim = history(cluster(), false);
    expect(slim.length).toBe(kept.length);
    expect(slim.length).toBeGreaterThan(100);
    for (let i = 0; i < kept.length; i++) expect(slim[i]).toBe(kept[i]);
  });

  it("keeps a pod's past revisions as the fields each write changed", () => {
    const c = new Cluster({ kubeSystem: false, workers: 1, cpu: '4', memory: '8Gi', seed: 7 });
    c.start();
    c.clock.advance(3_000);
    applySync(c, deployment.replace('replicas: 3', 'replicas: 1'), 'web.yaml');
    c.clock.advance(20_000);
    // The pod's revisions: created, bound, then status writes.
    const forms: unknown[] = [];
    c.etcdStore.watch('/registry/pods/', c.etcdStore.compactRevision, (evs) => {
      for (const ev of evs) forms.push(heldObject(ev.kv));
    });
    const past = forms.filter((f) => f instanceof PastRevision) as PastRevision[];
    // Each status write left the revision before it as its status alone.
    expect(past.length).toBeGreaterThanOrEqual(3);
    expect(past.some((p) => p.changed === 'status')).toBe(true);
    // The binding changed the spec (nodeName) and the status (PodScheduled).
    expect(past.some((p) => String(p.changed) === 'spec,status')).toBe(true);
    for (const p of past) expect([p.changed].flat()).not.toContain('metadata');
  });

  it('keeps the object itself when the fields or the metadata differ', () => {
    const next = {
      key: '/registry/pods/default/a',
      value: '',
      createRevision: 1,
      modRevision: 3,
      version: 2,
    } as KeyValue;
    const meta = { name: 'a', resourceVersion: '2' };
    const obj = { kind: 'Pod', metadata: meta, spec: {}, status: {} };
    // next holds no object (text only): nothing to name.
    expect(pastForm(obj, next)).toBe(obj);
    expect(storedForm(obj)).toBe(obj);
  });
});
