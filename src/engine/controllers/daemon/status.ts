/**
 * The status the DaemonSet controller writes (k/k: daemon_controller.go updateDaemonSetStatus,
 * storeDaemonSetStatus).
 */
import type { DaemonSet, Node, Pod } from '../../api/types';
import type { Stored } from '../../api/stored';
import { isPodAvailable, isPodReady } from '../controllerUtils';
import {
  byCreationAndPhase,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  templateGeneration,
} from './util';

export type DSStatus = NonNullable<DaemonSet['status']>;

/** Go's omitempty on the status' counts. */
export function omitZero(s: DSStatus): DSStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || v === null) continue;
    if (v === 0 && !REQUIRED_COUNTS.has(k)) continue;
    out[k] = v;
  }
  return out as unknown as DSStatus;
}

/** The counts apps/v1 DaemonSetStatus always serialises (no omitempty). */
const REQUIRED_COUNTS = new Set([
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
]);

/** k/k: updateDaemonSetStatus's counts, over the pods grouped by node. */
export function calculateDaemonSetStatus(
  ds: DaemonSet,
  nodes: Stored<Node>[],
  nodeToPods: Map<string, Stored<Pod>[]>,
  hash: string,
  nowMs: number,
): DSStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  const gen = templateGeneration(ds);
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    const pods = nodeToPods.get(node.metadata.name) ?? [];
    if (!shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const pod = [...pods].sort(byCreationAndPhase)[0];
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, nowMs)) available++;
    }
    if (isPodUpdated(pod, hash, gen)) updated++;
  }
  return {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}
