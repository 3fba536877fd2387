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
  | { running: number; namespace?: string; restarted?: boolean }
  /** Pods that ran to completion (`Completed`); `logs` is how the first pod's log begins. */
  | { succeeded: number; logs?: string }
  /** Objects stored, no pods (Services, ConfigMaps…): `kubectl get` lists them. */
  | { stored: string[] }
  /** `kubectl apply` refuses the file with this text on stderr (a removed API version…). */
  | { refused: string }
  /** The pods' STATUS column, and a text their logs contain. */
  | { status: string[]; logs?: string };

export interface Example {
  /** Path under k8s-examples/, as under content/en/examples/. */
  file: string;
  /** kubectl commands the tutorial runs first (`create namespace mem-example`). */
  before?: string[];
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
  {
    file: 'controllers/replication.yaml',
    ends: { running: 3 },
    pending: { kind: 'ReplicationController', apiVersion: 'v1', track: 'workloads' },
  },
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
];
