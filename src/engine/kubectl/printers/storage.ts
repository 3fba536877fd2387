/**
 * Table handlers for the storage kinds: PersistentVolume, PersistentVolumeClaim, StorageClass.
 * k8s: pkg/printers/internalversion/printers.go (v1.31) printPersistentVolume,
 * printPersistentVolumeClaim, printStorageClass.
 */
import { canonicalQuantity } from '../../api/quantity';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/storageTypes';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

/** k/k: pkg/apis/core/helper GetAccessModesAsString — always in this order. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const has = (m: string) => modes?.includes(m);
  return [
    has('ReadWriteOnce') && 'RWO',
    has('ReadOnlyMany') && 'ROX',
    has('ReadWriteMany') && 'RWX',
    has('ReadWriteOncePod') && 'RWOP',
  ]
    .filter(Boolean)
    .join(',');
}

/** The StorageClass annotations that make a class the default one. */
export function isDefaultClass(sc: {
  metadata?: { annotations?: Record<string, string> };
}): boolean {
  const a = sc.metadata?.annotations ?? {};
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

const quantity = (q: string | number | undefined) => (q === undefined ? '' : canonicalQuantity(q));

export const persistentVolumePrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Capacity' },
    { name: 'Access Modes' },
    { name: 'Reclaim Policy' },
    { name: 'Status' },
    { name: 'Claim' },
    { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' },
    { name: 'Reason' },
    AGE,
    { name: 'VolumeMode', priority: 1 },
  ],
  row(obj, now) {
    const pv = obj as PersistentVolume;
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace}/${spec.claimRef.name}` : '';
    return [
      pv.metadata?.name ?? '',
      quantity(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim,
      spec.storageClassName ?? '',
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      age(obj, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Volume' },
    { name: 'Capacity' },
    { name: 'Access Modes' },
    { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' },
    AGE,
    { name: 'VolumeMode', priority: 1 },
  ],
  row(obj, now) {
    const pvc = obj as PersistentVolumeClaim;
    const spec = pvc.spec ?? {};
    const bound = !!spec.volumeName;
    return [
      pvc.metadata?.name ?? '',
      pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      spec.volumeName ?? '',
      bound ? quantity(pvc.status?.capacity?.storage) : '',
      bound ? accessModesString(pvc.status?.accessModes) : '',
      spec.storageClassName ?? '',
      spec.volumeAttributesClassName ?? '<unset>',
      age(obj, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

export const storageClassPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Provisioner' },
    { name: 'ReclaimPolicy' },
    { name: 'VolumeBindingMode' },
    { name: 'AllowVolumeExpansion' },
    AGE,
  ],
  row(obj, now) {
    const sc = obj as StorageClass;
    return [
      (sc.metadata?.name ?? '') + (isDefaultClass(sc) ? ' (default)' : ''),
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      String(sc.allowVolumeExpansion ?? false),
      age(obj, now),
    ];
  },
};
