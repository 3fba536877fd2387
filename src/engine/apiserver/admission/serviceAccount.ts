import type { Pod } from '../../api/types';
import { randomSuffix } from '../../sim/names';
import type { Rng } from '../../sim/rng';
import * as errors from '../errors';
import { withFacts } from '../encoder';
import { deepFreeze } from '../patch';
import type { AdmissionLookups, MutatingPlugin, ValidatingPlugin } from './interfaces';

const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A kubelet's mirror pod (of a static pod): the plugin leaves it without a service account. */
const isMirrorPod = (pod: Pod) =>
  pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined;

/**
 * ServiceAccount admission, mutating half (k/k: plugin/pkg/admission/serviceaccount/
 * admission.go): default `serviceAccountName`, and mount the projected `kube-api-access-<5>`
 * volume with the token, ca.crt and namespace.
 */
export function serviceAccountAdmit(rng: Rng): MutatingPlugin {
  return {
    name: 'ServiceAccount',
    operations: ['CREATE'],
    mutates: true,
    admit(a) {
      const pod = a.object as Pod;
      if (a.resource.kind === 'Pod' && pod.spec && !isMirrorPod(pod))
        mountServiceAccountToken(pod, rng);
      return undefined;
    },
  };
}

/** ServiceAccount admission, validating half: the pod's service account must exist. */
export function serviceAccountValidate(lookups: AdmissionLookups): ValidatingPlugin {
  return {
    name: 'ServiceAccount',
    operations: ['CREATE'],
    validate(a) {
      if (a.resource.kind !== 'Pod') return undefined;
      // k/k admission.go checkMirrorPod: a static pod cannot use the API's service accounts.
      if (isMirrorPod(a.object as Pod))
        return (a.object as Pod).spec!.serviceAccountName
          ? errors.forbidden(a.resource, a.name, 'a mirror pod may not reference service accounts')
          : undefined;
      const sa = (a.object as Pod).spec!.serviceAccountName!;
      if (lookups.serviceAccount(a.namespace!, sa)) return undefined;
      return errors.forbidden(
        a.resource,
        a.name,
        `error looking up service account ${a.namespace}/${sa}: serviceaccount "${sa}" not found`,
      );
    },
  };
}

/**
 * The projected sources of every `kube-api-access-<5>` volume: the same in every pod, so one
 * frozen object is shared by all (scale: ~0.7 KB less per pod with 150,000 pods; the API server
 * freezes every stored object anyway, and the JSON is the same).
 */
const PROJECTED_TOKEN = deepFreeze(
  withFacts({
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            {
              path: 'namespace',
              fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
            },
          ],
        },
      },
    ],
  }),
);

function mountServiceAccountToken(pod: Pod, rng: Rng): void {
  const spec = pod.spec!;
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  if (containers.some((c) => c.volumeMounts?.some((m) => m.mountPath === MOUNT_PATH))) return;
  const volumeName = `kube-api-access-${randomSuffix(rng, 5)}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name: volumeName,
      projected: PROJECTED_TOKEN,
    },
  ];
  for (const c of containers) {
    c.volumeMounts = [
      ...(c.volumeMounts ?? []),
      { name: volumeName, readOnly: true, mountPath: MOUNT_PATH },
    ];
  }
}
