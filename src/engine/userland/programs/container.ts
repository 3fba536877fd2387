/**
 * What a container's processes share: its environment, its userland and its writable layer. The
 * main process (./index.ts) and those exec'd into it (./exec.ts) start from this.
 */
import type { FileStore } from '../shell/fileStore';
import type { HttpResolver, TcpResolver } from '../shell/types';
import type { PodNetworkAccess, ProgramInput } from './types';
import type { Userland } from './userland';

/** The shells a command line can start (`sh -c '…'`). */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** Images' entrypoint scripts, which do their setup and `exec "$@"`. */
export const ENTRYPOINT_SCRIPTS = new Set([
  'docker-entrypoint.sh',
  '/docker-entrypoint.sh',
  '/usr/local/bin/docker-entrypoint.sh',
  '/entrypoint.sh',
]);

/**
 * mysql: where a shell's `-c` is among its options, also combined with others (`bash -ic`,
 * `sh -ec`): the script is the next argument. -1 if it has none.
 */
export function shellScriptFlag(args: string[]): number {
  for (let i = 0; i < args.length && args[i].startsWith('-'); i++)
    if (args[i] === '-c' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(args[i])) return i;
  return -1;
}

/** What an exec'd process shares with its container. */
export interface ContainerState {
  input: ProgramInput;
  /** The container's environment (image and pod), as its main process got it. */
  readonly env: Record<string, string>;
  land: Userland;
  /** The container's writable layer. */
  files: FileStore;
  now: () => number;
  http?: HttpResolver;
  tcp?: TcpResolver;
}

/**
 * The state of a running container that its exec'd processes read. scale: its environment is
 * made from the input again when a process is exec'd (it is the same every time), not kept for
 * each container that nothing execs into (~140 bytes).
 */
export class RunningContainer implements ContainerState {
  private readonly httpResolver: HttpResolver | undefined;
  private readonly network: PodNetworkAccess | undefined;

  constructor(
    readonly input: ProgramInput,
    readonly land: Userland,
    readonly files: FileStore,
    readonly now: () => number,
    http: HttpResolver | PodNetworkAccess | undefined,
    private readonly tcpResolver: TcpResolver | undefined,
  ) {
    if (typeof http === 'function') this.httpResolver = http;
    else this.network = http;
  }

  get env(): Record<string, string> {
    return containerEnv(this.input);
  }

  /**
   * The container's HTTP resolver. scale: with the node's pod network access, made when a
   * process asks (a shell that runs `wget`, an exec'd `curl`), not two closures kept for each
   * container (~230 bytes); they answer the same whenever made.
   */
  get http(): HttpResolver | undefined {
    return this.httpResolver ?? this.network?.resolversFor(this.input)[0];
  }

  get tcp(): TcpResolver | undefined {
    return this.tcpResolver ?? this.network?.resolversFor(this.input)[1];
  }
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

/**
 * Whether a command reads its stdin before it acts (so `kubectl run -i` must send it first): the
 * mysql client without `-e` runs the statements it reads.
 */
export function readsStdin(name: string, args: string[]): boolean {
  if (name !== 'mysql') return false;
  return !args.some((a) => a === '-e' || a.startsWith('--execute') || /^-e./.test(a));
}
