import { describe, expect, it } from 'vitest';
import type { OwnershipGraph, OwnershipObject } from '../../../engine/public';
import { layoutObjects, OBJECT_BOX } from './objectsLayout';

const obj = (key: string, kind: OwnershipObject['kind'], column: 0 | 1 | 2): OwnershipObject => ({
  key,
  kind,
  namespace: 'default',
  name: key,
  column,
  status: '',
});

const graph: OwnershipGraph = {
  objects: [
    obj('svc', 'Service', 0),
    obj('eps', 'EndpointSlice', 1),
    obj('web', 'Deployment', 0),
    obj('rs', 'ReplicaSet', 1),
    obj('p1', 'Pod', 2),
    obj('p2', 'Pod', 2),
    obj('bare', 'Pod', 2),
  ],
  edges: [
    { from: 'web', to: 'rs', kind: 'owner', controller: true },
    { from: 'rs', to: 'p1', kind: 'owner', controller: true },
    { from: 'rs', to: 'p2', kind: 'owner', controller: true },
    { from: 'svc', to: 'eps', kind: 'owner', controller: true },
    { from: 'eps', to: 'p1', kind: 'endpoint', controller: false, ready: true },
    { from: 'eps', to: 'p2', kind: 'endpoint', controller: false, ready: false },
  ],
};

const row = (y: number) => y / (OBJECT_BOX.h + OBJECT_BOX.rowGap);

describe('the objects layout', () => {
  it('puts each pod on its own row under its owners, the Service after its workload', () => {
    const l = layoutObjects(graph);
    const rows = Object.fromEntries(l.objects.map((o) => [o.key, [o.column, row(o.y)]]));
    expect(rows).toEqual({
      web: [0, 0],
      rs: [1, 0],
      p1: [2, 0],
      p2: [2, 1],
      svc: [0, 2],
      eps: [1, 2],
      bare: [2, 3],
    });
    // No two boxes share a place.
    const places = l.objects.map((o) => `${o.x},${o.y}`);
    expect(new Set(places).size).toBe(places.length);
    expect(l.edges).toHaveLength(6);
    expect(l.edges.filter((e) => !e.ready).map((e) => e.id)).toEqual(['endpoint:eps>p2']);
  });

  it('names owners and Services on each pod, for its accessible name', () => {
    const p1 = layoutObjects(graph).objects.find((o) => o.key === 'p1')!;
    expect(p1.owners).toEqual(['ReplicaSet rs']);
    expect(p1.endpointOf).toEqual(['EndpointSlice eps']);
  });

  it('counts what does not fit instead of drawing it', () => {
    const l = layoutObjects(graph, 2);
    expect(l.objects.map((o) => o.key).sort()).toEqual(['p1', 'p2', 'rs', 'web']);
    expect(l.more).toBe(3);
    expect(l.height).toBe(2 * OBJECT_BOX.h + OBJECT_BOX.rowGap);
  });
});
