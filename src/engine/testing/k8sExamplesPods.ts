/** The corpus's pods/ examples (./k8sExamples): the Pods, configuration and scheduling pages. */
import { newerField, type Example } from './k8sExampleTypes';

export const PODS: Example[] = [
  // corpus: pods/ — the Pods, configuration and scheduling task pages.
  // The zone antarctica-east1 names no node: FailedScheduling, Pending.
  { file: 'pods/assigning-pods-to-nodes-affinity.yaml', ends: { status: ['Pending'] } },
  {
    file: 'pods/config/example-redis-config.yaml',
    ends: { stored: ['configmap/example-redis-config'] },
  },
  {
    file: 'pods/config/redis-pod.yaml',
    before: ['apply -f pods/config/example-redis-config.yaml'],
    ends: { running: 1 },
  },
  // emptyDir.mode is newer than v1.31: strict field validation refuses the pod.
  {
    file: 'pods/emptydir-volume-mode.yaml',
    ends: {
      refused:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.volumes[0].emptyDir.mode"',
    },
  },
  // The ImageVolume gate is off in v1.31: the API server drops the image volume and its mounts
  // (k/k dropImageVolumes) and the pod runs `sleep infinity` without them.
  // corpus-apps: settled (api/dropDisabled.ts).
  { file: 'pods/image-volumes-subpath.yaml', ends: { running: 1 } },
  { file: 'pods/image-volumes.yaml', ends: { running: 1 } },
  {
    file: 'pods/inject/configmap-envFrom.yaml',
    ends: { stored: ['configmap/envfrom-configmap'] },
  },
  {
    file: 'pods/inject/dapi-envars-container.yaml',
    ends: { running: 1, logs: '125m\n250m\n32Mi\n64Mi' },
  },
  { file: 'pods/inject/dapi-envars-pod.yaml', ends: { running: 1 } },
  {
    file: 'pods/inject/dapi-volume-resources.yaml',
    ends: { running: 1, logs: '250\n125\n64\n32' },
  },
  {
    file: 'pods/inject/dapi-volume.yaml',
    ends: { running: 1, logs: 'cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"' },
  },
  // UNCHANGE_REFERENCE is misspelt in the script: printenv prints nothing for it, as on the page.
  {
    file: 'pods/inject/dependent-envars.yaml',
    ends: {
      running: 1,
      logs: 'SERVICE_ADDRESS\nhttps://172.17.0.1:80\nUNCHANGE_REFERENCE\nESCAPED_REFERENCE\n$(PROTOCOL)://172.17.0.1:80',
    },
  },
  {
    file: 'pods/inject/envFrom.yaml',
    before: ['apply -f pods/inject/configmap-envFrom.yaml'],
    ends: { running: 1 },
  },
  // `\'` is no escape in a double-quoted YAML string (and fileKeyRef is newer than v1.31).
  {
    file: 'pods/inject/envars-file-container.yaml',
    ends: {
      refused: 'error converting YAML to JSON: yaml: line 9: found unknown escape character',
    },
  },
  { file: 'pods/inject/envars.yaml', ends: { running: 1 } },
  // A tab indents the second `env:`.
  {
    file: 'pods/inject/pod-multiple-secret-env-variable.yaml',
    ends: {
      refused:
        'error converting YAML to JSON: yaml: line 15: found character that cannot start any token',
    },
  },
  {
    file: 'pods/inject/pod-secret-envFrom.yaml',
    before: ['apply -f pods/inject/secret.yaml'],
    ends: { running: 1 },
  },
  // This revision has no apiVersion.
  {
    file: 'pods/inject/pod-single-secret-env-variable.yaml',
    ends: {
      refused:
        'error: error validating "pods/inject/pod-single-secret-env-variable.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false',
    },
  },
  {
    file: 'pods/inject/secret-envars-pod.yaml',
    before: ['apply -f pods/inject/secret.yaml'],
    ends: { running: 1 },
  },
  {
    file: 'pods/inject/secret-pod.yaml',
    before: ['apply -f pods/inject/secret.yaml'],
    ends: { running: 1 },
  },
  { file: 'pods/inject/secret.yaml', ends: { stored: ['secret/test-secret'] } },
  { file: 'pods/lifecycle-events.yaml', ends: { running: 1 } },
  // Sidecars (init containers with restartPolicy Always) are on by default since v1.29: each pod
  // runs its sidecar and its app container (READY 2/2). The ambassador's socat only dials
  // external-db.example.com when a client connects.
  ...['adapter', 'ambassador', 'localhost', 'resources'].map((name): Example => ({
    file: `pods/multi-container/${name}.yaml`,
    ends: { running: 1 },
  })),
  {
    file: 'pods/multi-container/startup-coordination.yaml',
    ends: { running: 1, logs: 'greeting=hello' },
  },
  { file: 'pods/multi-container/shared-volume.yaml', ends: { running: 1 } },
  // "Configure a Pod to Use a ConfigMap": the ConfigMaps the page creates first.
  ...(
    [
      ['pod-configmap-env-var-valueFrom.yaml', 'very charm\n'],
      ['pod-configmap-envFrom.yaml', 'SPECIAL_LEVEL=very'],
      ['pod-configmap-volume-specific-key.yaml', 'very'],
      ['pod-configmap-volume.yaml', 'SPECIAL_LEVEL\nSPECIAL_TYPE\n'],
    ] as const
  ).map(([file, logs]): Example => ({
    file: `pods/${file}`,
    before: [
      'create configmap special-config --from-literal=SPECIAL_LEVEL=very --from-literal=SPECIAL_TYPE=charm',
    ],
    ends: { succeeded: 1, logs },
  })),
  {
    file: 'pods/pod-multiple-configmap-env-variable.yaml',
    before: [
      'create configmap special-config --from-literal=special.how=very',
      'create configmap env-config --from-literal=log_level=INFO',
    ],
    ends: { succeeded: 1, logs: 'SPECIAL_LEVEL_KEY=very' },
  },
  {
    file: 'pods/pod-single-configmap-env-variable.yaml',
    before: ['create configmap special-config --from-literal=special.how=very'],
    ends: { succeeded: 1, logs: 'SPECIAL_LEVEL_KEY=very' },
  },
  // "Assign Pods to Nodes": the page labels a node disktype=ssd first.
  { file: 'pods/pod-nginx-preferred-affinity.yaml', ends: { running: 1 } },
  ...['pod-nginx-required-affinity.yaml', 'pod-nginx.yaml'].map((file): Example => ({
    file: `pods/${file}`,
    before: ['label nodes worker-1 disktype=ssd'],
    ends: { running: 1 },
  })),
  // Bound to a node that does not exist: the pod GC deletes the orphan (k/k podgc gcOrphaned).
  { file: 'pods/pod-nginx-specific-node.yaml', ends: { deleted: 'pod/nginx' } },
  { file: 'pods/pod-projected-svc-token.yaml', ends: { running: 1 } },
  { file: 'pods/pod-rs.yaml', ends: { running: 2 } },
  { file: 'pods/pod-with-affinity-anti-affinity.yaml', ends: { running: 1 } },
  { file: 'pods/pod-with-affinity-preferred-weight.yaml', ends: { running: 1 } },
  { file: 'pods/pod-with-node-affinity-1.yaml', ends: { status: ['Pending'] } },
  { file: 'pods/pod-with-node-affinity-2.yaml', ends: { running: 1 } },
  // This revision gives required… a list (of preferred terms): the decoder refuses it.
  {
    file: 'pods/pod-with-node-affinity.yaml',
    ends: {
      refused:
        'json: cannot unmarshal array into Go struct field NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution of type v1.NodeSelector',
    },
  },
  { file: 'pods/pod-with-numeric-toleration.yaml', ends: { running: 1 } },
  // No pod is labelled security=S1: the required pod affinity keeps it Pending.
  { file: 'pods/pod-with-pod-affinity.yaml', ends: { status: ['Pending'] } },
  { file: 'pods/pod-with-scheduling-gates.yaml', ends: { status: ['SchedulingGated'] } },
  { file: 'pods/pod-with-toleration.yaml', ends: { running: 1 } },
  { file: 'pods/pod-without-scheduling-gates.yaml', ends: { running: 1 } },
  // `<your-private-image>` is a placeholder: the kubelet cannot parse it as an image name.
  { file: 'pods/private-reg-pod.yaml', ends: { status: ['InvalidImageName'] } },
  { file: 'pods/probe/grpc-liveness.yaml', ends: { running: 1 } },
  // agnhost liveness answers /healthz 500 after 10 s; nginx has no /_status/healthz (404):
  // both are killed by their liveness probe and restarted, as the probe page shows.
  { file: 'pods/probe/http-liveness.yaml', ends: { running: 1, restarted: true } },
  { file: 'pods/probe/pod-with-http-healthcheck.yaml', ends: { running: 1, restarted: true } },
  { file: 'pods/probe/pod-with-tcp-socket-healthcheck.yaml', ends: { running: 1 } },
  { file: 'pods/probe/tcp-liveness-readiness.yaml', ends: { running: 1 } },
  // "Configure Quality of Service for Pods": each pod in the page's namespace.
  ...['qos-pod.yaml', 'qos-pod-2.yaml', 'qos-pod-3.yaml', 'qos-pod-4.yaml', 'qos-pod-5.yaml'].map(
    (file): Example => ({
      file: `pods/qos/${file}`,
      before: ['create namespace qos-example'],
      ends: { running: 1, namespace: 'qos-example' },
    }),
  ),
  // "Assign CPU Resources": 100 CPUs fit no node (Insufficient cpu), Pending.
  {
    file: 'pods/resource/cpu-request-limit-2.yaml',
    before: ['create namespace cpu-example'],
    namespace: 'cpu-example',
    ends: { status: ['Pending'] },
  },
  {
    file: 'pods/resource/cpu-request-limit.yaml',
    before: ['create namespace cpu-example'],
    ends: {
      running: 1,
      namespace: 'cpu-example',
      logs: 'main.go:26] Spawning 2 threads to consume CPU',
    },
  },
  // No node advertises example.com/dongle until the page PATCHes one's status: Pending.
  { file: 'pods/resource/extended-resource-pod-2.yaml', ends: { status: ['Pending'] } },
  { file: 'pods/resource/extended-resource-pod.yaml', ends: { status: ['Pending'] } },
  // "Assign Memory Resources": 250M against a 100Mi limit is OOMKilled, again and again.
  {
    file: 'pods/resource/memory-request-limit-2.yaml',
    before: ['create namespace mem-example'],
    namespace: 'mem-example',
    ends: { status: ['OOMKilled', 'CrashLoopBackOff'] },
  },
  // 1000Gi fits no node: Pending.
  {
    file: 'pods/resource/memory-request-limit-3.yaml',
    before: ['create namespace mem-example'],
    namespace: 'mem-example',
    ends: { status: ['Pending'] },
  },
  // Pod-level resources are v1.32 (alpha): v1.31 has no spec.resources.
  {
    file: 'pods/resource/pod-level-cpu-request-limit.yaml',
    before: ['create namespace pod-resources-example'],
    ends: {
      refused:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.resources"',
    },
  },
  ...(
    [
      ['pod-level-memory-request-limit.yaml', 'pod-resources-example'],
      ['pod-level-pid-limit.yaml', 'pod-resources-example'],
      ['pod-level-resize.yaml', undefined],
      ['pod-level-resources.yaml', 'pod-resources-example'],
      ['pod-level-resource-managers-container-scope-mixed.yaml', undefined],
      ['pod-level-resource-managers-empty-shared-pool.yaml', undefined],
      // corpus-apps:
      ['pod-level-resource-managers-pod-scope-mixed.yaml', undefined],
    ] as const
  ).map(([file, ns]): Example => ({
    file: `pods/resource/${file}`,
    ...(ns ? { before: [`create namespace ${ns}`] } : {}),
    ends: { refused: newerField('spec.resources') },
  })),
  // In-place resize (resizePolicy) is alpha in v1.31, the field served: the pod runs.
  {
    file: 'pods/resource/pod-resize.yaml',
    before: ['create namespace qos-example'],
    ends: { running: 1, namespace: 'qos-example' },
  },
  // restartPolicyRules (RestartAllContainers) is v1.34+.
  {
    file: 'pods/restart-policy/restart-all-containers.yaml',
    ends: { refused: newerField('spec.initContainers[1].restartPolicyRules') },
  },
  // "Restrict a Container's Access to Resources with AppArmor": the nodes load no profile of
  // their own (the page loads them over ssh): containerd cannot build the spec.
  {
    file: 'pods/security/apparmor/default-pod.yaml',
    ends: { running: 1, logs: 'Hello AppArmor!' },
  },
  ...[
    'pods/security/apparmor/hello-apparmor.yaml',
    'pods/security/hello-apparmor-2.yaml',
    'pods/security/hello-apparmor.yaml',
  ].map((file): Example => ({ file, ends: { status: ['CreateContainerError'] } })),
  // The seccomp annotations are non-functional since v1.27: the API server no longer copies them
  // into seccompProfile (k/k #114947) and warns (pkg/api/pod/warnings.go); the pods run.
  ...['audit-pod', 'default-pod', 'fine-pod', 'violation-pod'].map((name): Example => ({
    file: `pods/security/seccomp/alpha/${name}.yaml`,
    ends: { running: 1 },
    warning:
      'Warning: metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
  })),
  {
    file: 'pods/security/seccomp/fields.yaml',
    ends: {
      refused:
        'The Pod "pod" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create',
    },
  },
  // The page's kind cluster (seccomp/kind.yaml) mounts the profiles at /var/lib/kubelet/seccomp;
  // a fresh cluster has none there. The kubelet asks for /var/lib/kubelet/seccomp/<profile>
  // (kuberuntime helpers.go fieldSeccompProfile) and containerd cannot read it as it creates the
  // container (contrib/seccomp WithProfile): CreateContainerError, retried on every sync.
  // RuntimeDefault runs.
  { file: 'pods/security/seccomp/ga/default-pod.yaml', ends: { running: 1 } },
  ...['audit', 'fine-grained', 'violation'].map((profile): Example => {
    const ref = `/var/lib/kubelet/seccomp/profiles/${profile}.json`;
    const pod = profile === 'fine-grained' ? 'fine' : profile;
    return {
      file: `pods/security/seccomp/ga/${pod}-pod.yaml`,
      ends: { status: ['CreateContainerError'] },
      shows: [
        {
          kubectl: `describe pod ${pod}-pod`,
          contains: [
            `Error: failed to create containerd container: cannot load seccomp profile "${ref}": open ${ref}: no such file or directory`,
          ],
        },
      ],
    };
  }),
  // kind's own cluster configuration, not an API object.
  {
    file: 'pods/security/seccomp/kind.yaml',
    ends: {
      refused:
        'error: resource mapping not found for name: "" namespace: "" from "pods/security/seccomp/kind.yaml": no matches for kind "Cluster" in version "kind.x-k8s.io/v1alpha4"\nensure CRDs are installed first',
    },
  },
  ...[2, 3, 4, 5].map((n): Example => ({
    file: `pods/security/security-context-${n}.yaml`,
    ends: { running: 1 },
  })),
  { file: 'pods/security/security-context.yaml', ends: { running: 1 } },
  // supplementalGroupsPolicy is alpha in v1.31: with the gate off the API server drops it.
  // corpus-apps: settled (api/dropDisabled.ts).
  { file: 'pods/security/security-context-6.yaml', ends: { running: 1 } },
  {
    file: 'pods/security/security-context-7.yaml',
    ends: { refused: newerField('spec.containers[0].securityContext.cgroupOptions') },
  },
  {
    file: 'pods/storage/expandable-pvc-pod.yaml',
    before: ['apply -f pods/storage/expandable-pvc.yaml'],
    ends: { running: 1 },
  },
  // The default class `standard` binds when a pod uses the claim (WaitForFirstConsumer).
  {
    file: 'pods/storage/expandable-pvc.yaml',
    ends: { stored: ['persistentvolumeclaim/expandable-pvc'] },
  },
  // ClusterTrustBundleProjection is alpha in v1.31: with the gate off the API server sets each
  // source's clusterTrustBundle to nil (k/k pkg/api/pod/util.go
  // dropDisabledClusterTrustBundleProjection); validation lets an empty source through and the
  // kubelet projects nothing for it, so the pod runs with /root-certificates empty.
  {
    file: 'pods/storage/projected-clustertrustbundle.yaml',
    ends: { running: 1 },
    shows: [
      {
        kubectl: 'get pod sa-ctb-name-test -o jsonpath={.spec.volumes[0].projected.sources}',
        contains: ['[{},{}]'],
      },
    ],
  },
  {
    file: 'pods/storage/projected-podcertificate.yaml',
    ends: { refused: newerField('spec.volumes[0].projected.sources[0].podCertificate') },
  },
  // "Configure a Pod to Use a Projected Volume for Storage": the Secrets the page creates first.
  {
    file: 'pods/storage/projected-secret-downwardapi-configmap.yaml',
    before: [
      'create secret generic mysecret --from-literal=username=admin',
      'create configmap myconfigmap --from-literal=config=value',
    ],
    ends: { running: 1 },
  },
  {
    file: 'pods/storage/projected-secrets-nondefault-permission-mode.yaml',
    before: [
      'create secret generic mysecret --from-literal=username=admin',
      'create secret generic mysecret2 --from-literal=password=secret',
    ],
    ends: { running: 1 },
  },
  { file: 'pods/storage/projected-service-account-token.yaml', ends: { running: 1 } },
  {
    file: 'pods/storage/projected.yaml',
    before: [
      'create secret generic user --from-literal=username=admin',
      'create secret generic pass --from-literal=password=secret',
    ],
    ends: { running: 1 },
  },
  // Its claim test-nfs-claim does not exist: FailedScheduling, Pending.
  { file: 'pods/storage/pv-duplicate.yaml', ends: { status: ['Pending'] } },
  // "Configure a Pod to Use a PersistentVolume for Storage": the volume and claim first.
  ...['pv-pod-backup.yaml', 'pv-pod.yaml'].map((file): Example => ({
    file: `pods/storage/${file}`,
    before: ['apply -f pods/storage/pv-volume.yaml', 'apply -f pods/storage/pv-claim.yaml'],
    ends: { running: 1 },
  })),
  { file: 'pods/storage/pv-volume.yaml', ends: { stored: ['persistentvolume/task-pv-volume'] } },
  { file: 'pods/share-process-namespace.yaml', ends: { running: 1 } },
  // UserNamespacesSupport is off by default in v1.31: hostUsers is dropped, the pod runs.
  { file: 'pods/user-namespaces-stateless.yaml', ends: { running: 1 } },
  // kind's nodes have no `zone` label: the spread constraint's key is missing on every node.
  ...['one-constraint-with-nodeaffinity', 'one-constraint', 'two-constraints'].map(
    (name): Example => ({
      file: `pods/topology-spread-constraints/${name}.yaml`,
      ends: { status: ['Pending'] },
    }),
  ),
];
