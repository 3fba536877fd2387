/** What the container runtime keeps of an image and of a container (./runtime.ts). */
import type { TimerId } from '../../sim/clock';
import type { Program } from '../../userland/programs';
import type { LogFile } from './criLog';
import type { CpuAccount } from './cpuAccounting';
import type { RegistryImage } from './images';

export interface CachedImage {
  names: string[];
  sizeBytes: number;
  id: string;
  repoDigest: string;
}

export interface ContainerRecord {
  id: string;
  podUid: string;
  name: string;
  attempt: number;
  image: RegistryImage;
  state: 'created' | 'running' | 'exited';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: 'Completed' | 'Error' | 'OOMKilled' | 'StartError';
  message?: string;
  logs: LogFile;
  memoryLimitBytes?: number;
  /** hpa: the CPU limit in cores, the working set `memory` steps reached, its CPU accounting. */
  cpuLimitCores?: number;
  workingSetBytes?: number;
  cpu?: CpuAccount;
  /** What its process was started as, if its stdin stays open for `kubectl attach`. */
  stdinArgv?: string[];
  /** The running process; dropped once it has exited (nothing reads a dead process). */
  program?: Program;
  timer?: TimerId;
  killTimer?: TimerId;
}

/** A container's exit, as the runtime reports it to the kubelet (CRI container events). */
export interface ContainerExit {
  id: string;
  exitCode: number;
  reason: ContainerRecord['reason'];
  /** corpus-apps: what the process wrote to /dev/termination-log (terminationMessagePath). */
  message?: string;
}

export type PullResult =
  | { ok: true; image: RegistryImage; alreadyPresent: boolean; ms: number }
  | { ok: false; error: string };
