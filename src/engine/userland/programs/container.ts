/**
 * What a container's processes share: its environment, its userland and its writable layer. The
 * main process (./index.ts) and those exec'd into it (./exec.ts) start from this.
 */
import type { FileStore } from '../shell/fileStore';
import type { HttpResolver } from '../shell/types';
import type { ProgramInput } from './types';
import type { Userland } from './userland';

/** The shells a command line can start (`sh -c '…'`). */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** What an exec'd process shares with its container. */
export interface ContainerState {
  input: ProgramInput;
  /** The container's environment (image and pod), as its main process got it. */
  env: Record<string, string>;
  land: Userland;
  /** The container's writable layer. */
  files: FileStore;
  now: () => number;
  http?: HttpResolver;
}

/** The environment of a container's processes: the image's defaults, then the pod's. */
export function containerEnv(input: ProgramInput): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: input.hostname,
    ...input.env,
  };
  env.HOME ??= '/root';
  return env;
}
