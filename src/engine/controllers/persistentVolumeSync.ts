/**
 * The PersistentVolume controller's binding (k/k: pkg/controller/volume/persistentvolume/
 * pv_controller.go syncClaim, syncVolume): what ./persistentVolumeBinder.ts runs for a claim or a
 * volume. Loaded on demand (../onDemand.ts): a fresh cluster has neither.
 */
import { compareQuantities } from '../api/quantity';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/storageTypes';
import type { ApiClient } from '../client/client';
import type { EventRecorder } from '../client/events';
import type { Cached, Informer } from '../client/informer';
import type { WorkQueue } from '../client/workqueue';
import type { KubeObject } from '../api/types';
import type { Stored } from '../api/stored';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  volumeReachableFrom,
} from './persistentVolumeBinder';

type PV = Cached<PersistentVolume>;
type PVC = Cached<PersistentVolumeClaim>;

/** A mutable copy of a cached object (still a stored one). */
const clone = <T extends KubeObject>(o: Cached<T>): Stored<T> =>
  JSON.parse(JSON.stringify(o)) as Stored<T>;

const key = (o: { metadata: { namespace?: string; name?: string } }) =>
  `${o.metadata.namespace}/${o.metadata.name}`;

/** What the binding reads and writes through: the binder's informers, client, queue and events. */
export interface PersistentVolumeBinderHost {
  claims: Informer<PersistentVolumeClaim>;
  volumes: Informer<PersistentVolume>;
  classes: Informer<StorageClass>;
  client: ApiClient;
  queue: WorkQueue;
  recorder: EventRecorder;
}

export class PersistentVolumeSync {
  constructor(private readonly host: PersistentVolumeBinderHost) {}

  /** syncClaim: an unbound claim looks for a volume; a bound one keeps its phase. */
  syncClaim(c: PVC): void {
    const volumeName = c.spec?.volumeName;
    if (volumeName) {
      const pv = this.host.volumes.get(volumeName);
      if (!pv) {
        if (c.status?.phase === 'Bound') {
          this.host.recorder.event(
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
    const prebound = this.host.volumes
      .list()
      .find(
        (v) =>
          v.spec?.claimRef?.name === c.metadata.name &&
          v.spec?.claimRef?.namespace === c.metadata.namespace &&
          (!v.spec?.claimRef?.uid || v.spec.claimRef.uid === c.metadata.uid),
      );
    const className = c.spec?.storageClassName ?? '';
    const sc = className ? this.host.classes.get(className) : undefined;
    const selectedNode = c.metadata.annotations?.[ANN_SELECTED_NODE];
    const waitForConsumer = sc?.volumeBindingMode === 'WaitForFirstConsumer' && !selectedNode;
    const pv = prebound ?? (waitForConsumer ? undefined : this.findMatch(c, selectedNode));
    if (pv) return this.bindVolume(pv, c);
    if (waitForConsumer) {
      this.host.recorder.event(
        c as PersistentVolumeClaim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      return;
    }
    if (!className) {
      this.host.recorder.event(
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
      this.host.recorder.event(
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
    this.host.recorder.event(
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
    this.host.client.update('persistentvolumeclaims', next, (r) => {
      if (r.code >= 300 && r.code !== 409) this.host.queue.addRateLimited(`claim:${key(c)}`);
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
    for (const v of this.host.volumes.list()) {
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
    this.host.client.update('persistentvolumes', next, (r) => {
      if (r.code !== 200) return this.host.queue.addRateLimited(`claim:${key(c)}`);
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
    this.host.client.update('persistentvolumeclaims', next, (r) => {
      if (r.code !== 200) return this.host.queue.addRateLimited(`claim:${key(c)}`);
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
    this.host.client.updateStatus('persistentvolumeclaims', next, (r) => {
      if (r.code >= 300 && r.code !== 404) this.host.queue.addRateLimited(`claim:${key(c)}`);
    });
  }

  /** syncVolume: Available without a claim, Released once its bound claim is gone. */
  syncVolume(v: PV): void {
    const ref = v.spec?.claimRef;
    if (!ref) {
      if (v.status?.phase !== 'Available') this.setVolumePhase(v, 'Available');
      return;
    }
    if (!ref.uid) {
      if (v.status?.phase !== 'Available') this.setVolumePhase(v, 'Available');
      return;
    }
    const c = this.host.claims.get(`${ref.namespace}/${ref.name}`);
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
    this.host.client.updateStatus('persistentvolumes', next, (r) => {
      if (r.code === 409) this.host.queue.addRateLimited(`volume:${v.metadata.name}`);
    });
  }

  private setClaimPhase(c: PVC, phase: string): void {
    const next = clone(c);
    next.status = { ...(next.status ?? {}), phase };
    this.host.client.updateStatus('persistentvolumeclaims', next);
  }
}
