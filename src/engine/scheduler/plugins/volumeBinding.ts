import { volumeReachableFrom } from '../../controllers/persistentVolumeBinder';
import { compareQuantities } from '../../api/quantity';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/storageTypes';
import type { CycleState, FilterPlugin, NodeInfo, PreFilterPlugin } from '../framework';
import { podClaimNames, type VolumeListers } from '../volumeBinder';

/** The pod's claims, each with the claim object (undefined: not found). */
function claimsOf(state: CycleState, volumes: VolumeListers) {
  const ns = state.pod.metadata!.namespace!;
  return podClaimNames(state.pod).map((name) => ({ name, claim: volumes.claim(ns, name) }));
}

const waitsForConsumer = (volumes: VolumeListers, c: PersistentVolumeClaim) => {
  const cls = c.spec?.storageClassName;
  return !!cls && volumes.storageClass(cls)?.volumeBindingMode === 'WaitForFirstConsumer';
};

/** A volume on (or reachable from) the node that the unbound claim could be bound to. */
function staticMatch(
  volumes: VolumeListers,
  c: PersistentVolumeClaim,
  info: NodeInfo,
): PersistentVolume | undefined {
  const want = c.spec?.resources?.requests?.storage ?? 0;
  const name = info.node.metadata.name;
  const labels = { 'kubernetes.io/hostname': name, ...(info.node.metadata?.labels ?? {}) };
  return volumes
    .volumes()
    .find(
      (v) =>
        !v.spec?.claimRef &&
        (v.spec?.storageClassName ?? '') === (c.spec?.storageClassName ?? '') &&
        (c.spec?.accessModes ?? []).every((m) => v.spec?.accessModes?.includes(m)) &&
        compareQuantities(v.spec?.capacity?.storage ?? 0, want) >= 0 &&
        volumeReachableFrom(v, name, labels),
    );
}

/**
 * VolumeBinding (k/k: pkg/scheduler/framework/plugins/volumebinding): PreFilter rejects a pod
 * whose claim does not exist or is unbound with an Immediate class (the PV controller binds
 * those first); Filter keeps the nodes where each bound volume is reachable (its node
 * affinity) and each WaitForFirstConsumer claim can get a volume: a matching one there, or one
 * its class's provisioner makes. PreBind is the binder's (../volumeBinder).
 */
export const VolumeBinding: FilterPlugin & PreFilterPlugin = {
  name: 'VolumeBinding',
  preFilter(state) {
    const volumes = state.volumes;
    if (!volumes) return undefined;
    for (const { name, claim } of claimsOf(state, volumes)) {
      if (!claim) return `persistentvolumeclaim "${name}" not found`;
      if (claim.metadata?.deletionTimestamp)
        return `persistentvolumeclaim "${name}" is being deleted`;
    }
    const immediate = claimsOf(state, volumes).some(
      ({ claim }) => !claim!.spec?.volumeName && !waitsForConsumer(volumes, claim!),
    );
    return immediate ? 'pod has unbound immediate PersistentVolumeClaims' : undefined;
  },
  skipFilter: (state) => !state.volumes,
  filter(state, info) {
    const volumes = state.volumes;
    if (!volumes) return undefined;
    const node = info.node.metadata.name;
    const labels = { 'kubernetes.io/hostname': node, ...(info.node.metadata?.labels ?? {}) };
    const reasons = new Set<string>();
    for (const { claim } of claimsOf(state, volumes)) {
      if (!claim) continue;
      const bound = claim.spec?.volumeName;
      if (bound) {
        const pv = volumes.volume(bound);
        if (pv && !volumeReachableFrom(pv, node, labels))
          reasons.add('node(s) had volume node affinity conflict');
        continue;
      }
      const cls = volumes.storageClass(claim.spec?.storageClassName ?? '');
      const provisionable =
        !!cls?.provisioner && cls.provisioner !== 'kubernetes.io/no-provisioner';
      if (!staticMatch(volumes, claim, info) && !provisionable)
        reasons.add("node(s) didn't find available persistent volumes to bind");
    }
    return reasons.size ? { reasons: [...reasons], unresolvable: true } : undefined;
  },
};
