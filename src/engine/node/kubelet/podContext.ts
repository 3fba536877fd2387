/**
 * What the pod worker shares with the kubelet's per-pod helpers: its record of each container
 * and the view of the pod that the image manager, container starter and killer, prober manager,
 * crash back-off and status manager work with.
 */
import type { Pod } from '../../api/types';
import type { Stored } from '../../api/stored';
import type { Clock, TimerId } from '../../sim/clock';
import type { Kubelet } from './kubelet';
import type { PodVolumes } from './podVolumes';
import type { ContainerRun } from './podStatusBuilder';
import type { ProbeType, ProbeWorker } from './probes';

/**
 * kubelet.go: backOffPeriod 10 s doubling to MaxContainerBackOff 300 s, for image pulls and for
 * crashes.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** flowcontrol.Backoff forgets an entry 2 × max (10 minutes) after its last update. */
export const BACKOFF_RESET_MS = 2 * BACKOFF_MAX_MS;

/** What the pod worker keeps per container beyond its status. */
export interface Run extends ContainerRun {
  crashBackoffMs: number;
  /** When the crash back-off entry was last advanced (flowcontrol.Backoff lastUpdate). */
  backoffUpdatedAt?: number;
  pullBackoffMs: number;
  pullRetryAt: number;
  restartTimer?: TimerId;
  /** Its probe workers (NO_PROBES when it has none: a list is made when one is added). */
  probes: readonly ProbeWorker[];
  /** Set while the pod's termination has the container being stopped. */
  stopping?: boolean;
  /** Set while a failed liveness/startup probe has the container being killed. */
  killedBy?: ProbeType;
}

/** The pod worker as its helpers see it. */
export interface PodContext {
  readonly kubelet: Kubelet;
  readonly clock: Clock;
  /** The newest version of the pod from the API. */
  readonly pod: Stored<Pod>;
  readonly uid: string;
  /** `namespace/name`. */
  readonly key: string;
  readonly ns: string;
  readonly name: string;
  /** `web_default(uid)` as kubelet messages name a pod (k/k: pkg/kubelet/util/format.Pod). */
  readonly podRef: string;
  /** The sandbox's IP, once RunPodSandbox is done. */
  readonly sandboxIP: string | undefined;
  /** The pod is deleted (or its worker finished): nothing more happens. */
  readonly gone: boolean;
  /** Graceful termination has begun. */
  readonly terminating: boolean;
  /** The pod's volumes: each container's mounts come from them. */
  readonly volumes: PodVolumes;
  /** An event on the pod, with the container's fieldPath when `run` is given. */
  event(type: 'Normal' | 'Warning', reason: string, message: string, run?: Run): void;
  /** The pod status as the kubelet sees it now (what the status manager writes). */
  buildStatus(): Pod['status'];
  /** A liveness or startup probe failed: kill the container (./containerKiller). */
  killForFailedProbe(r: Run, kind: ProbeType): void;
  /** The status changed: the status manager writes it shortly. */
  markStatusDirty(): void;
  /** Run SyncPod again. */
  sync(): void;
  /** pod_workers.go: requeue after backOffPeriod when the sync ended in error. */
  scheduleResync(restart?: boolean): void;
}
