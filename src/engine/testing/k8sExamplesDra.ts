/**
 * corpus-apps: the corpus's dra/ examples (./k8sExamples). Dynamic Resource Allocation is alpha
 * in v1.31 (resource.k8s.io/v1alpha3, off): the beta and GA versions these files name are not
 * served.
 */
import type { Example } from './k8sExampleTypes';

const noKind = (kind: string, apiVersion: string) =>
  `no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`;

export const DRA: Example[] = [
  ...(
    [
      ['deviceclass.yaml', 'DeviceClass', 'v1beta2'],
      ['dra-device-metadata-pod.yaml', 'ResourceClaim', 'v1'],
      ['dra-device-metadata-template-pod.yaml', 'ResourceClaimTemplate', 'v1'],
      ['resourceclaim.yaml', 'ResourceClaim', 'v1'],
      ['resourceclaimtemplate.yaml', 'ResourceClaimTemplate', 'v1'],
      ['driver-install/deviceclass.yaml', 'DeviceClass', 'v1'],
      ['driver-install/example/all.yaml', 'ResourceClaim', 'v1beta2'],
      ['driver-install/example/resourceclaim.yaml', 'ResourceClaim', 'v1'],
    ] as const
  ).map(([file, kind, version]): Example => ({
    file: `dra/${file}`,
    ends: { refused: noKind(kind, `resource.k8s.io/${version}`) },
  })),
  // With the DynamicResourceAllocation gate off the API server drops the pods' claims (k/k
  // pkg/api/pod/util.go dropDisabledDynamicResourceAllocationFields): they run unconstrained.
  { file: 'dra/dra-example-job.yaml', ends: { running: 2 } },
  {
    file: 'dra/driver-install/example/pod.yaml',
    before: ['create namespace dra-tutorial'],
    namespace: 'dra-tutorial',
    ends: { running: 1 },
  },
  // "Install a DRA driver".
  {
    file: 'dra/driver-install/all.yaml',
    // Its DeviceClass is resource.k8s.io/v1beta1, not served; the rest of the bundle applies.
    ends: { refused: noKind('DeviceClass', 'resource.k8s.io/v1beta1') },
  },
  {
    file: 'dra/driver-install/clusterrole.yaml',
    ends: { stored: ['clusterrole.rbac.authorization.k8s.io/dra-example-driver-role'] },
  },
  {
    file: 'dra/driver-install/clusterrolebinding.yaml',
    ends: {
      stored: ['clusterrolebinding.rbac.authorization.k8s.io/dra-example-driver-role-binding'],
    },
  },
  {
    file: 'dra/driver-install/priorityclass.yaml',
    ends: { stored: ['priorityclass.scheduling.k8s.io/dra-driver-high-priority'] },
  },
  // The page's namespace, PriorityClass and ServiceAccount first: a plugin pod per worker.
  {
    file: 'dra/driver-install/daemonset.yaml',
    before: [
      'create namespace dra-tutorial',
      'apply -f dra/driver-install/priorityclass.yaml',
      'apply -f dra/driver-install/serviceaccount.yaml',
    ],
    namespace: 'dra-tutorial',
    ends: { running: 3 },
  },
  {
    file: 'dra/driver-install/serviceaccount.yaml',
    before: ['create namespace dra-tutorial'],
    namespace: 'dra-tutorial',
    ends: { stored: ['serviceaccount/dra-example-driver-service-account'] },
  },
];
