/**
 * `kubectl describe secret|persistentvolumeclaim|persistentvolume|storageclass`.
 * k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeSecret,
 * describePersistentVolumeClaim, describePersistentVolume, describeStorageClass (v1.31)
 */
import { canonicalQuantity } from '../../api/quantity';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/storageTypes';
import type { Event, Pod, Secret } from '../../api/types';
import { accessModesString, isDefaultClass } from '../printers/storage';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

const goSlice = (a: readonly string[] | undefined) => `[${(a ?? []).join(' ')}]`;

/** kubectl describe pvc: the claim, then the pods that mount it (`Used By`), then events. */
export function describePersistentVolumeClaim(
  pvc: PersistentVolumeClaim,
  pods: Pod[],
  events: Event[],
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = pvc.metadata ?? {};
  const spec = pvc.spec ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  w.write(LEVEL_0, `StorageClass:\t${spec.storageClassName ?? ''}\n`);
  w.write(
    LEVEL_0,
    `Status:\t${meta.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '')}\n`,
  );
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goSlice(meta.finalizers)}\n`);
  const bound = !!spec.volumeName;
  const cap = pvc.status?.capacity?.storage;
  w.write(LEVEL_0, `Capacity:\t${bound && cap !== undefined ? canonicalQuantity(cap) : ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  const users = pods
    .filter((p) => p.spec?.volumes?.some((v) => v.persistentVolumeClaim?.claimName === meta.name))
    .map((p) => p.metadata!.name!)
    .sort();
  if (!users.length) w.write(LEVEL_0, 'Used By:\t<none>\n');
  users.forEach((u, i) => w.write(LEVEL_0, `${i === 0 ? 'Used By:' : ''}\t${u}\n`));
  describeEvents(w, events, now);
  return w.toString();
}

/** kubectl describe pv: the volume, its claim, its source (hostPath shown as kubectl does). */
export function describePersistentVolume(
  pv: PersistentVolume,
  events: Event[],
  now: number,
): string {
  const w = new PrefixWriter();
  const meta = pv.metadata ?? {};
  const spec = pv.spec ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goSlice(meta.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${spec.storageClassName ?? ''}\n`);
  w.write(
    LEVEL_0,
    `Status:\t${meta.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '')}\n`,
  );
  const ref = spec.claimRef;
  w.write(LEVEL_0, `Claim:\t${ref ? `${ref.namespace}/${ref.name}` : ''}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  const cap = spec.capacity?.storage;
  w.write(LEVEL_0, `Capacity:\t${cap !== undefined ? canonicalQuantity(cap) : ''}\n`);
  const terms = spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms?.length) w.write(LEVEL_0, 'Node Affinity:\t<none>\n');
  else {
    w.write(LEVEL_0, 'Node Affinity:\t\n');
    w.write(LEVEL_1, 'Required Terms:\t\n');
    for (const t of terms) {
      const exprs = (t.matchExpressions ?? []).map(
        (e) =>
          `${e.key} ${e.operator.toLowerCase() === 'in' ? 'in' : e.operator} [${(e.values ?? []).join(' ')}]`,
      );
      w.write(LEVEL_1, `    Term 0:\t${exprs.join(', ')}\n`);
    }
  }
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(LEVEL_0, 'Source:\n');
  if (spec.hostPath) {
    w.write(LEVEL_1, 'Type:\tHostPath (bare host directory volume)\n');
    w.write(LEVEL_1, `Path:\t${spec.hostPath.path}\n`);
    w.write(LEVEL_1, `HostPathType:\t${spec.hostPath.type ?? ''}\n`);
  } else if (spec.local) {
    w.write(
      LEVEL_1,
      'Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n',
    );
    w.write(LEVEL_1, `Path:\t${spec.local.path}\n`);
  }
  describeEvents(w, events, now);
  return w.toString();
}

/** kubectl describe storageclass. */
export function describeStorageClass(sc: StorageClass, events: Event[], now: number): string {
  const w = new PrefixWriter();
  const meta = sc.metadata ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultClass(sc) ? 'Yes' : 'No'}\n`);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  const params = Object.entries(sc.parameters ?? {}).map(([k, v]) => `${k}=${v}`);
  w.write(LEVEL_0, `Parameters:\t${params.length ? params.join(',') : '<none>'}\n`);
  w.write(
    LEVEL_0,
    `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`,
  );
  w.write(
    LEVEL_0,
    `MountOptions:\t${sc.mountOptions?.length ? sc.mountOptions.join(', ') : '<none>'}\n`,
  );
  w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode ?? ''}\n`);
  describeEvents(w, events, now);
  return w.toString();
}

/** The number of bytes a base64 text decodes to. */
export function base64Bytes(s: string): number {
  const clean = s.replace(/[^A-Za-z0-9+/=]/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

/**
 * The text of `kubectl describe secret`: the Type, then each key with its size in bytes (the
 * values are never shown, but a service-account token's `token`), keys in sorted order.
 */
export function describeSecret(secret: Secret): string {
  const w = new PrefixWriter();
  const meta = secret.metadata ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = secret.data ?? {};
  for (const k of Object.keys(data).sort()) {
    if (k === 'token' && secret.type === 'kubernetes.io/service-account-token')
      w.write(LEVEL_0, `${k}:\t${atobText(data[k])}\n`);
    else w.write(LEVEL_0, `${k}:\t${base64Bytes(data[k])} bytes\n`);
  }
  return w.toString();
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function atobText(s: string): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const ch of s.replace(/[^A-Za-z0-9+/]/g, '')) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}
