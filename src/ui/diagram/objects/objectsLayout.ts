/**
 * Places the ownership graph in three columns — owners, their ReplicaSets and EndpointSlices,
 * pods — as a tree: each pod on a row of its own under its controller, each owner on the row of
 * its first child, so an arrow mostly runs straight across. A Service sits after the workload
 * whose pods it selects, so its EndpointSlice's arrows stay short.
 */
import type { OwnershipGraph, OwnershipObject } from '../../../engine/public';

export const OBJECT_BOX = { w: 300, h: 60, colGap: 60, rowGap: 10 };

export interface PlacedObject extends OwnershipObject {
  x: number;
  y: number;
  /** Who owns it and what it is an endpoint of, for its accessible name. */
  owners: string[];
  endpointOf: string[];
}

export interface PlacedEdge {
  id: string;
  kind: 'owner' | 'endpoint';
  ready: boolean;
  d: string;
}

export interface ObjectsLayout {
  objects: PlacedObject[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  /** Objects not drawn past `maxRows`. */
  more: number;
}

const KIND_ORDER: Record<string, number> = {
  Deployment: 0,
  StatefulSet: 1,
  DaemonSet: 2,
  CronJob: 3,
  Job: 4,
  ReplicaSet: 5,
  Service: 6,
  EndpointSlice: 7,
  Pod: 8,
};

const byName = (a: OwnershipObject, b: OwnershipObject) =>
  (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) ||
  a.namespace.localeCompare(b.namespace) ||
  a.name.localeCompare(b.name);

/** Lays out `graph`, drawing at most `maxRows` rows. */
export function layoutObjects(graph: OwnershipGraph, maxRows = 40): ObjectsLayout {
  const byKey = new Map(graph.objects.map((o) => [o.key, o]));
  const children = new Map<string, string[]>();
  const owners = new Map<string, string[]>();
  const endpointOf = new Map<string, string[]>();
  const parent = new Map<string, string>();
  const label = (k: string) => `${byKey.get(k)!.kind} ${byKey.get(k)!.name}`;
  for (const e of graph.edges) {
    if (e.kind === 'owner') {
      owners.set(e.to, [...(owners.get(e.to) ?? []), label(e.from)]);
      // The tree follows controller references only: a pod has one place.
      if (!e.controller || parent.has(e.to)) continue;
      parent.set(e.to, e.from);
      children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
    } else endpointOf.set(e.to, [...(endpointOf.get(e.to) ?? []), label(e.from)]);
  }
  // A Service follows the workload that owns the first pod its slices name.
  const serviceAnchor = new Map<string, string>();
  for (const e of graph.edges) {
    if (e.kind !== 'endpoint') continue;
    const svc = parent.get(e.from);
    if (!svc || serviceAnchor.has(svc)) continue;
    let top = e.to;
    while (parent.has(top)) top = parent.get(top)!;
    if (top !== e.to) serviceAnchor.set(svc, top);
  }
  const roots = graph.objects.filter((o) => !parent.has(o.key)).sort(byName);
  const anchored = roots.filter((o) => serviceAnchor.has(o.key));
  const ordered: OwnershipObject[] = [];
  for (const r of roots) {
    if (serviceAnchor.has(r.key)) continue;
    ordered.push(r);
    ordered.push(...anchored.filter((s) => serviceAnchor.get(s.key) === r.key));
  }

  const placed: PlacedObject[] = [];
  const at = new Map<string, PlacedObject>();
  let row = 0;
  let more = 0;
  const colX = (c: number) => c * (OBJECT_BOX.w + OBJECT_BOX.colGap);
  const rowY = (r: number) => r * (OBJECT_BOX.h + OBJECT_BOX.rowGap);
  // Depth-first: a node on its first child's row; leaves take a row each.
  const place = (o: OwnershipObject) => {
    const kids = (children.get(o.key) ?? []).map((k) => byKey.get(k)!).sort(byName);
    const start = row;
    for (const k of kids) place(k);
    if (kids.length === 0) {
      if (row >= maxRows) {
        more++;
        return;
      }
      row++;
    } else if (row === start) {
      more++; // its children were all left out, and so is it
      return;
    }
    const p: PlacedObject = {
      ...o,
      x: colX(o.column),
      y: rowY(start),
      owners: owners.get(o.key) ?? [],
      endpointOf: endpointOf.get(o.key) ?? [],
    };
    placed.push(p);
    at.set(o.key, p);
  };
  for (const r of ordered) place(r);

  const edges: PlacedEdge[] = [];
  for (const e of graph.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + OBJECT_BOX.w;
    const y1 = a.y + OBJECT_BOX.h / 2;
    const x2 = b.x - 6; // the arrow head's room
    const y2 = b.y + OBJECT_BOX.h / 2;
    const mid = (x1 + x2) / 2;
    edges.push({
      id: `${e.kind}:${e.from}>${e.to}`,
      kind: e.kind,
      ready: e.ready !== false,
      d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
    });
  }
  placed.sort((a, b) => a.column - b.column || a.y - b.y);
  return {
    objects: placed,
    edges,
    width: colX(2) + OBJECT_BOX.w,
    height: Math.max(0, rowY(row) - OBJECT_BOX.rowGap),
    more,
  };
}
