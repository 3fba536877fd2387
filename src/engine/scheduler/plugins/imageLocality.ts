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

const namesOnNode = new WeakMap<Node, Set<string>>();

/** The image names a node reports (memoised for frozen, i.e. informer, node objects). */
function imageNames(node: Node): Set<string> {
  const hit = namesOnNode.get(node);
  if (hit) return hit;
  const present = new Set<string>();
  for (const img of node.status?.images ?? []) for (const n of img.names ?? []) present.add(n);
  if (Object.isFrozen(node)) namesOnNode.set(node, present);
  return present;
}

/** The last cycle's pod images (normalised) with their states: Score asks once per node. */
let lastImages:
  { state: CycleState; images: { name: string; s: ImageState | undefined }[] } | undefined;

function podImages(state: CycleState) {
  if (lastImages?.state === state) return lastImages.images;
  const images = (state.pod.spec?.containers ?? []).map((c) => {
    const name = normalizedImageName(c.image ?? '');
    return { name, s: state.imageStates.get(name) };
  });
  lastImages = { state, images };
  return images;
}

/**
 * ImageLocality: favour nodes that already have the pod's images, scaled by how widely each
 * image is spread (k/k: pkg/scheduler/framework/plugins/imagelocality).
 */
export const ImageLocality: ScorePlugin = {
  name: 'ImageLocality',
  weight: 1,
  score(state, info) {
    const total = state.allNodes.length;
    const present = imageNames(info.node);
    let sum = 0;
    for (const { name, s } of podImages(state)) {
      if (s && present.has(name)) sum += Math.floor(s.size * (s.numNodes / total));
    }
    const max = MAX_CONTAINER_THRESHOLD * (state.pod.spec?.containers.length ?? 1);
    const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
    return Math.floor((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  },
};
