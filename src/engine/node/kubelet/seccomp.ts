/**
 * The seccomp profile the kubelet asks the runtime for (k/k: pkg/kubelet/kuberuntime/helpers.go
 * getSeccompProfile and fieldSeccompProfile): the container's `securityContext.seccompProfile`
 * wins over the pod's; with neither, `Unconfined` (kind's kubelet does not set seccompDefault).
 * A `Localhost` profile is a path under the kubelet's seccomp root, `/var/lib/kubelet/seccomp`
 * (k/k: kubelet.go, `filepath.Join(rootDir, "seccomp")`); the kubelet does not read it, the
 * runtime does when it builds the container. The pod sandbox always runs RuntimeDefault
 * (kuberuntime_sandbox.go), so only the containers are affected. The alpha annotations
 * (`seccomp.security.alpha.kubernetes.io/pod`) have no effect since v1.27.
 */
import type { Container, Pod } from '../../api/types';
import type { SecurityProfile } from '../runtime/seccomp';

/** The kubelet's --root-dir/seccomp. */
export const SECCOMP_PROFILE_ROOT = '/var/lib/kubelet/seccomp';

export function seccompProfileFor(pod: Pod, container: Container): SecurityProfile {
  const field =
    container.securityContext?.seccompProfile ?? pod.spec?.securityContext?.seccompProfile;
  if (!field) return { profileType: 'Unconfined' };
  if (field.type === 'Localhost')
    return {
      profileType: 'Localhost',
      localhostRef: joinPath(SECCOMP_PROFILE_ROOT, field.localhostProfile ?? ''),
    };
  return { profileType: field.type === 'RuntimeDefault' ? 'RuntimeDefault' : 'Unconfined' };
}

/** Go's filepath.Join: the parts joined and the result cleaned (`.`, `..`, repeated slashes). */
function joinPath(root: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${root}/${rel}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
