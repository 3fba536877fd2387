/**
 * The engine's pure helpers for the UI: derived views computed exactly as kubectl and the
 * control plane compute them, so the diagram never disagrees with `kubectl get`. The UI imports
 * engine code from here only (and types through the protocol); lint enforces it. Nothing here
 * holds state or reads a clock.
 *
 * Everything here loads with the first diagram, so it stays small: helpers that pull a large part
 * of the engine live in their own `public*` module, imported only by the panel that needs them
 * (loaded on demand): `publicCompletion` (kubectl's Tab completion: every command's flags),
 * `publicScenario` (the scenario parser, with the YAML library) and `publicImages` (the image
 * catalogue, for pull progress and estimates). A re-export here would load them
 * at boot even if nothing on the page used them, since importing a module runs its top level.
 */
import { cpuMillis, memoryBytes } from './api/quantity';

export type {
  ContainerStatus,
  Deployment,
  Event,
  KubeObject,
  Node,
  Pod,
  ReplicaSet,
} from './api/types';
export type { ComponentKindName as ComponentKind } from './component';
/** Pod READY/STATUS/RESTARTS as `kubectl get pods` prints them, sidecars included. */
export {
  summarizePod,
  podStatusColumn,
  podReadyColumn,
  type PodSummary,
} from './kubectl/podStatus';
/** Ages as kubectl truncates them (`3m12s`, `2d3h`). */
export { humanDuration, translateTimestampSince } from './kubectl/age';
/** A pod's requests as the scheduler counts them: cpu millicores and memory bytes. */
export { podRequests } from './scheduler/nodeInfo';
/** Canonical quantity text: `1500m`, `2`, `128Mi`, `8Gi` (plain bytes when no suffix is exact). */
export { formatCpu, formatMemory } from './api/quantity';
export { REVISION_ANNOTATION } from './controllers/deployment/util';
/** The API server's pipeline stages, as its `stage` trace events name them. */
export { API_STAGES, type ApiStage } from './apiserver/stages';

/** CPU in millicores, rounded up as the API does; 0 for a missing or invalid quantity. */
export function cpuMillisOrZero(q: string | number | undefined | null): number {
  if (q === undefined || q === null) return 0;
  try {
    return cpuMillis(q);
  } catch {
    return 0;
  }
}

/** Bytes (or any quantity in base units); 0 for a missing or invalid quantity. */
export function bytesOrZero(q: string | number | undefined | null): number {
  if (q === undefined || q === null) return 0;
  try {
    return memoryBytes(q);
  } catch {
    return 0;
  }
}

/** Runs as share links and scenario files carry them, checked field by field (issue 13). */
export { RUN_FORMAT, validateRun } from './replay/run';
export type { Checked, RecordedRun, RunAction as SharedRunAction, SharedRun } from './replay/run';
// presenter: the objects overlay draws owners and endpoints from this graph.
export { ownershipGraph, OWNERSHIP_COLUMNS } from './api/ownership';
export type {
  OwnershipGraph,
  OwnershipObject,
  OwnershipEdge,
  OwnershipKind,
} from './api/ownership';
