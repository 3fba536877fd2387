/**
 * corpus-apps: what the v1.31 API server drops from a new pod because the field's alpha feature
 * gate is off (k/k: pkg/api/pod/util.go dropDisabledPodFields). The decoder knows these fields
 * (strict validation accepts them); the create simply does not keep them.
 *
 * - ImageVolume (alpha): image volumes go, and the mounts that name them (dropImageVolumes).
 * - SupplementalGroupsPolicy (alpha): `securityContext.supplementalGroupsPolicy` goes.
 * - DynamicResourceAllocation (alpha): `resourceClaims` and every container's
 *   `resources.claims` go (dropDisabledDynamicResourceAllocationFields), so a pod naming a claim
 *   runs as if it named none. (The real server also drops them from workload templates; here the
 *   pods a controller makes from a template drop them.)
 * - ClusterTrustBundleProjection (alpha): every projected source's `clusterTrustBundle` is set to
 *   nil (dropDisabledClusterTrustBundleProjection), leaving the source empty (`{}`). Validation
 *   (validateProjectionSources) counts only the sources set and refuses more than one, never
 *   none, and the kubelet's projected volume skips an empty source: the pod runs with the volume
 *   mounted and empty. (A pod's volumes cannot change on update, so only the create drops it.)
 */
import type { PersistentVolumeClaim } from './storageTypes';
import type { Pod } from './types';

export function dropDisabledPodFields(pod: Pod): void {
  const spec = pod.spec;
  if (!spec) return;
  for (const v of spec.volumes ?? [])
    for (const source of v.projected?.sources ?? []) delete source.clusterTrustBundle;
  const imageVolumes = new Set(
    (spec.volumes ?? [])
      .filter((v) => (v as { image?: unknown }).image !== undefined)
      .map((v) => v.name),
  );
  if (imageVolumes.size) {
    spec.volumes = spec.volumes!.filter((v) => !imageVolumes.has(v.name));
    for (const c of [
      ...(spec.initContainers ?? []),
      ...(spec.containers ?? []),
      ...(spec.ephemeralContainers ?? []),
    ]) {
      if (c.volumeMounts) c.volumeMounts = c.volumeMounts.filter((m) => !imageVolumes.has(m.name));
    }
  }
  const sc = spec.securityContext as { supplementalGroupsPolicy?: string } | undefined;
  if (sc && 'supplementalGroupsPolicy' in sc) delete sc.supplementalGroupsPolicy;
  if ('resourceClaims' in spec) delete spec.resourceClaims;
  for (const c of [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ]) {
    const resources = c.resources as { claims?: unknown } | undefined;
    if (resources && 'claims' in resources) {
      delete resources.claims;
    }
  }
}

/**
 * apf: what the v1.31 API server drops from a claim (k/k: pkg/api/persistentvolumeclaim/util.go
 * DropDisabledSpecFields): `spec.volumeAttributesClassName` while the VolumeAttributesClass gate
 * (beta in v1.31, off by default) is off, unless the old claim already had one. A null
 * `storageClassName` is Go's nil pointer, which the stored object omits.
 */
export function dropDisabledPersistentVolumeClaimFields(
  pvc: PersistentVolumeClaim,
  old?: PersistentVolumeClaim,
): void {
  const spec = pvc.spec as {
    volumeAttributesClassName?: string | null;
    storageClassName?: unknown;
  };
  if (!spec) return;
  const oldVac = (old?.spec as { volumeAttributesClassName?: string } | undefined)
    ?.volumeAttributesClassName;
  if ('volumeAttributesClassName' in spec && !oldVac) delete spec.volumeAttributesClassName;
  if (spec.storageClassName === null) delete spec.storageClassName;
}
