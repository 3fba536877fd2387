/**
 * The `admin/` examples beyond the quota and limit-range tasks (those stay in ./k8sExamples):
 * cluster DNS, logging sidecars, namespaces, storage limits, a second scheduler, Konnectivity and
 * cloud-controller-manager, as a fresh v1.31 kind cluster takes them.
 */
import type { Example } from './k8sExampleTypes';

const R = 'admin/resource';

export const ADMIN: Example[] = [
  // /docs/tasks/administer-cluster/namespaces-walkthrough/
  { file: 'admin/namespace-dev.yaml', ends: { stored: ['namespace/development'] } },
  { file: 'admin/namespace-prod.yaml', ends: { stored: ['namespace/production'] } },
  {
    file: 'admin/snowflake-deployment.yaml',
    ends: { running: 2, logs: 'Serving on port 9376.' },
  },
  // /docs/tasks/administer-cluster/dns-debugging-resolution/ (agnhost's default command, pause).
  { file: 'admin/dns/dnsutils.yaml', ends: { running: 1 } },
  {
    // The page has the learner replace `<SCALE_TARGET>` first; as written the autoscaler exits.
    file: 'admin/dns/dns-horizontal-autoscaler.yaml',
    namespace: 'kube-system',
    ends: {
      status: ['Error', 'CrashLoopBackOff'],
      logs: 'Target format error. Please use deployment/*, replicationcontroller/* or replicaset/* (not case sensitive).',
    },
  },
  // /docs/concepts/cluster-administration/logging/
  { file: 'admin/logging/two-files-counter-pod.yaml', ends: { running: 1 } },
  { file: 'admin/logging/two-files-counter-pod-streaming-sidecar.yaml', ends: { running: 1 } },
  {
    file: 'admin/logging/fluentd-sidecar-config.yaml',
    ends: { stored: ['configmap/fluentd-config'] },
  },
  // fluentd-gcp 1.30's google_cloud output finds no metadata server off Google Cloud: its
  // configure fails after the 60 s metadata timeout, and fluentd's supervisor starts a new worker
  // each time (it gives up only on a worker that dies within 1 s). Running, sending nothing.
  {
    file: 'admin/logging/two-files-counter-pod-agent-sidecar.yaml',
    before: ['apply -f admin/logging/fluentd-sidecar-config.yaml'],
    ends: { running: 1 },
    shows: [
      {
        kubectl: 'logs counter -c count-agent',
        contains: [
          '[error]: config error file="/etc/fluentd-config/fluentd.conf" error="Unable to obtain metadata parameters: project_id zone vm_id"',
          '[error]: fluentd main process died unexpectedly. restarting.',
        ],
      },
    ],
  },
  // /docs/concepts/policy/limit-range/ (its older revision): the per-Pod limits and ratio.
  {
    file: `${R}/limit-range-pod-2.yaml`,
    namespace: 'limitrange-demo',
    before: [
      'create namespace limitrange-demo',
      `apply -f ${R}/limit-mem-cpu-container.yaml --namespace=limitrange-demo`,
      `apply -f ${R}/limit-mem-cpu-pod.yaml --namespace=limitrange-demo`,
    ],
    ends: {
      refused:
        'pods "busybox2" is forbidden: [maximum cpu usage per Pod is 2, but limit is 2400m, maximum memory usage per Pod is 2Gi, but limit is 2306867200]',
    },
  },
  {
    file: `${R}/limit-memory-ratio-pod.yaml`,
    ends: { stored: ['limitrange/limit-memory-ratio-pod'] },
  },
  {
    file: `${R}/limit-range-pod-3.yaml`,
    before: [`apply -f ${R}/limit-memory-ratio-pod.yaml`],
    ends: {
      refused:
        'pods "busybox3" is forbidden: memory max limit to request ratio per Pod is 2, but provided ratio is 3.000000',
    },
  },
  // /docs/tasks/administer-cluster/limit-storage-consumption/
  { file: `${R}/storagelimits.yaml`, ends: { stored: ['limitrange/storagelimits'] } },
  {
    file: `${R}/pvc-limit-greater.yaml`,
    before: [`apply -f ${R}/storagelimits.yaml`],
    ends: {
      refused:
        'persistentvolumeclaims "pvc-limit-greater" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
    },
  },
  {
    file: `${R}/pvc-limit-lower.yaml`,
    before: [`apply -f ${R}/storagelimits.yaml`],
    ends: {
      refused:
        'persistentvolumeclaims "pvc-limit-lower" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    },
  },
  {
    file: `${R}/quota-objects-priority.yaml`,
    ends: {
      stored: ['resourcequota/pods-high', 'resourcequota/pods-medium', 'resourcequota/pods-low'],
    },
  },
  // /docs/tasks/extend-kubernetes/configure-multiple-schedulers/
  { file: 'admin/sched/pod1.yaml', ends: { running: 1 } },
  { file: 'admin/sched/pod2.yaml', ends: { running: 1 } },
  // No scheduler named my-scheduler runs: the pod waits, unscheduled.
  { file: 'admin/sched/pod3.yaml', ends: { status: ['Pending'] } },
  {
    // The page builds and pushes its own image first; this placeholder is pulled from nowhere.
    file: 'admin/sched/my-scheduler.yaml',
    namespace: 'kube-system',
    ends: { status: ['ErrImagePull', 'ImagePullBackOff'] },
  },
  {
    file: 'admin/sched/clusterrole.yaml',
    ends: { stored: ['clusterrole/system:kube-scheduler'] },
    // The bootstrap role exists, so apply says `configured` with kubectl's missing
    // last-applied-configuration warning on stderr, as a real cluster does.
    warning:
      'Warning: resource clusterroles/system:kube-scheduler is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply.',
  },
  // /docs/tasks/extend-kubernetes/setup-konnectivity/: files for the control plane's disk and
  // for a cluster whose API server is set up for Konnectivity.
  {
    file: 'admin/konnectivity/egress-selector-configuration.yaml',
    ends: {
      refused:
        'error: resource mapping not found for name: "" namespace: "" from "admin/konnectivity/egress-selector-configuration.yaml": no matches for kind "EgressSelectorConfiguration" in version "apiserver.k8s.io/v1beta1"\nensure CRDs are installed first',
    },
  },
  {
    file: 'admin/konnectivity/konnectivity-rbac.yaml',
    namespace: 'kube-system',
    ends: {
      stored: [
        'clusterrolebinding/system:konnectivity-server',
        'serviceaccount/konnectivity-agent',
      ],
    },
  },
  // A static pod manifest applied as a Pod: it lands on a worker, whose /etc/kubernetes/pki has
  // no API server key. proxy-server v0.0.32's Validate (cmd/server/app/options) stats
  // --cluster-key before --cluster-cert; RunE's error is printed by cobra with the usage and
  // logged by main, which exits 1.
  {
    file: 'admin/konnectivity/konnectivity-server.yaml',
    namespace: 'kube-system',
    ends: {
      status: ['Error', 'CrashLoopBackOff'],
      logs: 'main.go:49] error: failed to validate server options with error checking cluster key /etc/kubernetes/pki/apiserver.key, got stat /etc/kubernetes/pki/apiserver.key: no such file or directory',
    },
  },
  // proxy-agent v0.0.37 serves /healthz (always ok) and retries the unreachable server forever
  // (pkg/agent/clientset.go sync): Running, each gRPC dial ending after its 20 s timeout.
  {
    file: 'admin/konnectivity/konnectivity-agent.yaml',
    namespace: 'kube-system',
    before: ['apply -f admin/konnectivity/konnectivity-rbac.yaml'],
    ends: { running: 3, namespace: 'kube-system', logs: 'ProxyServerHost set to "35.225.206.7".' },
    shows: [
      {
        kubectl: 'logs daemonset/konnectivity-agent -n kube-system',
        contains: [
          'clientset.go:188] "cannot connect once" err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing dial tcp 35.225.206.7:8132: i/o timeout\\""',
        ],
      },
    ],
  },
  {
    // Its nodeSelector names the pre-v1.24 `master` role, which no kind node has: no pods.
    file: 'admin/cloud/ccm-example.yaml',
    namespace: 'kube-system',
    ends: {
      stored: [
        'serviceaccount/cloud-controller-manager',
        'clusterrolebinding/system:cloud-controller-manager',
        'daemonset/cloud-controller-manager',
      ],
    },
  },
  {
    // The input of a docs script, not a Kubernetes object.
    file: 'admin/signed-images/list-of-all-signed-images.yaml',
    ends: {
      refused:
        'error: error validating "admin/signed-images/list-of-all-signed-images.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    },
  },
];
