/**
 * The `policy/` examples: PodDisruptionBudgets (/docs/tasks/run-application/configure-pdb/),
 * priority-class quotas (/docs/concepts/policy/resource-quotas/), the removed PodSecurityPolicy
 * and a ServiceCIDR admission policy, as a fresh v1.31 kind cluster takes them.
 */
import type { Example } from './k8sExampleTypes';

/** PodSecurityPolicy (policy/v1beta1) was removed in v1.25. */
const psp = (name: string, file: string) => ({
  refused: `error: resource mapping not found for name: "${name}" namespace: "" from "policy/${file}": no matches for kind "PodSecurityPolicy" in version "policy/v1beta1"\nensure CRDs are installed first`,
});

export const POLICY: Example[] = [
  {
    file: 'policy/zookeeper-pod-disruption-budget-minavailable.yaml',
    ends: { stored: ['poddisruptionbudget/zk-pdb'] },
  },
  {
    file: 'policy/zookeeper-pod-disruption-budget-maxunavailable.yaml',
    ends: { stored: ['poddisruptionbudget/zk-pdb'] },
  },
  { file: 'policy/baseline-psp.yaml', ends: psp('baseline', 'baseline-psp.yaml') },
  { file: 'policy/example-psp.yaml', ends: psp('example', 'example-psp.yaml') },
  { file: 'policy/privileged-psp.yaml', ends: psp('privileged', 'privileged-psp.yaml') },
  { file: 'policy/restricted-psp.yaml', ends: psp('restricted', 'restricted-psp.yaml') },
  {
    // The ResourceQuota admission plugin's configuration file, for the API server's flag.
    file: 'policy/admission-config-file.yaml',
    ends: {
      refused:
        'error: resource mapping not found for name: "" namespace: "" from "policy/admission-config-file.yaml": no matches for kind "AdmissionConfiguration" in version "apiserver.k8s.io/v1alpha1"\nensure CRDs are installed first',
    },
  },
  {
    file: 'policy/quota.yaml',
    ends: {
      stored: ['resourcequota/pods-high', 'resourcequota/pods-medium', 'resourcequota/pods-low'],
    },
  },
  {
    file: 'policy/priority-class-resourcequota.yaml',
    ends: { stored: ['resourcequota/pods-cluster-services'] },
  },
  {
    // The page assumes a PriorityClass `high`; a fresh cluster has none.
    file: 'policy/high-priority-pod.yaml',
    ends: {
      refused:
        'Error from server (Forbidden): error when creating "policy/high-priority-pod.yaml": pods "high-priority" is forbidden: no PriorityClass with name high was found',
    },
  },
  {
    file: 'policy/service-cluster-cidr-address-range.yaml',
    ends: {
      stored: [
        'validatingadmissionpolicy/servicecidrs.default',
        'validatingadmissionpolicybinding/servicecidrs-binding',
      ],
    },
  },
  {
    file: 'policy/gold-vac-pvc.yaml',
    // apf: v1.31 (VolumeAttributesClass gate off) drops volumeAttributesClassName, and the
    // DefaultStorageClass plugin gives the null storageClassName `standard` (checked in
    // api/dropDisabled.test.ts).
    ends: { stored: ['persistentvolumeclaim/gold-vac-pvc'] },
  },
  {
    file: 'policy/quota-vac.yaml',
    // apf: the VolumeAttributesClass scope came in v1.33; v1.31 refuses each quota.
    ends: {
      refused:
        'ResourceQuota "pvcs-gold" is invalid: spec.scopeSelector.matchExpressions.scopeName: Invalid value: "VolumeAttributesClass": unsupported scope',
    },
  },
];
