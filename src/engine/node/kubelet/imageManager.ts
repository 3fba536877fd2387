/**
 * The kubelet's image manager (k/k: pkg/kubelet/images/image_manager.go EnsureImageExists):
 * pulls per imagePullPolicy, with the pull back-off (10 s doubling to 300 s) after failures, and
 * the events a user sees in `kubectl describe pod`.
 */
import { goDuration } from './duration';
import { normalizeImage, type RegistryImage } from '../runtime/images';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, type PodContext, type Run } from './podContext';
import type { PullResult } from '../runtime/runtime';

/**
 * EnsureImageExists: `done` gets the image, or undefined when the container cannot start
 * (InvalidImageName, ErrImageNeverPull, ErrImagePull — the run's waiting state says which).
 */
export function ensureImage(
  ctx: PodContext,
  r: Run,
  done: (image: RegistryImage | undefined) => void,
): void {
  const ref = r.spec.image!;
  const policy = r.spec.imagePullPolicy ?? 'IfNotPresent';
  const rt = ctx.kubelet.runtime;
  let full: string;
  try {
    full = normalizeImage(ref).full;
  } catch {
    r.state = 'waiting';
    r.reason = 'InvalidImageName';
    r.message = `Failed to apply default image tag "${ref}": couldn't parse image reference "${ref}": invalid reference format`;
    ctx.event('Warning', 'InspectFailed', r.message, r);
    ctx.event('Warning', 'Failed', 'Error: InvalidImageName', r);
    return done(undefined);
  }
  const present = rt.hasImage(full);
  if (present && policy !== 'Always') {
    ctx.event('Normal', 'Pulled', `Container image "${ref}" already present on machine`, r);
    return done(rt.imageInfo(ref));
  }
  if (policy === 'Never') {
    r.state = 'waiting';
    r.reason = 'ErrImageNeverPull';
    r.message = `Container image "${ref}" is not present with pull policy of Never`;
    ctx.event('Warning', 'ErrImageNeverPull', r.message, r);
    return done(undefined);
  }
  ctx.event('Normal', 'Pulling', `Pulling image "${ref}"`, r);
  ctx.kubelet.pullImage(ref, ref, (res: PullResult, waitedMs) => {
    if (ctx.gone) return;
    if (res.ok) {
      r.pullBackoffMs = 0;
      r.pullRetryAt = 0;
      ctx.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${ref}" in ${goDuration(res.ms)} (${goDuration(waitedMs)} including waiting). Image size: ${res.image.sizeBytes} bytes.`,
        r,
      );
      return done(res.image);
    }
    const grpc = res.error.includes(': not found') ? 'NotFound' : 'Unknown';
    const err = `rpc error: code = ${grpc} desc = ${res.error}`;
    ctx.event('Warning', 'Failed', `Failed to pull image "${ref}": ${err}`, r);
    ctx.event('Warning', 'Failed', 'Error: ErrImagePull', r);
    r.state = 'waiting';
    r.reason = 'ErrImagePull';
    r.message = err;
    const first = r.pullBackoffMs === 0;
    r.pullBackoffMs = first ? BACKOFF_INITIAL_MS : Math.min(r.pullBackoffMs * 2, BACKOFF_MAX_MS);
    r.pullRetryAt = ctx.clock.now + r.pullBackoffMs;
    // The first failure is followed at once by a sync (the new sandbox's PLEG event), which
    // finds the back-off and reports ImagePullBackOff; later ones wait for the error resync.
    if (first) ctx.clock.setTimeout(() => ctx.sync(), 1000);
    done(undefined);
  });
}

/** Still in pull back-off: EnsureImageExists says ErrImagePullBackOff (`Back-off pulling image`). */
export function showPullBackOff(ctx: PodContext, r: Run): void {
  const ref = r.spec.image!;
  r.state = 'waiting';
  r.reason = 'ImagePullBackOff';
  r.message = `Back-off pulling image "${ref}"`;
  ctx.event('Normal', 'BackOff', r.message, r);
  ctx.event('Warning', 'Failed', 'Error: ImagePullBackOff', r);
  ctx.markStatusDirty();
}
