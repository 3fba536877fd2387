/**
 * A small POSIX-sh interpreter for the simulated containers: `sh -c '<script>'` in busybox,
 * alpine, debian… and plain commands such as `["sleep", "3600"]`.
 *
 * It runs lazily as a generator driven by virtual time: `sleep` adds to the delay before the next
 * step, `echo` yields an output step, `exit` yields the exit step. An infinite loop is therefore
 * produced one step at a time, never built as a list; a loop that never prints again is detected
 * and reported as "runs on quietly forever".
 *
 * The parts: ./lexer and ./parser build the syntax tree (./syntax), ./executor walks it, ./expand
 * expands words (with ./arith), ./commands dispatches to ./builtins, all over the state of
 * ./interpreter.
 */
import type { Program } from '../programs/types';
import { Shell } from './interpreter';
import type { ShellContext } from './types';

export type {
  HttpOutcome,
  HttpResolver,
  IO,
  Invocation,
  Mount,
  ShellContext,
  ShellFlavour,
  TcpOutcome,
  TcpResolver,
  Tool,
} from './types';
export type { Shell } from './interpreter';
export { listDir, readFile, removedExecutable, resolvePath } from './filesystem';
export { readStdin } from './builtins/text';
export { QuietForever } from './signals';
export { containerFiles, type Files } from './mounts';
export { formatDate } from './date';
export { parseSleepArg } from './builtins/sleep';
export { FileStore } from './fileStore';
export { startInteractiveShell, type ShellSession } from './interactive';
export { ALPINE_ROOT_DIRS, DEBIAN_ROOT_DIRS } from './rootfs';

/**
 * Starts `sh -c '<script>'` (or `bash -c`): a lazily stepped {@link Program}.
 * `positional` are the arguments after the script (`$0` is the shell's name).
 * @example startShellScript(ctx, 'echo hello && sleep 5 && exit 3').next()
 */
export function startShellScript(
  ctx: ShellContext,
  script: string,
  positional: string[] = [],
): Program {
  const shell = new Shell(ctx);
  shell.positional = positional;
  return shell.program(() => shell.script(script));
}

/**
 * Starts one command without a shell (`["sleep", "3600"]`, `["echo", "hi"]`): the arguments are
 * used as they are, with no expansion, as the runtime execs them.
 */
export function startCommand(ctx: ShellContext, argv: string[], stdin?: string): Program {
  const shell = new Shell(ctx);
  const io = stdin === undefined ? shell.io : { ...shell.io, stdin: { data: stdin, pos: 0 } };
  return shell.program(() => shell.run(argv, io));
}
