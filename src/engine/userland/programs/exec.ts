/**
 * Running a command inside a running container (CRI ExecSync, k/k: pkg/kubelet/prober/prober.go
 * and pkg/kubelet/lifecycle/handlers.go use it for exec probes and hooks): a new process in the
 * container's namespaces, with the container's environment and its filesystem as it is now.
 */
import { FileStore, startCommand, startShellScript, type HttpResolver } from '../shell';
import { checkExecutable } from './argv';
import type { ExecResult, Program, ProgramInput } from './types';
import { hasIn, type Userland } from './userland';

/** The shells a command line can start (`sh -c '…'`). */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

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

/**
 * ExecSync `argv` in the container, run to its end or to `timeoutMs`: it reads the files as they
 * are at this virtual instant, and what it writes or removes stays in the container.
 * @example execInContainer(state, ['cat', '/tmp/healthy'], 1000).exitCode
 */
export function execInContainer(c: ContainerState, argv: string[], timeoutMs: number): ExecResult {
  const check = checkExecutable({ ...c.input, command: argv, args: [] });
  if (!check.ok || argv.length === 0) {
    const what = check.ok
      ? 'exec: "": executable file not found in $PATH: unknown'
      : check.message.replace(/^.*unable to start container process: /, '');
    return {
      exitCode: 126,
      output: `OCI runtime exec failed: exec failed: unable to start container process: ${what}`,
      ms: 1,
      timedOut: false,
    };
  }
  const at = c.now();
  const before = c.files.at(at);
  const files = FileStore.of(before);
  const name = basename(argv[0]);
  const args = argv.slice(1);
  const ci = SHELLS.has(name) ? args.indexOf('-c') : -1;
  const base = {
    env: { ...c.env },
    hostname: c.input.hostname,
    podIP: c.input.podIP,
    namespace: c.input.namespace,
    now: c.now,
    has: (cmd: string) => hasIn(c.land, cmd),
    http: c.http,
    files,
    mounts: c.input.mounts,
  };
  const p =
    ci >= 0
      ? startShellScript(
          {
            ...base,
            flavour: name === 'bash' || name === 'zsh' ? 'bash' : c.land.flavour,
            argv0: args[ci + 2] ?? name,
          },
          args[ci + 1] ?? '',
          args.slice(ci + 3),
        )
      : startCommand({ ...base, flavour: c.land.flavour, argv0: 'sh' }, argv);
  const result = runToEnd(p, timeoutMs);
  c.files.commit(at, files.changesFrom(before));
  return result;
}

/** Steps a process until it exits or its time is up, collecting its output lines. */
function runToEnd(p: Program, timeoutMs: number): ExecResult {
  const out: string[] = [];
  let t = 0;
  for (let i = 0; i < 10_000; i++) {
    const step = p.next();
    if (!step) break;
    t += step.afterMs;
    if (t > timeoutMs) break;
    if (step.type === 'output') out.push(step.text);
    else if (step.type === 'exit')
      return {
        exitCode: step.code,
        output: out.length ? out.join('\n') + '\n' : '',
        ms: t,
        timedOut: false,
      };
  }
  return { exitCode: -1, output: out.join('\n'), ms: timeoutMs, timedOut: true };
}
