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
 */
import type { Pod } from './types';

export function dropDisabledPodFields(pod: Pod): void {
  const spec = pod.spec;
  if (!spec) return;
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
