/** What the runtime checks and computes before it starts a container's process. */
import { lookupImage, type RegistryImage } from '../../node/runtime/images';
import type { ProgramInput } from './types';
import { hasIn, userlandOf } from './userland';

/** The process's argv: `command` replaces ENTRYPOINT, `args` replaces CMD, as Kubernetes does. */
export function resolveArgv(
  image: Pick<RegistryImage, 'entrypoint' | 'cmd'>,
  input: Pick<ProgramInput, 'command' | 'args'>,
): string[] {
  // k8s docs "Define a Command and Arguments for a Container": a command without args ignores CMD.
  if (input.command?.length) return [...input.command, ...(input.args ?? [])];
  return [...image.entrypoint, ...(input.args?.length ? input.args : image.cmd)];
}

const RUNC_PREFIX =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: ';

/**
 * Whether the container's executable exists in its image. If not, the runtime fails the start
 * (`StartError`, exit code 128) with runc's message.
 * @example checkExecutable({ ...input, command: ['doesnotexist'] }).ok === false
 */
export function checkExecutable(
  input: ProgramInput,
): { ok: true } | { ok: false; message: string } {
  const found = lookupImage(input.image);
  const img = found.ok ? found.image : undefined;
  const argv = resolveArgv(img ?? { entrypoint: [], cmd: ['sh'] }, input);
  const cmd = argv[0];
  if (cmd === undefined || hasIn(userlandOf(img), cmd)) return { ok: true };
  // runc libcontainer: exec.LookPath for bare names, stat for paths
  return {
    ok: false,
    message: cmd.includes('/')
      ? `${RUNC_PREFIX}"${cmd}": stat ${cmd}: no such file or directory: unknown`
      : `${RUNC_PREFIX}"${cmd}": executable file not found in $PATH: unknown`,
  };
}

/**
 * Kubernetes' `$(VAR)` expansion of command and args (`$$` escapes), for the kubelet to apply
 * before starting the program. k/k: third_party/forked/golang/expansion
 */
export function expandKubernetesVars(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name?: string) =>
    m === '$$' ? '$' : name !== undefined && name in env ? env[name] : m,
  );
}
