import type { PersistentVolumeClaim, StorageClass } from '../../api/storageTypes';
import type { AdmissionLookups, MutatingPlugin } from './interfaces';

/**
 * DefaultStorageClass admission (k/k: plugin/pkg/admission/storage/storageclass/setdefault): a
 * new claim that names no class gets the default one — the class annotated
 * `storageclass.kubernetes.io/is-default-class: "true"`, the newest if several are.
 */
export function defaultStorageClass(lookups: AdmissionLookups): MutatingPlugin {
  return {
    name: 'DefaultStorageClass',
    operations: ['CREATE'],
    mutates: true,
    admit(a) {
      if (a.resource.kind !== 'PersistentVolumeClaim') return undefined;
      const pvc = a.object as PersistentVolumeClaim;
      // apf: a null class is Go's nil pointer, unset like an absent one (`""` is a choice).
      if (!pvc.spec || (pvc.spec.storageClassName ?? undefined) !== undefined) return undefined;
      const defaults = ((lookups.storageClasses?.() ?? []) as StorageClass[])
        .filter((sc) => {
          const ann = sc.metadata?.annotations ?? {};
          return (
            ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
            ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
          );
        })
        .sort((x, y) =>
          (y.metadata?.creationTimestamp ?? '').localeCompare(x.metadata?.creationTimestamp ?? ''),
        );
      if (defaults.length) pvc.spec.storageClassName = defaults[0].metadata!.name;
      return undefined;
    },
  };
}
