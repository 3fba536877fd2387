import type { ApiStage } from '../stages';
import type { Rng } from '../../sim/rng';
import { AdmissionChain } from './chain';
import { defaultStorageClass } from './defaultStorageClass';
import { defaultTolerationSeconds } from './defaultTolerationSeconds';
import type { AdmissionLookups } from './interfaces';
import { namespaceLifecycleAdmit, namespaceLifecycleValidate } from './namespaceLifecycle';
import { resourceQuota } from './resourceQuota';
// quota:
import { limitRangerAdmit, limitRangerValidate } from './limitRanger';
import { serviceAccountAdmit, serviceAccountValidate } from './serviceAccount';
// corpus-policy:
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { priorityAdmit, priorityValidate } from './priority';
// apf:
import { mutatingAdmissionWebhook, validatingAdmissionWebhook } from './webhook';
import { validatingAdmissionPolicy } from './validatingAdmissionPolicy';

/**
 * The enabled admission plugins, in kube-apiserver's order (k/k: pkg/kubeapiserver/options/
 * plugins.go AllOrderedPlugins). Adding a plugin means adding its file and its place here.
 */
export function newAdmissionChain(
  lookups: AdmissionLookups,
  rng: Rng,
  stage: (name: ApiStage, summary: string) => void,
): AdmissionChain {
  // corpus-policy:
  const priorityClasses = () => (lookups.priorityClasses?.() ?? []) as unknown as PriorityClass[];
  return new AdmissionChain(
    [
      namespaceLifecycleAdmit(lookups),
      // quota: LimitRanger comes right after NamespaceLifecycle in kube-apiserver's order.
      limitRangerAdmit(lookups),
      serviceAccountAdmit(rng),
      // corpus-policy: Priority comes after ServiceAccount, before DefaultTolerationSeconds.
      priorityAdmit(priorityClasses),
      defaultTolerationSeconds(),
      // storage:
      defaultStorageClass(lookups),
      // apf: MutatingAdmissionWebhook is the last mutating plugin.
      mutatingAdmissionWebhook(lookups),
    ],
    [
      namespaceLifecycleValidate(lookups),
      // quota:
      limitRangerValidate(lookups),
      serviceAccountValidate(lookups),
      // corpus-policy:
      priorityValidate(priorityClasses),
      // ValidatingAdmissionPolicy, then ValidatingAdmissionWebhook, right before ResourceQuota.
      validatingAdmissionPolicy(lookups),
      validatingAdmissionWebhook(lookups),
      resourceQuota(lookups),
    ],
    stage,
  );
}
