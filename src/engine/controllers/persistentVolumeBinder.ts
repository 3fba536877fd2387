import { compareQuantities } from '../api/quantity';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/storageTypes';
import type { Cached, Informer } from '../client/informer';
import type { KubeObject } from '../api/types';
import type { Stored } from '../api/stored';
import { Controller } from './controller';

/** Annotations the binder and the scheduler write (k/k: pkg/controller/volume/persistentvolume/util). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';

type PV = Cached<PersistentVolume>;
type PVC = Cached<PersistentVolumeClaim>;

/** A mutable copy of a cached object (still a stored one). */
const clone = <T extends KubeObject>(o: Cached<T>): Stored<T> =>
  JSON.parse(JSON.stringify(o)) as Stored<T>;

/**
 * The PersistentVolume controller (k/k: pkg/controller/volume/persistentvolume/pv_controller.go):
 * it binds each claim to a volume that fits (class, access modes, size; the smallest one),
 * waits for the first consumer when the class says WaitForFirstConsumer, hands claims with no
 * volume to their class's external provisioner, and marks a volume whose claim is gone
 * `Released`. Keys are `claim:<ns>/<name>` and `volume:<name>`.
 */
export class PersistentVolumeBinder extends Controller {
  private claims!: Informer<PersistentVolumeClaim>;
  private volumes!: Informer<PersistentVolume>;
  private classes!: Informer<StorageClass>;

  constructor(manager: ConstructorParameters<typeof Controller>[0]) {
    super(manager, 'persistentvolume-binder', 'persistentvolume-controller');
  }

  setup(): void {
    this.claims = this.informers.informer<PersistentVolumeClaim>('persistentvolumeclaims');
    this.volumes = this.informers.informer<PersistentVolume>('persistentvolumes');
    this.classes = this.informers.informer<StorageClass>('storageclasses');
    const claim = (c: PVC) => {
      this.queue.add(`claim:${c.metadata.namespace}/${c.metadata.name}`);
      if (c.spec?.volumeName) this.queue.add(`volume:${c.spec.volumeName}`);
    };
    const volume = (v: PV) => {
      this.queue.add(`volume:${v.metadata.name}`);
      const ref = v.spec?.claimRef;
      if (ref) this.queue.add(`claim:${ref.namespace}/${ref.name}`);
    };
    this.claims.on({
      add: claim,
      update: (_o, c) => claim(c),
      delete: (c) => {
        claim(c);
        const pv = c.spec?.volumeName;
        if (pv) this.queue.add(`volume:${pv}`);
      },
    });
    this.volumes.on({
      add: volume,
      update: (_o, v) => volume(v),
      delete: (v) => {
        const ref = v.spec?.claimRef;
        if (ref) this.queue.add(`claim:${ref.namespace}/${ref.name}`);
      },
    });
    // A new class may let waiting claims proceed.
    this.classes.on({
      add: () => {
        for (const c of this.claims.list()) if (!c.spec?.volumeName) claim(c);
      },
    });
  }

  reconcile(key: string): void {
    if (!this.synced(this.claims, this.volumes, this.classes)) return this.queue.addAfter(key, 100);
    const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'claim') {
      const c = this.claims.get(name);
      if (c && !c.metadata.deletionTimestamp) this.syncClaim(c);
    } else {
      const v = this.volumes.get(name);
      if (v && !v.metadata.deletionTimestamp) this.syncVolume(v);
    }
  }

  /** syncClaim: an unbound claim looks for a volume; a bound one keeps its phase. */
  private syncClaim(c: PVC): void {
    const volumeName = c.spec?.volumeName;
    if (volumeName) {
      const pv = this.volumes.get(volumeName);
      if (!pv) {
        if (c.status?.phase === 'Bound') {
          this.recorder.event(
            c as PersistentVolumeClaim,
            'Warning',
            'ClaimLost',
            'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
          );
          this.setClaimPhase(c, 'Lost');
        }
        return;
      }
      const ref = pv.spec?.claimRef;
      if (!ref?.uid || ref.uid === c.metadata.uid) {
        if (!ref?.uid) return this.bindVolume(pv, c);
        if (c.status?.phase !== 'Bound') this.bindClaimStatus(c, pv);
      }
      return;
    }
    // A volume already pre-bound to this claim (claimRef set by a user or an earlier sync).
    const prebound = this.volumes
      .list()
      .find(
        (v) =>
          v.spec?.claimRef?.name === c.metadata.name &&
          v.spec?.claimRef?.namespace === c.metadata.namespace &&
          (!v.spec?.claimRef?.uid || v.spec.claimRef.uid === c.metadata.uid),
      );
    const className = c.spec?.storageClassName ?? '';
    const sc = className ? this.classes.get(className) : undefined;
    const selectedNode = c.metadata.annotations?.[ANN_SELECTED_NODE];
    const waitForConsumer = sc?.volumeBindingMode === 'WaitForFirstConsumer' && !selectedNode;
    const pv = prebound ?? (waitForConsumer ? undefined : this.findMatch(c, selectedNode));
    if (pv) return this.bindVolume(pv, c);
    if (waitForConsumer) {
      this.recorder.event(
        c as PersistentVolumeClaim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      return;
    }
    if (!className) {
      this.recorder.event(
        c as PersistentVolumeClaim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
      return;
    }
    if (!sc) {
      // A class named only by volumes (`manual` in the tutorials) binds when such a volume
      // appears; one that names no volume and no class object is an error.
      this.recorder.event(
        c as PersistentVolumeClaim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${className}" not found`,
      );
      return;
    }
    this.provision(c, sc);
  }

  /** Hand the claim to its class's external provisioner (k/k provisionClaim, out-of-tree path). */
  private provision(c: PVC, sc: Cached<StorageClass>): void {
    const provisioner = sc.provisioner;
    this.recorder.event(
      c as PersistentVolumeClaim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    const ann = c.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] === provisioner) return;
    const next = clone(c);
    next.metadata.annotations = {
      ...ann,
      [ANN_BETA_STORAGE_PROVISIONER]: provisioner,
      [ANN_STORAGE_PROVISIONER]: provisioner,
    };
    this.client.update('persistentvolumeclaims', next, (r) => {
      if (r.code >= 300 && r.code !== 409) this.queue.addRateLimited(`claim:${key(c)}`);
    });
  }

  /**
   * The smallest Available volume of the claim's class with its access modes and at least its
   * size (k/k: findMatchingVolume); with a selected node, only volumes that node can reach.
   */
  private findMatch(c: PVC, node: string | undefined): PV | undefined {
    const want = c.spec?.resources?.requests?.storage ?? 0;
    const className = c.spec?.storageClassName ?? '';
    const modes = c.spec?.accessModes ?? [];
    let best: PV | undefined;
    for (const v of this.volumes.list()) {
      if (v.spec?.claimRef || v.metadata.deletionTimestamp) continue;
      if (v.status?.phase !== 'Available' && v.status?.phase !== 'Pending') continue;
      if ((v.spec?.storageClassName ?? '') !== className) continue;
      if (!modes.every((m) => v.spec?.accessModes?.includes(m))) continue;
      const size = v.spec?.capacity?.storage ?? 0;
      if (compareQuantities(size, want) < 0) continue;
      if (node && !volumeReachableFrom(v, node)) continue;
      if (!best || compareQuantities(size, best.spec!.capacity!.storage!) < 0) best = v;
    }
    return best;
  }

  /** bindVolumeToClaim, then bindClaimToVolume (k/k: bind): the volume first, then the claim. */
  private bindVolume(pv: PV, c: PVC): void {
    const ref = pv.spec?.claimRef;
    if (ref?.uid === c.metadata.uid) return this.bindClaim(pv, c);
    const next = clone(pv);
    next.spec!.claimRef = {
      kind: 'PersistentVolumeClaim',
      namespace: c.metadata.namespace,
      name: c.metadata.name,
      uid: c.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: c.metadata.resourceVersion,
    };
    if (!ref)
      next.metadata.annotations = {
        ...(next.metadata.annotations ?? {}),
        [ANN_BOUND_BY_CONTROLLER]: 'yes',
      };
    this.client.update('persistentvolumes', next, (r) => {
      if (r.code !== 200) return this.queue.addRateLimited(`claim:${key(c)}`);
      const saved = r.body as PersistentVolume;
      this.setVolumePhase(saved as PV, 'Bound');
      this.bindClaim(saved as PV, c);
    });
  }

  private bindClaim(pv: PV, c: PVC): void {
    if (c.spec?.volumeName === pv.metadata.name) return this.bindClaimStatus(c, pv);
    const next = clone(c);
    next.spec!.volumeName = pv.metadata.name;
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [ANN_BIND_COMPLETED]: 'yes',
      [ANN_BOUND_BY_CONTROLLER]: 'yes',
    };
    this.client.update('persistentvolumeclaims', next, (r) => {
      if (r.code !== 200) return this.queue.addRateLimited(`claim:${key(c)}`);
      this.bindClaimStatus(r.body as PVC, pv);
    });
  }

  /** The claim's status: Bound, with the volume's access modes and capacity. */
  private bindClaimStatus(c: PVC, pv: PV): void {
    if (c.status?.phase === 'Bound' && c.status.capacity) return;
    const next = clone(c);
    next.status = {
      ...(next.status ?? {}),
      phase: 'Bound',
      accessModes: [...(pv.spec?.accessModes ?? [])],
      capacity: { ...(pv.spec?.capacity ?? {}) },
    };
    this.client.updateStatus('persistentvolumeclaims', next, (r) => {
      if (r.code >= 300 && r.code !== 404) this.queue.addRateLimited(`claim:${key(c)}`);
    });
  }

  /** syncVolume: Available without a claim, Released once its bound claim is gone. */
  private syncVolume(v: PV): void {
    const ref = v.spec?.claimRef;
    if (!ref) {
      if (v.status?.phase !== 'Available') this.setVolumePhase(v, 'Available');
      return;
    }
    if (!ref.uid) {
      if (v.status?.phase !== 'Available') this.setVolumePhase(v, 'Available');
      return;
    }
    const c = this.claims.get(`${ref.namespace}/${ref.name}`);
    if (!c || c.metadata.uid !== ref.uid) {
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed')
        this.setVolumePhase(v, 'Released');
      return;
    }
    if (c.spec?.volumeName === v.metadata.name && v.status?.phase !== 'Bound')
      this.setVolumePhase(v, 'Bound');
  }

  private setVolumePhase(v: PV, phase: string): void {
    const next = clone(v);
    next.status = { ...(next.status ?? {}), phase };
    this.client.updateStatus('persistentvolumes', next, (r) => {
      if (r.code === 409) this.queue.addRateLimited(`volume:${v.metadata.name}`);
    });
  }

  private setClaimPhase(c: PVC, phase: string): void {
    const next = clone(c);
    next.status = { ...(next.status ?? {}), phase };
    this.client.updateStatus('persistentvolumeclaims', next);
  }
}

const key = (o: { metadata: { namespace?: string; name?: string } }) =>
  `${o.metadata.namespace}/${o.metadata.name}`;

/**
 * Whether a pod on `node` can use a volume: its required node affinity (a local or local-path
 * volume lives on one node) names the node by `kubernetes.io/hostname`, or it has none.
 */
export function volumeReachableFrom(
  v: { spec?: PersistentVolume['spec'] },
  node: string,
  labels: Record<string, string> = { 'kubernetes.io/hostname': node },
): boolean {
  const terms = v.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms?.length) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((e) => {
      const val = labels[e.key];
      switch (e.operator) {
        case 'In':
          return val !== undefined && (e.values ?? []).includes(val);
        case 'NotIn':
          return val === undefined || !(e.values ?? []).includes(val);
        case 'Exists':
          return val !== undefined;
        case 'DoesNotExist':
          return val === undefined;
        default:
          return false;
      }
    }),
  );
}
