/**
 * The cluster slice: the worker's view of the cluster, applied one message at a time.
 *
 * Reducers are pure functions of (state, message) → partial state, so they are tested in Node and
 * the bridge applies each worker message with exactly one `setState` (architecture principle 6).
 * Unchanged ObjectRecords, component infos and index arrays keep their identity, so memoized
 * diagram nodes that select them skip rendering (xyflow's NodeRenderer pattern).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';
import type {
  BatchMessage,
  ClusterShape,
  ComponentInfo,
  ObjectRecord,
  PlaybackState,
  SchedulingDecision,
  SnapshotMessage,
  TraceEvent,
} from '../../protocol';
import { PersistentMap } from './persistentMap';
import { KeyList, keysOf } from './keyList';
import type { MapEditor } from './persistentMap';

/** Every stored object by etcd key; a new state shares all the records a batch did not touch. */
export type ObjectMap = PersistentMap<ObjectRecord>;

/** How many recent trace events the store keeps for the inspector. */
export const TRACE_BUFFER_SIZE = 2000;

/** `busy`: the worker has not answered for a while (a long computation, or a hang). */
export type SimulationStatus = 'starting' | 'running' | 'busy' | 'failed';

export interface ClusterData {
  status: SimulationStatus;
  /** Why the worker stopped (`failed`) or what it is not answering (`busy`). */
  fatalMessage: string | null;
  /** Wall-clock ms of virtual time zero (timestamps in objects are epochMs + simTime). */
  epochMs: number;
  /** Virtual ms since the cluster started. */
  simTime: number;
  /** etcd's global revision. */
  revision: number;
  shape: ClusterShape | null;
  /**
   * Every stored object by etcd key. Persistent (./persistentMap): a batch copies only the paths
   * to the keys it changes, so each frame's state and the timeline's past states share the rest.
   */
  objects: ObjectMap;
  /** Object keys per kind (`Pod`, `Node`…), sorted. Arrays keep identity while a kind is unchanged. */
  /** Each kind's stored keys, sorted when read (`keysOf`). */
  keysByKind: Readonly<Record<string, KeyList>>;
  /** Pod keys per `spec.nodeName`; unscheduled pods are under `''`. Sorted by name. */
  podKeysByNode: Readonly<Record<string, readonly string[]>>;
  components: Readonly<Record<string, ComponentInfo>>;
  /** Component ids in the worker's order. */
  componentIds: readonly string[];
  playback: PlaybackState;
  /** The most recent trace events (at most TRACE_BUFFER_SIZE), oldest first. */
  trace: readonly TraceEvent[];
  /** The trace events of the last applied message only: the animator plays exactly these. */
  lastTrace: readonly TraceEvent[];
  /**
   * kube-scheduler's latest scheduling attempt per pod uid (the score table). Entries of deleted
   * pods are dropped with the pod.
   */
  /** The latest scheduling decision per pod uid (a persistent map: a batch copies only the paths it changes). */
  decisions: PersistentMap<SchedulingDecision>;
  /**
   * Per kind, a counter bumped by every batch that adds, changes or removes an object of that kind:
   * a cheap "did any Event change?" for panels that list a whole kind.
   */
  kindVersion: Readonly<Record<string, number>>;
  /**
   * Per node name (`''`: unscheduled), a counter bumped by every batch that adds, changes or
   * removes a pod on it (or moves one off it): a cheap "did any of this worker's pods change?" for
   * the 50 workers' boxes, each of which would otherwise compare its pods' records on every batch.
   */
  podVersionByNode: Readonly<Record<string, number>>;
}

export interface ClusterActions {
  applySnapshot(msg: SnapshotMessage): void;
  applyBatch(msg: BatchMessage): void;
  /** Several batches in order, with one state change (the bridge coalesces them per frame). */
  applyBatches(msgs: readonly BatchMessage[]): void;
  setStatus(status: SimulationStatus, fatalMessage?: string | null): void;
  /** Optimistic playback change while the worker confirms it. */
  setPlayback(playback: Partial<PlaybackState>): void;
}

export type ClusterSlice = ClusterData & ClusterActions;

const EMPTY: readonly TraceEvent[] = [];

/** The cluster state before the worker's first snapshot. */
export function initialClusterData(): ClusterData {
  return {
    status: 'starting',
    fatalMessage: null,
    epochMs: 0,
    simTime: 0,
    revision: 0,
    shape: null,
    objects: PersistentMap.empty(),
    keysByKind: {},
    podKeysByNode: {},
    components: {},
    componentIds: [],
    playback: { playing: true, speed: 1 },
    trace: EMPTY,
    lastTrace: EMPTY,
    decisions: PersistentMap.empty(),
    kindVersion: {},
    podVersionByNode: {},
  };
}

function sameArray<T>(a: readonly T[] | undefined, b: readonly T[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function podNodeName(rec: ObjectRecord): string {
  const spec = (rec.object as { spec?: { nodeName?: string } }).spec;
  return spec?.nodeName ?? '';
}

/** Rebuilds the pod-per-node index, reusing the previous arrays that did not change. */
export function indexPodsByNode(
  objects: ObjectMap,
  podKeys: readonly string[],
  prev: Readonly<Record<string, readonly string[]>>,
): Record<string, readonly string[]> {
  const groups: Record<string, string[]> = {};
  for (const key of podKeys) {
    const rec = objects.get(key);
    if (!rec) continue;
    (groups[podNodeName(rec)] ??= []).push(key);
  }
  const out: Record<string, readonly string[]> = {};
  for (const [node, keys] of Object.entries(groups)) {
    sortByName(keys, objects);
    out[node] = sameArray(prev[node], keys) ? prev[node] : keys;
  }
  return out;
}

/**
 * The pod-per-node index after some pods changed: only the lists of `nodes` (the nodes those pods
 * were on or are on now) are rebuilt, from their previous list and the changed pods (`changed`);
 * every other list keeps its identity. Equal to `indexPodsByNode` over all pods — a rolling update
 * changes a few pods per frame, and regrouping and sorting a thousand every frame showed.
 */
export function patchPodsByNode(
  objects: ObjectMap,
  prev: Readonly<Record<string, readonly string[]>>,
  changed: ReadonlySet<string>,
  nodes: ReadonlySet<string>,
): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = { ...prev };
  const fresh = new Map<string, string[]>();
  for (const key of changed) {
    const rec = objects.get(key);
    if (!rec || rec.kind !== 'Pod') continue;
    const node = podNodeName(rec);
    let list = fresh.get(node);
    if (!list) fresh.set(node, (list = []));
    list.push(key);
  }
  for (const node of nodes) {
    const keys: string[] = [];
    for (const key of prev[node] ?? []) {
      if (changed.has(key)) continue;
      const rec = objects.get(key);
      if (rec && podNodeName(rec) === node) keys.push(key);
    }
    for (const key of fresh.get(node) ?? []) keys.push(key);
    if (keys.length === 0) {
      delete out[node];
      continue;
    }
    sortByName(keys, objects);
    out[node] = sameArray(prev[node], keys) ? prev[node] : keys;
  }
  return out;
}

/** Sorts pod keys by their pods' names (every key is in `objects`). */
function sortByName(keys: string[], objects: ObjectMap): void {
  const named = keys.map((k) => ({ k, name: objects.get(k)?.name ?? '' }));
  named.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (let i = 0; i < keys.length; i++) keys[i] = named[i].k;
}

function indexByKind(objects: ObjectMap): Record<string, KeyList> {
  const byKind: Record<string, string[]> = {};
  objects.forEach((rec) => (byKind[rec.kind] ??= []).push(rec.key));
  const lists: Record<string, KeyList> = {};
  for (const [kind, keys] of Object.entries(byKind)) lists[kind] = KeyList.of(keys);
  return lists;
}

function appendTrace(buffer: readonly TraceEvent[], events: readonly TraceEvent[]) {
  if (events.length === 0) return buffer;
  const next = buffer.concat(events);
  return next.length > TRACE_BUFFER_SIZE ? next.slice(next.length - TRACE_BUFFER_SIZE) : next;
}

/**
 * The state after a full snapshot: everything replaced, the trace cleared. Every kind's version
 * moves on from `prev`'s, so panels that follow a kind's version (Events) see the new cluster.
 */
export function reduceSnapshot(
  msg: SnapshotMessage,
  prev?: Pick<ClusterData, 'kindVersion'> & Partial<Pick<ClusterData, 'podVersionByNode'>>,
): Partial<ClusterData> {
  const editor = PersistentMap.empty<ObjectRecord>().edit();
  for (const rec of msg.objects) editor.set(rec.key, rec);
  const objects = editor.done();
  const keysByKind = indexByKind(objects);
  const podKeysByNode = indexPodsByNode(objects, keysOf(keysByKind, 'Pod'), {});
  const components: Record<string, ComponentInfo> = {};
  for (const c of msg.components) components[c.id] = c;
  return {
    status: 'running',
    fatalMessage: null,
    epochMs: msg.epochMs,
    simTime: msg.simTime,
    revision: msg.revision,
    shape: msg.shape,
    objects,
    keysByKind,
    podKeysByNode,
    components,
    componentIds: msg.components.map((c) => c.id),
    playback: msg.playback,
    trace: EMPTY,
    lastTrace: EMPTY,
    decisions: PersistentMap.empty(),
    kindVersion: bumpAll(prev?.kindVersion ?? {}, Object.keys(keysByKind)),
    podVersionByNode: bumpAll(prev?.podVersionByNode ?? {}, Object.keys(podKeysByNode)),
  };
}

function bumpAll(versions: Readonly<Record<string, number>>, kinds: readonly string[]) {
  const out: Record<string, number> = {};
  for (const kind of new Set([...Object.keys(versions), ...kinds]))
    out[kind] = (versions[kind] ?? 0) + 1;
  return out;
}

/** The decisions after a batch: the latest attempt per pod uid; deleted pods' entries dropped. */
function reduceDecisions(
  decisions: PersistentMap<SchedulingDecision>,
  incoming: readonly SchedulingDecision[] | undefined,
  removedPodUids: readonly string[],
): PersistentMap<SchedulingDecision> {
  const gone = removedPodUids.filter((uid) => decisions.has(uid));
  if (!incoming?.length && gone.length === 0) return decisions;
  const next = decisions.edit();
  // Batches arrive in order, so a later decision is a later attempt.
  for (const d of incoming ?? []) next.set(d.uid, d);
  for (const uid of gone) next.delete(uid);
  return next.done();
}

/**
 * The state after one batch. Only the records named in the diff are replaced; a record whose
 * modRevision did not change keeps its old identity. Index arrays are rebuilt only for the kinds
 * that gained or lost keys.
 */
export function reduceBatch(state: ClusterData, msg: BatchMessage): Partial<ClusterData> {
  return reduceBatches(state, [msg]);
}

/**
 * The state after several batches, as one change: each is applied in order (the worker already
 * squashed each frame's changes; it is the one place that does). `lastTrace` holds all their trace
 * events, so the animator plays every message.
 *
 * One pass for all of them: one editor of the objects map (thousands of records with a big
 * cluster's Events) copies each changed path once, and the key lists and pod index are patched once, not once per batch — a page that
 * fell behind at 16× applies a dozen batches in a frame.
 */
export function reduceBatches(
  state: ClusterData,
  msgs: readonly BatchMessage[],
): Partial<ClusterData> {
  const last = msgs[msgs.length - 1];
  if (!last) return {};
  const trace: TraceEvent[] = [];
  for (const m of msgs) for (const ev of m.trace) trace.push(ev);
  const next: Partial<ClusterData> = {
    simTime: last.simTime,
    revision: last.revision,
    trace: appendTrace(state.trace, trace),
    lastTrace: trace.length ? (msgs.length === 1 ? last.trace : trace) : EMPTY,
  };
  for (const m of msgs) if (m.playback) next.playback = m.playback;

  let objects: MapEditor<ObjectRecord> | undefined;
  let kindVersion: Record<string, number> | undefined;
  let podsChanged = false;
  // The pods added, replaced or removed, and the nodes they were on or are on now: only those
  // nodes' lists are rebuilt.
  const changedPods = new Set<string>();
  const podNodes = new Set<string>();
  // Every node a pod was added to, changed on or removed from (podNodes only has the moves).
  const touchedNodes = new Set<string>();
  const podMoved = (key: string, from: ObjectRecord | undefined, to: ObjectRecord | undefined) => {
    changedPods.add(key);
    if (from) podNodes.add(podNodeName(from));
    if (to) podNodes.add(podNodeName(to));
  };
  const removedPodUids: string[] = [];
  // Keys that appear or disappear, per kind, net over the batches: the sorted key lists are
  // patched, not rebuilt. A key both added and removed in the same frame leaves its list alone.
  const appeared = new Map<string, Set<string>>();
  const gone = new Map<string, Set<string>>();
  const setOf = (m: Map<string, Set<string>>, kind: string) => {
    let set = m.get(kind);
    if (!set) m.set(kind, (set = new Set()));
    return set;
  };
  const appear = (rec: ObjectRecord) => {
    const wasGone = gone.get(rec.kind);
    if (wasGone?.has(rec.key)) wasGone.delete(rec.key);
    else setOf(appeared, rec.kind).add(rec.key);
  };
  for (const msg of msgs) {
    const { added, updated, removed } = msg.diff;
    if (!added.length && !updated.length && !removed.length) continue;
    objects ??= state.objects.edit();
    kindVersion ??= { ...state.kindVersion };
    // Every batch that touches a kind moves its version on.
    const touchedKinds = new Set<string>();
    for (const rec of added) touchedKinds.add(rec.kind);
    for (const rec of updated) touchedKinds.add(rec.kind);
    for (const key of removed) {
      const kind = objects.get(key)?.kind;
      if (kind) touchedKinds.add(kind);
    }
    for (const kind of touchedKinds) kindVersion[kind] = (kindVersion[kind] ?? 0) + 1;
    for (const rec of added) {
      const old = objects.get(rec.key);
      if (!old) appear(rec);
      else if (old.modRevision === rec.modRevision) continue;
      objects.set(rec.key, rec);
      if (rec.kind === 'Pod') {
        podsChanged = true;
        podMoved(rec.key, old, rec);
      }
    }
    for (const rec of updated) {
      const old = objects.get(rec.key);
      if (old && old.modRevision === rec.modRevision) continue;
      if (!old) {
        appear(rec);
        if (rec.kind === 'Pod') {
          podsChanged = true;
          podMoved(rec.key, undefined, rec);
        }
      } else if (rec.kind === 'Pod' && podNodeName(old) !== podNodeName(rec)) {
        podsChanged = true;
        podMoved(rec.key, old, rec);
      }
      if (rec.kind === 'Pod') {
        if (old) touchedNodes.add(podNodeName(old));
        touchedNodes.add(podNodeName(rec));
      }
      objects.set(rec.key, rec);
    }
    for (const key of removed) {
      const old = objects.get(key);
      if (!old) continue;
      objects.delete(key);
      const fresh = appeared.get(old.kind);
      if (fresh?.has(key)) fresh.delete(key);
      else setOf(gone, old.kind).add(key);
      if (old.kind === 'Pod') {
        podsChanged = true;
        podMoved(key, old, undefined);
        const uid = old.object.metadata?.uid;
        if (uid) removedPodUids.push(uid);
      }
    }
  }
  if (objects && kindVersion) {
    const map = objects.done();
    next.objects = map;
    next.kindVersion = kindVersion;
    const changedKinds = new Set<string>();
    for (const [kind, keys] of appeared) if (keys.size) changedKinds.add(kind);
    for (const [kind, keys] of gone) if (keys.size) changedKinds.add(kind);
    if (changedKinds.size) {
      const keysByKind: Record<string, KeyList> = { ...state.keysByKind };
      for (const kind of changedKinds) {
        const keys = (state.keysByKind[kind] ?? KeyList.EMPTY).patched(
          [...(appeared.get(kind) ?? [])],
          gone.get(kind),
        );
        keysByKind[kind] = keys;
      }
      next.keysByKind = keysByKind;
    }
    if (podsChanged)
      next.podKeysByNode = patchPodsByNode(map, state.podKeysByNode, changedPods, podNodes);
    for (const node of podNodes) touchedNodes.add(node);
    if (touchedNodes.size) {
      const versions: Record<string, number> = { ...state.podVersionByNode };
      for (const node of touchedNodes) versions[node] = (versions[node] ?? 0) + 1;
      next.podVersionByNode = versions;
    }
  }

  // One edit of the decisions for all the batches.
  const incoming = msgs.length === 1 ? msgs[0].decisions : msgs.flatMap((m) => m.decisions ?? []);
  const decisions = reduceDecisions(state.decisions, incoming, removedPodUids);
  if (decisions !== state.decisions) next.decisions = decisions;
  let components: Record<string, ComponentInfo> | undefined;
  let ids = state.componentIds;
  for (const m of msgs) {
    if (!m.components?.length) continue;
    components ??= { ...state.components };
    for (const c of m.components) {
      if (!components[c.id]) ids = [...ids, c.id];
      components[c.id] = c;
    }
  }
  if (components) {
    next.components = components;
    next.componentIds = ids;
  }
  return next;
}

/** The zustand slice creator; combined with the UI slice in `createAppStore`. */
export const createClusterSlice: StateCreator<AppState, [], [], ClusterSlice> = (set) => ({
  ...initialClusterData(),
  applySnapshot: (msg) => set((s) => reduceSnapshot(msg, s)),
  applyBatch: (msg) => set((s) => reduceBatch(s, msg)),
  applyBatches: (msgs) => set((s) => reduceBatches(s, msgs)),
  setStatus: (status, fatalMessage = null) => set({ status, fatalMessage }),
  setPlayback: (playback) => set((s) => ({ playback: { ...s.playback, ...playback } })),
});
