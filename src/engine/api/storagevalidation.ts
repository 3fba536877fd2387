/**
 * Defaults and validation of the storage kinds (k/k: pkg/apis/core/v1/defaults.go
 * SetDefaults_PersistentVolume/Claim, pkg/apis/storage/v1/defaults.go, pkg/apis/core/validation
 * ValidatePersistentVolume/Claim, pkg/apis/storage/validation ValidateStorageClass), v1.31.
 */
import { forbidden, notSupported, required, type FieldError } from './fielderrors';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './storageTypes';
import type { KubeObject } from './types';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** The volume sources a PersistentVolume may name (one of them is required). */
const PV_SOURCES = [
  'hostPath',
  'local',
  'nfs',
  'csi',
  'iscsi',
  'fc',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'cephfs',
  'rbd',
  'cinder',
  'flexVolume',
  'glusterfs',
  'portworxVolume',
  'quobyte',
  'scaleIO',
  'storageos',
  'vsphereVolume',
  'photonPersistentDisk',
  'flocker',
];

/** Defaults of the storage kinds; false when `o` is not one of them. */
export function defaultStorageObject(o: KubeObject): boolean {
  switch (o.kind) {
    case 'PersistentVolume': {
      const pv = o as PersistentVolume;
      pv.spec ??= {};
      pv.spec.persistentVolumeReclaimPolicy ??= 'Retain';
      pv.spec.volumeMode ??= 'Filesystem';
      if (pv.spec.hostPath) pv.spec.hostPath.type ??= '';
      pv.status ??= {};
      pv.status.phase ??= 'Pending';
      return true;
    }
    case 'PersistentVolumeClaim': {
      const pvc = o as PersistentVolumeClaim;
      pvc.spec ??= {};
      pvc.spec.volumeMode ??= 'Filesystem';
      pvc.status ??= {};
      pvc.status.phase ??= 'Pending';
      return true;
    }
    case 'StorageClass': {
      const sc = o as StorageClass;
      sc.reclaimPolicy ??= 'Delete';
      sc.volumeBindingMode ??= 'Immediate';
      return true;
    }
  }
  return false;
}

function accessModeErrors(modes: string[] | undefined, field: string): FieldError[] {
  if (!modes?.length) return [required(field, 'at least 1 access mode is required')];
  return modes
    .filter((m) => !ACCESS_MODES.includes(m))
    .map((m) => notSupported(field, m, ACCESS_MODES));
}

/** The field errors of a storage object (undefined: not a storage kind). */
export function validateStorageObject(o: KubeObject, old?: KubeObject): FieldError[] | undefined {
  switch (o.kind) {
    case 'PersistentVolume': {
      const spec = (o as PersistentVolume).spec ?? {};
      const errs: FieldError[] = [];
      errs.push(...accessModeErrors(spec.accessModes, 'spec.accessModes'));
      if (!spec.capacity?.storage) errs.push(required('spec.capacity', ''));
      const sources = PV_SOURCES.filter((s) => (spec as Record<string, unknown>)[s]);
      if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
      if (spec.hostPath && !spec.hostPath.path) errs.push(required('spec.hostPath.path', ''));
      return errs;
    }
    case 'PersistentVolumeClaim': {
      const pvc = o as PersistentVolumeClaim;
      const spec = pvc.spec ?? {};
      const errs = accessModeErrors(spec.accessModes, 'spec.accessModes');
      if (!spec.resources?.requests?.storage) errs.push(required('spec.resources[storage]', ''));
      if (old) {
        // k/k ValidatePersistentVolumeClaimUpdate: only the requests (and the binding the PV
        // controller writes into an empty volumeName) may change.
        const before = (old as PersistentVolumeClaim).spec ?? {};
        const strip = (s: typeof spec, volumeName: string | undefined) =>
          JSON.stringify({ ...s, resources: undefined, volumeName });
        const volumeName = before.volumeName ? spec.volumeName : undefined;
        if (strip(spec, volumeName) !== strip(before, before.volumeName || undefined))
          errs.push(
            forbidden(
              'spec',
              'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
            ),
          );
      }
      return errs;
    }
    case 'StorageClass': {
      const sc = o as StorageClass;
      const errs: FieldError[] = [];
      if (!sc.provisioner) errs.push(required('provisioner', ''));
      const modes = ['Immediate', 'WaitForFirstConsumer'];
      if (sc.volumeBindingMode && !modes.includes(sc.volumeBindingMode))
        errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, modes));
      if (old) {
        const was = old as StorageClass;
        if (JSON.stringify(sc.parameters ?? {}) !== JSON.stringify(was.parameters ?? {}))
          errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
        if (sc.provisioner !== was.provisioner)
          errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
        if (sc.volumeBindingMode !== was.volumeBindingMode)
          errs.push(forbidden('volumeBindingMode', 'field is immutable'));
      }
      return errs;
    }
  }
  return undefined;
}
