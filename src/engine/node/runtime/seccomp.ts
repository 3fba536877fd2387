/**
 * The container runtime's side of seccomp: a `Localhost` profile is read from the node's disk
 * as the container is made. containerd: internal/cri generateSeccompSpecOpts → contrib/seccomp
 * WithProfile (`cannot load seccomp profile`), under NewContainer's `failed to create containerd
 * container`; CRI-O: `setup seccomp: unable to load local profile`. The filter itself is not
 * simulated: a profile that is there lets the container run.
 */
import type { Disk } from '../hostDisk';

/** CRI runtimeapi.SecurityProfile: the seccomp profile a container is created with. */
export interface SecurityProfile {
  profileType: 'RuntimeDefault' | 'Unconfined' | 'Localhost';
  /** For Localhost: the absolute path of the profile on the node. */
  localhostRef?: string;
}

/** Why CreateContainer fails with `profile`, or undefined when the spec can be built. */
export function seccompError(
  flavour: 'containerd' | 'cri-o',
  disk: Disk,
  profile: SecurityProfile,
): string | undefined {
  const ref = profile.localhostRef;
  if (profile.profileType !== 'Localhost' || !ref) return undefined;
  if (disk.readFile(ref) !== undefined) return undefined;
  const cause = `open ${ref}: no such file or directory`;
  return flavour === 'cri-o'
    ? `setup seccomp: unable to load local profile "${ref}": ${cause}`
    : `failed to create containerd container: cannot load seccomp profile "${ref}": ${cause}`;
}
