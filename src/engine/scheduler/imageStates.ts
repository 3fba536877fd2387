import type { Node } from '../api/types';
import { changedNodes } from './cache';
import type { NodeInfo } from './framework';
import { normalizedImageName } from './plugins/imageLocality';

/** Each image's size and how many nodes hold it (ImageLocality's spread factor). */
export type ImageStates = Map<string, { size: number; numNodes: number }>;

/** A node's images as (normalised name, size) pairs, in its status order (memoised per node). */
const nodeImages = new WeakMap<Node, [string, number][]>();

function imagesOf(node: Node): [string, number][] {
  let pairs = nodeImages.get(node);
  if (!pairs) {
    pairs = [];
    for (const img of node.status?.images ?? [])
      for (const n of img.names ?? []) pairs.push([normalizedImageName(n), img.sizeBytes ?? 0]);
    nodeImages.set(node, pairs);
  }
  return pairs;
}

/** The last image states computed, with how many nodes report each size of each image. */
let lastImages:
  | {
      infos: NodeInfo[];
      nodes: Node[];
      states: ImageStates;
      sizes: Map<string, Map<number, number>>;
    }
  | undefined;

/**
 * Image states of a cycle's nodes: the size the first node (in order) reports for each image,
 * and how many (node, name) pairs hold it. Each cycle's nodes differ from the last only in the
 * few nodes whose objects changed, so the last result is updated for those; a fresh Map is
 * returned (earlier results stay as they were).
 */
export function imageStatesOf(infos: NodeInfo[]): ImageStates {
  const last = lastImages;
  if (last && last.nodes.length === infos.length) {
    const changed: number[] = [];
    const candidates = changedNodes(last.infos, infos);
    if (candidates) {
      // Only the nodes whose entries changed can hold another Node object (in index order).
      for (const i of [...candidates].sort((x, y) => x - y))
        if (infos[i].node !== last.nodes[i] && changed.push(i) > 64) break;
    } else
      for (let i = 0; i < infos.length && changed.length <= 64; i++)
        if (infos[i].node !== last.nodes[i]) changed.push(i);
    if (changed.length === 0) {
      last.infos = infos;
      return last.states;
    }
    if (changed.length <= 64) {
      const updated = updateImageStates(last, infos, changed);
      if (updated) return updated;
    }
  }
  return computeImageStates(infos);
}

function computeImageStates(infos: NodeInfo[]): ImageStates {
  const states: ImageStates = new Map();
  const sizes = new Map<string, Map<number, number>>();
  for (const info of infos) {
    for (const [name, size] of imagesOf(info.node)) {
      const s = states.get(name);
      if (s) s.numNodes++;
      else states.set(name, { size, numNodes: 1 });
      const bySize = sizes.get(name) ?? sizes.set(name, new Map()).get(name)!;
      bySize.set(size, (bySize.get(size) ?? 0) + 1);
    }
  }
  lastImages = { infos, nodes: infos.map((i) => i.node), states, sizes };
  return states;
}

/**
 * Apply the changed nodes' image lists to the last states. Undefined (recompute) when an image
 * is reported with more than one size, where which node comes first would decide its size.
 */
function updateImageStates(
  last: NonNullable<typeof lastImages>,
  infos: NodeInfo[],
  changed: number[],
): ImageStates | undefined {
  const counts = new Map<string, number>();
  for (const [name, s] of last.states) counts.set(name, s.numNodes);
  const add = (name: string, size: number, d: number) => {
    counts.set(name, (counts.get(name) ?? 0) + d);
    const bySize = last.sizes.get(name) ?? last.sizes.set(name, new Map()).get(name)!;
    const n = (bySize.get(size) ?? 0) + d;
    if (n === 0) bySize.delete(size);
    else bySize.set(size, n);
  };
  for (const i of changed) {
    for (const [name, size] of imagesOf(last.nodes[i])) add(name, size, -1);
    for (const [name, size] of imagesOf(infos[i].node)) add(name, size, +1);
  }
  const states: ImageStates = new Map();
  for (const [name, n] of counts) {
    if (n <= 0) continue;
    const bySize = last.sizes.get(name)!;
    if (bySize.size !== 1) {
      lastImages = undefined;
      return undefined;
    }
    const size = bySize.keys().next().value!;
    const prev = last.states.get(name);
    states.set(
      name,
      prev && prev.size === size && prev.numNodes === n ? prev : { size, numNodes: n },
    );
  }
  const nodes = last.nodes.slice();
  for (const i of changed) nodes[i] = infos[i].node;
  lastImages = { infos, nodes, states, sizes: last.sizes };
  return states;
}
