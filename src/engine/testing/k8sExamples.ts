/**
 * What each manifest copied from kubernetes/website's `content/en/examples/` (./k8s-examples) does
 * on a real v1.31 cluster (a fresh kind cluster, no internet access), as the tutorial page that
 * uses it shows. The corpus test applies each one headless and checks it ends in this state.
 *
 * - `ends`: the state the tutorial shows once things settle.
 * - `pending`: a kind another track is adding; until it lands, `kubectl apply` refuses the file
 *   with the real `no matches for kind` text. Deleting the `pending` line makes the test check
 *   `ends` instead.
 * - `offline`: what a real cluster without internet access shows (the tutorial needs the web).
 */

/** The state a manifest ends in on a real cluster. */
export type ExampleEnd =
  /** Every pod the example made in the namespace Running and Ready, `running` of them. */
  /** (`logs`: a text the first pod's log contains.) */
  | { running: number; namespace?: string; restarted?: boolean; logs?: string }
  /** Pods that ran to completion (`Completed`); `logs` is how the first pod's log begins. */
  | { succeeded: number; logs?: string }
  /** Objects stored, no pods (Services, ConfigMaps…): `kubectl get` lists them. */
  | { stored: string[] }
  /** `kubectl apply` refuses the file with this text on stderr (a removed API version…). */
  | { refused: string }
  /** The pods' STATUS column, and a text their logs contain. */
  | { status: string[]; logs?: string }
  /** Created, then deleted by a controller (`kubectl get` finds it no more). */
  | { deleted: string };

export interface Example {
  /** Path under k8s-examples/, as under content/en/examples/. */
  file: string;
  /**
   * kubectl commands the tutorial runs first (`create namespace mem-example`); `apply -f` reads
   * the corpus's files (`apply -f admin/resource/quota-pod.yaml -n quota-pod-example`).
   */
  before?: string[];
  /** The namespace the tutorial applies the file to (`--namespace=…`), where it is checked. */
  namespace?: string;
  ends: ExampleEnd;
  /** A kind another track adds; the file is refused until then. */
  pending?: { kind: string; apiVersion: string; track: 'workloads' | 'storage' };
  /** Why the tutorial's state cannot be reached without internet access. */
  offline?: string;
  /** Not checked yet since the kind landed: what to look at (the test is skipped). */
  todo?: string;
}

export const EXAMPLES: Example[] = [
  { file: 'admin/dns/busybox.yaml', ends: { running: 1 } },
  {
    file: 'application/basic-daemonset.yaml',
    ends: { running: 3 },
    todo: 'DaemonSet landed; the init container reads a hostPath File (/etc/machine-id)',
  },
  {
    file: 'application/canary/app-service.yaml',
    ends: { stored: ['service/rollout-demo-service'] },
  },
  { file: 'application/canary/app-v1-deployment.yaml', ends: { running: 3 } },
  { file: 'application/canary/app-v2-deployment.yaml', ends: { running: 1 } },
  { file: 'application/cassandra/cassandra-service.yaml', ends: { stored: ['service/cassandra'] } },
  {
    file: 'application/cassandra/cassandra-statefulset.yaml',
    ends: { running: 3 },
    todo: 'StatefulSet landed; its StorageClass names k8s.io/minikube-hostpath, which kind lacks',
  },
  { file: 'application/deployment-scale.yaml', ends: { running: 4 } },
  { file: 'application/deployment-update.yaml', ends: { running: 2 } },
  { file: 'application/deployment.yaml', ends: { running: 2 } },
  { file: 'application/guestbook/frontend-deployment.yaml', ends: { running: 3 } },
  { file: 'application/guestbook/frontend-service.yaml', ends: { stored: ['service/frontend'] } },
  { file: 'application/guestbook/redis-follower-deployment.yaml', ends: { running: 2 } },
  {
    file: 'application/guestbook/redis-follower-service.yaml',
    ends: { stored: ['service/redis-follower'] },
  },
  { file: 'application/guestbook/redis-leader-deployment.yaml', ends: { running: 1 } },
  {
    file: 'application/guestbook/redis-leader-service.yaml',
    ends: { stored: ['service/redis-leader'] },
  },
  // This stored version still says batch/v1beta1, which v1.25 removed: a v1.31 cluster refuses it
  // whether or not CronJob (batch/v1) is there.
  {
    file: 'application/job/cronjob.yaml',
    ends: {
      refused:
        'resource mapping not found for name: "hello" namespace: "" from "application/job/cronjob.yaml": no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first',
    },
  },
  { file: 'application/php-apache.yaml', ends: { running: 1 } },
  // hpa: the walkthrough's autoscaler (its scaling is checked in kubectl/hpaGolden.test.ts).
  {
    file: 'application/hpa/php-apache.yaml',
    ends: { stored: ['horizontalpodautoscaler.autoscaling/php-apache'] },
  },
  { file: 'application/shell-demo.yaml', ends: { running: 1 } },
  {
    file: 'controllers/daemonset.yaml',
    ends: { running: 3, namespace: 'kube-system' },
  },
  { file: 'controllers/frontend.yaml', ends: { running: 3 } },
  // This version quotes the script (`"\"print bpi(2000)\""`), so perl evaluates a string constant:
  // it warns on stderr and exits 0, and the Job completes with no digits printed.
  {
    file: 'controllers/job.yaml',
    ends: { succeeded: 1, logs: 'Useless use of a constant ("print bpi(2000)") in void context' },
  },
  { file: 'controllers/replication.yaml', ends: { running: 3 } },
  {
    file: 'pods/init-containers.yaml',
    ends: {
      status: ['Init:Error', 'Init:CrashLoopBackOff'],
      logs: "wget: bad address 'info.cern.ch'",
    },
    offline: 'the init container downloads http://info.cern.ch',
  },
  { file: 'pods/simple-pod.yaml', ends: { running: 1 } },
  // The container is killed when `cat /tmp/healthy` starts failing (about 35 s in) and restarted.
  { file: 'pods/probe/exec-liveness.yaml', ends: { running: 1, restarted: true } },
  // printenv prints the pod's hostname and the `kubernetes` Service's variable, then exits 0.
  {
    file: 'pods/commands.yaml',
    ends: { succeeded: 1, logs: 'command-demo\ntcp://10.96.0.1:443\n' },
  },
  {
    file: 'pods/resource/memory-request-limit.yaml',
    before: ['create namespace mem-example'],
    ends: { running: 1, namespace: 'mem-example' },
  },
  { file: 'service/load-balancer-example.yaml', ends: { running: 5 } },
  { file: 'service/networking/run-my-nginx.yaml', ends: { running: 2 } },
  {
    file: 'pods/storage/pv-claim.yaml',
    ends: { stored: ['persistentvolumeclaim/task-pv-claim'] },
  },
  { file: 'pods/storage/redis.yaml', ends: { running: 1 } },
  // quota: the ResourceQuota and LimitRange tasks (docs/tasks/administer-cluster/manage-resources/
  // and quota-api-object), each file applied after the steps of its page that come before it.
  ...quotaTask('quota-mem-cpu-example', 'admin/resource/quota-mem-cpu.yaml', [
    { file: 'admin/resource/quota-mem-cpu.yaml', ends: { stored: ['resourcequota/mem-cpu-demo'] } },
    { file: 'admin/resource/quota-mem-cpu-pod.yaml', ends: { running: 1 } },
    {
      file: 'admin/resource/quota-mem-cpu-pod-2.yaml',
      ends: {
        refused:
          'pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
      },
    },
  ]),
  ...quotaTask('quota-pod-example', 'admin/resource/quota-pod.yaml', [
    { file: 'admin/resource/quota-pod.yaml', ends: { stored: ['resourcequota/pod-demo'] } },
    // Three replicas asked for, two pods allowed: the ReplicaSet's third create is refused.
    { file: 'admin/resource/quota-pod-deployment.yaml', ends: { running: 2 } },
  ]),
  ...quotaTask('quota-object-example', 'admin/resource/quota-objects.yaml', [
    {
      file: 'admin/resource/quota-objects.yaml',
      ends: { stored: ['resourcequota/object-quota-demo'] },
    },
    // The class `manual` has no provisioner: the claim stays Pending, as the page shows.
    {
      file: 'admin/resource/quota-objects-pvc.yaml',
      ends: { stored: ['persistentvolumeclaim/pvc-quota-demo'] },
    },
    {
      file: 'admin/resource/quota-objects-pvc-2.yaml',
      ends: {
        refused:
          'persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: object-quota-demo, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=1, limited: persistentvolumeclaims=1',
      },
    },
  ]),
  ...quotaTask('default-mem-example', 'admin/resource/memory-defaults.yaml', [
    {
      file: 'admin/resource/memory-defaults.yaml',
      ends: { stored: ['limitrange/mem-limit-range'] },
    },
    { file: 'admin/resource/memory-defaults-pod.yaml', ends: { running: 1 } },
    { file: 'admin/resource/memory-defaults-pod-2.yaml', ends: { running: 1 } },
    { file: 'admin/resource/memory-defaults-pod-3.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('default-cpu-example', 'admin/resource/cpu-defaults.yaml', [
    { file: 'admin/resource/cpu-defaults.yaml', ends: { stored: ['limitrange/cpu-limit-range'] } },
    { file: 'admin/resource/cpu-defaults-pod.yaml', ends: { running: 1 } },
    { file: 'admin/resource/cpu-defaults-pod-2.yaml', ends: { running: 1 } },
    { file: 'admin/resource/cpu-defaults-pod-3.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('constraints-mem-example', 'admin/resource/memory-constraints.yaml', [
    {
      file: 'admin/resource/memory-constraints.yaml',
      ends: { stored: ['limitrange/mem-min-max-demo-lr'] },
    },
    { file: 'admin/resource/memory-constraints-pod.yaml', ends: { running: 1 } },
    {
      file: 'admin/resource/memory-constraints-pod-2.yaml',
      ends: {
        refused:
          'pods "constraints-mem-demo-2" is forbidden: maximum memory usage per Container is 1Gi, but limit is 1536Mi',
      },
    },
    {
      file: 'admin/resource/memory-constraints-pod-3.yaml',
      ends: {
        refused:
          'pods "constraints-mem-demo-3" is forbidden: minimum memory usage per Container is 500Mi, but request is 100Mi',
      },
    },
    { file: 'admin/resource/memory-constraints-pod-4.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('constraints-cpu-example', 'admin/resource/cpu-constraints.yaml', [
    {
      file: 'admin/resource/cpu-constraints.yaml',
      ends: { stored: ['limitrange/cpu-min-max-demo-lr'] },
    },
    { file: 'admin/resource/cpu-constraints-pod.yaml', ends: { running: 1 } },
    {
      file: 'admin/resource/cpu-constraints-pod-2.yaml',
      ends: {
        refused:
          'pods "constraints-cpu-demo-2" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m',
      },
    },
    {
      file: 'admin/resource/cpu-constraints-pod-3.yaml',
      ends: {
        refused:
          'pods "constraints-cpu-demo-3" is forbidden: minimum cpu usage per Container is 200m, but request is 100m',
      },
    },
    { file: 'admin/resource/cpu-constraints-pod-4.yaml', ends: { running: 1 } },
  ]),
  // net: the Ingress and NetworkPolicy examples of the Ingress, IngressClass and NetworkPolicy
  // concept pages. Stored as a real cluster stores them; an Ingress of a class no controller
  // serves (nginx-example) is stored and never gets an address.
  ...(
    [
      ['default-ingressclass.yaml', 'ingressclass/example-class'],
      ['external-lb.yaml', 'ingressclass/external-lb'],
      ['namespaced-params.yaml', 'ingressclass/external-lb'],
      ['ingress-resource-backend.yaml', 'ingress/ingress-resource-backend'],
      ['ingress-wildcard-host.yaml', 'ingress/ingress-wildcard-host'],
      ['minimal-ingress.yaml', 'ingress/minimal-ingress'],
      ['name-virtual-host-ingress.yaml', 'ingress/name-virtual-host-ingress'],
      [
        'name-virtual-host-ingress-no-third-host.yaml',
        'ingress/name-virtual-host-ingress-no-third-host',
      ],
      ['simple-fanout-example.yaml', 'ingress/simple-fanout-example'],
      ['test-ingress.yaml', 'ingress/test-ingress'],
      ['tls-example-ingress.yaml', 'ingress/tls-example-ingress'],
      ['nginx-policy.yaml', 'networkpolicy/access-nginx'],
      ['networkpolicy.yaml', 'networkpolicy/test-network-policy'],
      ['networkpolicy-multiport-egress.yaml', 'networkpolicy/multi-port-egress'],
      ['network-policy-default-deny-ingress.yaml', 'networkpolicy/default-deny-ingress'],
      ['network-policy-default-deny-egress.yaml', 'networkpolicy/default-deny-egress'],
      ['network-policy-default-deny-all.yaml', 'networkpolicy/default-deny-all'],
      ['network-policy-allow-all-ingress.yaml', 'networkpolicy/allow-all-ingress'],
      ['network-policy-allow-all-egress.yaml', 'networkpolicy/allow-all-egress'],
      [
        'network-policy-allow-all-egress-deny-all-ingress.yaml',
        'networkpolicy/allow-egress-deny-ingress',
      ],
    ] as const
  ).map(([file, ref]) => ({ file: `service/networking/${file}`, ends: { stored: [ref] } })),
  {
    // The index's revision of this file is the page's old networking.k8s.io/v1beta1 one, which
    // v1.22 removed: a v1.31 cluster refuses it.
    file: 'service/networking/example-ingress.yaml',
    ends: {
      refused: 'no matches for kind "Ingress" in version "networking.k8s.io/v1beta1"',
    },
  },
  // The per-container and per-pod limit ranges of the (older) limit-range admin page, and the
  // pod it creates under the first: its four containers get the defaults they lack (the third,
  // with limits only, takes its requests from them) and all are within min and max.
  ...quotaTask('limitrange-demo', 'admin/resource/limit-mem-cpu-container.yaml', [
    {
      file: 'admin/resource/limit-mem-cpu-container.yaml',
      ends: { stored: ['limitrange/limit-mem-cpu-per-container'] },
    },
    { file: 'admin/resource/limit-range-pod-1.yaml', ends: { running: 1 } },
  ]),
  ...quotaTask('limitrange-pod-demo', 'admin/resource/limit-mem-cpu-pod.yaml', [
    {
      file: 'admin/resource/limit-mem-cpu-pod.yaml',
      ends: { stored: ['limitrange/limit-mem-cpu-per-pod'] },
    },
  ]),

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
  {
    file: 'pods/image-volumes-subpath.yaml',
    ends: { running: 1 },
    todo: 'the decoder does not know spec.volumes[].image (v1.31 drops it with the gate off)',
  },
  {
    file: 'pods/image-volumes.yaml',
    ends: { running: 1 },
    todo: 'the decoder does not know spec.volumes[].image (v1.31 drops it with the gate off)',
  },
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
  // The seccomp annotations are non-functional since v1.27 (the API server warns): the pods run.
  ...['audit-pod', 'default-pod', 'fine-pod', 'violation-pod'].map((name): Example => ({
    file: `pods/security/seccomp/alpha/${name}.yaml`,
    ends: { running: 1 },
  })),
  {
    file: 'pods/security/seccomp/fields.yaml',
    ends: {
      refused:
        'The Pod "pod" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create',
    },
  },
  // On the page's kind cluster (seccomp/kind.yaml mounts the profiles into the node).
  ...['audit-pod', 'default-pod', 'fine-pod'].map((name): Example => ({
    file: `pods/security/seccomp/ga/${name}.yaml`,
    ends: { running: 1 },
  })),
  {
    file: 'pods/security/seccomp/ga/violation-pod.yaml',
    ends: { status: ['CrashLoopBackOff'] },
    todo: 'seccomp profiles are not simulated: violation.json denies every syscall',
  },
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
  {
    file: 'pods/security/security-context-6.yaml',
    ends: { running: 1 },
    todo: 'the decoder does not know supplementalGroupsPolicy (v1.31 alpha, dropped with the gate off)',
  },
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
  {
    file: 'pods/storage/projected-clustertrustbundle.yaml',
    ends: { running: 1 },
    todo: 'ClusterTrustBundle projection is alpha in v1.31: check what the API server keeps of it',
  },
];

/** Strict field validation's refusal of a Pod field newer than v1.31. */
function newerField(path: string): string {
  return `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "${path}"`;
}

/**
 * The files of one quota or limit-range task page, in its order: each is applied to the page's
 * namespace after the namespace, the policy (`first`) and the pods the page ran before it (pods
 * the page deletes before the next step are not applied again).
 */
function quotaTask(
  namespace: string,
  first: string,
  steps: { file: string; ends: ExampleEnd }[],
): Example[] {
  return steps.map((step, i) => {
    // The pages delete each LimitRange pod before the next; the quota pages keep theirs.
    const keeps = first.includes('quota');
    const earlier = steps
      .slice(0, i)
      .map((s) => s.file)
      .filter((f) => f !== first);
    return {
      file: step.file,
      namespace,
      before: [
        `create namespace ${namespace}`,
        ...(step.file === first ? [] : [first]),
        ...(keeps
          ? earlier.filter((f) => !('refused' in steps.find((s) => s.file === f)!.ends))
          : []),
      ].map((x) => (x.startsWith('create ') ? x : `apply -f ${x} --namespace=${namespace}`)),
      ends: 'running' in step.ends ? { ...step.ends, namespace } : step.ends,
    };
  });
}
