import type { Node } from '../../api/types';
import { MAX_NODE_SCORE, type CycleState, type ScorePlugin } from '../framework';

type ImageState = { size: number; numNodes: number };

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

const normalized = new Map<string, string>();

/** `nginx:1.27` → `docker.io/library/nginx:1.27`, as node status lists images (memoised). */
export function normalizedImageName(image: string): string {
  let name = normalized.get(image);
  if (name === undefined) {
    if (normalized.size >= 10_000) normalized.clear();
    normalized.set(image, (name = normalize(image)));
  }
  return name;
}

function normalize(image: string): string {
  let ref = image;
  if (!ref.includes('@') && !/:[^/]+$/.test(ref)) ref += ':latest';
  const first = ref.split('/')[0];
  if (!ref.includes('/')) return `docker.io/library/${ref}`;
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
    return `docker.io/${ref}`;
  return ref;
}

const namesOnNode = new WeakMap<Node, ReadonlySet<string>>();
/**
 * scale: one set per distinct list of image names, shared by the nodes that report it (most
 * nodes of a large cluster hold the same few images), so a cycle scores each set once.
 */
const sharedSets = new Map<string, ReadonlySet<string>>();

/** The image names a node reports (memoised for frozen, i.e. informer, node objects). */
export function imageNames(node: Node): ReadonlySet<string> {
  const hit = namesOnNode.get(node);
  if (hit) return hit;
  const names: string[] = [];
  for (const img of node.status?.images ?? []) for (const n of img.names ?? []) names.push(n);
  const key = names.join('\n');
  let present = sharedSets.get(key);
  if (!present) {
    if (sharedSets.size >= 10_000) sharedSets.clear();
    sharedSets.set(key, (present = new Set(names)));
  }
  if (Object.isFrozen(node)) namesOnNode.set(node, present);
  return present;
}

/**
 * The last cycle's pod images (normalised) with their states, and the score of each set of image
 * names seen so far in the cycle: Score asks once per node, and the score depends only on them.
 */
let lastImages:
  | {
      state: CycleState;
      images: { name: string; s: ImageState | undefined }[];
      scores: Map<ReadonlySet<string>, number>;
    }
  | undefined;

function podImages(state: CycleState) {
  if (lastImages?.state === state) return lastImages;
  const images = (state.pod.spec?.containers ?? []).map((c) => {
    const name = normalizedImageName(c.image ?? '');
    return { name, s: state.imageStates.get(name) };
  });
  lastImages = { state, images, scores: new Map() };
  return lastImages;
}

/**
 * ImageLocality: favour nodes that already have the pod's images, scaled by how widely each
 * image is spread (k/k: pkg/scheduler/framework/plugins/imagelocality).
 */
export const ImageLocality: ScorePlugin = {
  name: 'ImageLocality',
  weight: 1,
  score(state, info) {
    return scoreImages(state, info.imageNames);
  },
  scoreAt(state, t, i) {
    return scoreImages(state, t.imageNames[i]);
  },
};

/** Score of a node holding these images (remembered per set for the cycle). */
function scoreImages(state: CycleState, present: ReadonlySet<string>): number {
  const cycle = podImages(state);
  const hit = cycle.scores.get(present);
  if (hit !== undefined) return hit;
  const total = state.allNodes.length;
  let sum = 0;
  for (const { name, s } of cycle.images) {
    if (s && present.has(name)) sum += Math.floor(s.size * (s.numNodes / total));
  }
  const max = MAX_CONTAINER_THRESHOLD * (state.pod.spec?.containers.length ?? 1);
  const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
  const score = Math.floor((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  cycle.scores.set(present, score);
  return score;
}
