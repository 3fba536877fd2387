/** corpus-apps: the corpus's storage/ examples (./k8sExamples): StorageClasses, snapshots, migration. */
import type { Example } from './k8sExampleTypes';

/**
 * crd: the page's CRDs carry a `caBundle: <CABundle info>` placeholder, which is not base64: a
 * v1.31 server cannot decode the file (the caBundle is a Go []byte).
 */
const CA_BUNDLE_REFUSED =
  'CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: illegal base64 data at input byte 0';

/** kubectl's refusal of a kind the cluster does not serve. */
const noKind = (kind: string, apiVersion: string) =>
  `no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`;

export const STORAGE: Example[] = [
  // "Migrate Kubernetes Objects Using Storage Version Migration": the CRD is refused (see
  // CA_BUNDLE_REFUSED), so its custom resources have no kind; StorageVersionMigration is an alpha API
  // that v1.31 does not serve unless turned on.
  { file: 'storage/cr1.yaml', ends: { refused: noKind('SelfieRequest', 'stable.example.com/v1') } },
  { file: 'storage/cr2.yaml', ends: { refused: noKind('SelfieRequest', 'stable.example.com/v2') } },
  { file: 'storage/test-crd.yaml', ends: { refused: CA_BUNDLE_REFUSED } },
  { file: 'storage/test-crd-v2.yaml', ends: { refused: CA_BUNDLE_REFUSED } },
  ...[
    'migrate-crd.yaml',
    'storage-version-migration-status.yaml',
    'storage-version-migration-status02.yaml',
    'storage-version-migration.yaml',
  ].map((file): Example => ({
    file: `storage/${file}`,
    ends: { refused: noKind('StorageVersionMigration', 'storagemigration.k8s.io/v1alpha1') },
  })),
  // The old alpha snapshot API (and kind installs no snapshot CRDs at all).
  {
    file: 'storage/default-snapshot-class.yaml',
    ends: { refused: noKind('VolumeSnapshotClass', 'snapshot.storage.k8s.io/v1alpha1') },
  },
  {
    file: 'storage/snapshot.yaml',
    ends: { refused: noKind('VolumeSnapshot', 'snapshot.storage.k8s.io/v1alpha1') },
  },
  // Recursive read-only mounts need containerd 2.0; kind's 1.7 cannot: the kubelet refuses.
  { file: 'storage/rro.yaml', ends: { status: ['CreateContainerConfigError'] } },
  // StorageClasses are stored whatever their provisioner (no claim uses them here).
  ...(
    [
      ['storageclass-low-latency.yaml', 'low-latency'],
      ['storageclass/storageclass-aws-ebs.yaml', 'ebs-sc'],
      ['storageclass/storageclass-aws-efs.yaml', 'efs-sc'],
      ['storageclass/storageclass-azure-file.yaml', 'azurefile'],
      ['storageclass/storageclass-ceph-rbd.yaml', 'fast'],
      ['storageclass/storageclass-local.yaml', 'local-storage'],
      ['storageclass/storageclass-nfs.yaml', 'example-nfs'],
      ['storageclass/storageclass-portworx-volume.yaml', 'portworx-io-priority-high'],
    ] as const
  ).map(([file, name]): Example => ({
    file: `storage/${file}`,
    ends: { stored: [`storageclass.storage.k8s.io/${name}`] },
  })),
  // Named `standard`, kind's default class: apply patches it, and its provisioner and
  // parameters may not change.
  {
    file: 'storage/storageclass/storageclass-topology.yaml',
    ends: {
      refused:
        'The StorageClass "standard" is invalid: \n* parameters: Forbidden: updates to parameters are forbidden.\n* provisioner: Forbidden: updates to provisioner are forbidden.',
    },
  },
  // No node kube-01 and no claim task-pv-claim: Pending.
  { file: 'storage/storageclass/pod-volume-binding.yaml', ends: { status: ['Pending'] } },
];
