/**
 * Starting a container (k/k: pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer):
 * generate its config (environment from the pod, ConfigMaps and Secrets), CreateContainer and
 * StartContainer over the CRI, with the Created/Started events — or CreateContainerConfigError, or
 * the runtime's StartError when the executable is missing.
 */
import type { Pod } from '../../api/types';
import { cpuMillis, memoryBytes } from '../../api/quantity';
import type { RegistryImage } from '../runtime/images';
import type { PodContext, Run } from './podContext';
import { expandKubernetesVars, type ProgramInput } from '../../userland/programs';
import { makeEnvironment } from './volumes';
import { podEtcFiles } from './etcFiles';
import { seccompProfileFor } from './seccomp';
import { seccompError } from '../runtime/seccomp';
import { diskOf } from '../hostDisk';

/** How long the CRI calls take inside the node. */
const CREATE_MS = 40;
const START_MS = 60;

/**
 * Create and start the container of `r` from `image`. `started` runs once it is running (after the
 * Started event): the worker starts its probes and syncs. Every other outcome leaves `r` waiting
 * or terminated and syncs or requeues the pod itself.
 */
export function createAndStart(
  ctx: PodContext,
  r: Run,
  image: RegistryImage,
  started: () => void,
): void {
  const kubelet = ctx.kubelet;
  const rt = kubelet.runtime;
  const envResult = makeEnvironment(
    r.spec,
    {
      pod: ctx.pod,
      podIP: ctx.sandboxIP,
      nodeName: kubelet.config.name,
      hostIP: kubelet.config.internalIP,
    },
    kubelet.objects,
  );
  if ('pending' in envResult) {
    r.busy = false;
    ctx.clock.setTimeout(() => ctx.sync(), 100);
    return;
  }
  if ('error' in envResult) {
    // kuberuntime startContainer: generateContainerConfig failed → CreateContainerConfigError.
    r.busy = false;
    r.state = 'waiting';
    r.reason = 'CreateContainerConfigError';
    r.message = envResult.error;
    ctx.event('Warning', 'Failed', `Error: ${envResult.error}`, r);
    ctx.markStatusDirty();
    ctx.scheduleResync();
    return;
  }
  // corpus-apps: kind's containerd (1.7) cannot make recursive read-only mounts, so the kubelet
  // refuses to create a container that asks for one (k/k: kubelet_pods.go makeMounts,
  // resolveRecursiveReadOnly; test/e2e_node recursive read-only mounts).
  const rro = r.spec.volumeMounts?.find((m) => m.recursiveReadOnly === 'Enabled');
  if (rro) {
    r.busy = false;
    r.state = 'waiting';
    r.reason = 'CreateContainerConfigError';
    r.message = `failed to resolve recursive read-only mode: volume "${rro.name}" requested recursive read-only mode, but it is not supported by the runtime`;
    ctx.event('Warning', 'Failed', `Error: ${r.message}`, r);
    ctx.markStatusDirty();
    ctx.scheduleResync();
    return;
  }
  const profile = localAppArmorProfile(ctx.pod, r.spec.name);
  if (profile !== undefined) {
    // The nodes load no AppArmor profile of their own: containerd cannot build the container's
    // spec, and the kubelet retries (CreateContainerError) until one is loaded.
    r.busy = false;
    r.state = 'waiting';
    r.reason = 'CreateContainerError';
    r.message = `failed to get container spec opts: failed to generate apparmor spec opts: apparmor profile not found ${profile}`;
    ctx.event('Warning', 'Failed', `Error: ${r.message}`, r);
    ctx.markStatusDirty();
    ctx.scheduleResync();
    return;
  }
  const env = sharedEnv(envResult.env);
  const limit = r.spec.resources?.limits?.memory;
  // hpa: the CPU limit becomes the container's CFS quota.
  const cpuLimit = r.spec.resources?.limits?.cpu;
  const input: ProgramInput = {
    image: image.full,
    command: r.spec.command?.map((a) => expandKubernetesVars(a, env)),
    args: r.spec.args?.map((a) => expandKubernetesVars(a, env)),
    env,
    containerName: r.spec.name,
    podName: ctx.name,
    namespace: ctx.ns,
    hostname: ctx.pod.spec?.hostname ?? ctx.name,
    podIP: ctx.sandboxIP!,
    mounts: ctx.volumes.mountsFor(ctx.pod, r.spec),
    ...(r.spec.stdin ? { stdin: true } : {}),
    ...(r.spec.tty ? { tty: true } : {}),
  };
  // corpus-apps: hostAliases and dnsConfig.
  const etc = podEtcFiles(ctx.pod);
  if (etc) input.etc = etc;
  kubelet.cri<{ id: string } | { error: string } | { createError: string }>(
    'CreateContainer',
    r.spec.name,
    // containerd builds the container's spec (its seccomp profile read from the node's disk)
    // before it makes the container.
    (done) => {
      const refused = seccompError(rt.flavour, diskOf(rt), seccompProfileFor(ctx.pod, r.spec));
      if (refused) return done({ createError: refused }, CREATE_MS);
      done(
        rt.create(
          ctx.uid,
          r.spec.name,
          r.restartCount,
          image,
          input,
          limit !== undefined ? memoryBytes(limit) : undefined,
          cpuLimit !== undefined ? cpuMillis(cpuLimit) / 1000 : undefined,
        ),
        CREATE_MS,
      );
    },
    (created) => {
      if (ctx.gone) return;
      if ('createError' in created) {
        // kuberuntime startContainer: CreateContainer failed → CreateContainerError, retried on
        // the pod's next syncs (a Localhost seccomp profile missing from the node).
        r.busy = false;
        r.state = 'waiting';
        r.reason = 'CreateContainerError';
        r.message = created.createError;
        ctx.event('Warning', 'Failed', `Error: ${created.createError}`, r);
        ctx.markStatusDirty();
        ctx.scheduleResync();
        return;
      }
      if ('error' in created) {
        r.busy = false;
        r.state = 'terminated';
        r.exitCode = 128;
        r.reason = 'StartError';
        r.message = created.error;
        r.startedAt = ctx.clock.now;
        r.finishedAt = ctx.clock.now;
        ctx.event('Normal', 'Created', `Created container ${r.spec.name}`, r);
        ctx.event('Warning', 'Failed', `Error: ${created.error}`, r);
        return ctx.sync();
      }
      ctx.event('Normal', 'Created', `Created container ${r.spec.name}`, r);
      kubelet.cri<boolean>(
        'StartContainer',
        r.spec.name,
        (done) => done(true, START_MS),
        () => {
          if (ctx.gone) return;
          r.busy = false;
          r.containerId = created.id;
          r.state = 'running';
          r.reason = undefined;
          r.message = undefined;
          r.exitCode = undefined;
          r.startedAt = ctx.clock.now;
          r.finishedAt = undefined;
          rt.start(created.id);
          ctx.event('Normal', 'Started', `Started container ${r.spec.name}`, r);
          started();
        },
      );
    },
  );
}

/**
 * The Localhost AppArmor profile a container asks for: its securityContext's, else the pod's,
 * else the deprecated annotation `container.apparmor.security.beta.kubernetes.io/NAME:
 * localhost/PROFILE` (which the API server still honours in v1.31).
 */
function localAppArmorProfile(pod: Pod, container: string): string | undefined {
  type Profile = { type?: string; localhostProfile?: string } | undefined;
  const spec = pod.spec as
    | {
        securityContext?: { appArmorProfile?: Profile };
        containers?: { name: string; securityContext?: { appArmorProfile?: Profile } }[];
        initContainers?: { name: string; securityContext?: { appArmorProfile?: Profile } }[];
      }
    | undefined;
  const c = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].find(
    (x) => x.name === container,
  );
  const p = c?.securityContext?.appArmorProfile ?? spec?.securityContext?.appArmorProfile;
  if (p) return p.type === 'Localhost' ? (p.localhostProfile ?? '') : undefined;
  const a =
    pod.metadata?.annotations?.[`container.apparmor.security.beta.kubernetes.io/${container}`];
  return a?.startsWith('localhost/') ? a.slice('localhost/'.length) : undefined;
}

/** The environments handed out lately, by their text (see {@link sharedEnv}). */
const SHARED_ENVS = new Map<string, Readonly<Record<string, string>>>();
const SHARED_ENVS_MAX = 256;

/**
 * The container's environment, as one object shared with the containers that got the same one
 * (every replica of a Deployment gets the same `KUBERNETES_*` and service variables): a running
 * process only reads it. scale: one object for thousands of containers, not ~100 bytes each.
 * Only the latest few hundred are remembered, so per-pod variables (the downward API's pod
 * name) are not kept after their pods.
 */
function sharedEnv(env: Record<string, string>): Record<string, string> {
  const key = JSON.stringify(env);
  const known = SHARED_ENVS.get(key);
  if (known) return known as Record<string, string>;
  if (SHARED_ENVS.size >= SHARED_ENVS_MAX)
    SHARED_ENVS.delete(SHARED_ENVS.keys().next().value as string);
  SHARED_ENVS.set(key, Object.freeze(env));
  return env;
}
