/** The corpus's controllers/ examples (./k8sExamples): the workload concept and task pages. */
import type { Example } from './k8sExampleTypes';

export const CONTROLLERS: Example[] = [
  // No node is labelled ssd=true: the DaemonSet makes no pod.
  {
    file: 'controllers/daemonset-label-selector.yaml',
    ends: { stored: ['daemonset.apps/nginx-ssd'] },
  },
  // Tolerates only the old master taint: one pod per worker, none on the control plane.
  {
    file: 'controllers/fluentd-daemonset-update.yaml',
    ends: { running: 3, namespace: 'kube-system' },
  },
  // Tolerates the control-plane taint too: a pod on each of the four nodes.
  { file: 'controllers/fluentd-daemonset.yaml', ends: { running: 4, namespace: 'kube-system' } },
  // autoscaling/v1 is still served (converted to the stored v2).
  {
    file: 'controllers/hpa-rs.yaml',
    ends: { stored: ['horizontalpodautoscaler.autoscaling/frontend-scaler'] },
  },
  // jobs: even indexes exit 1 twice each (one retry per index): five failed indexes, not more
  // than maxFailedIndexes, so every index runs and the Job fails with FailedIndexes — the status
  // the job concept page prints (succeeded 5, failed 10).
  {
    file: 'controllers/job-backoff-limit-per-index-example.yaml',
    ends: { status: ['Completed', 'Error'], logs: 'Hello world' },
    shows: [
      {
        kubectl: 'get job job-backoff-limit-per-index-example -o yaml',
        contains: [
          'completedIndexes: 1,3,5,7,9',
          'failedIndexes: 0,2,4,6,8',
          'failed: 10',
          'succeeded: 5',
          'reason: FailedIndexes',
          'type: Failed',
        ],
      },
    ],
  },
  // jobs: index 0 exits 1 twice (one retry), index 1 exits 42 (FailIndex: no retry), 2 and 3
  // succeed — the status the pod failure policy task page prints.
  {
    file: 'controllers/job-backoff-limit-per-index-failindex.yaml',
    ends: { status: ['Completed', 'Error'] },
    shows: [
      {
        kubectl: 'get job job-backoff-limit-per-index-failindex -o yaml',
        contains: [
          'completedIndexes: 2,3',
          'failedIndexes: 0,1',
          'failed: 3',
          'succeeded: 2',
          'message: Job has failed indexes',
          'type: Failed',
        ],
      },
    ],
  },
  // The image does not exist; the ConfigIssue condition is one the page adds by hand.
  {
    file: 'controllers/job-pod-failure-policy-config-issue.yaml',
    ends: { status: ['ErrImagePull', 'ImagePullBackOff'] },
  },
  // Exit code 42 matches the FailJob rule: the first failure fails the Job, no retries.
  ...['job-pod-failure-policy-example.yaml', 'job-pod-failure-policy-failjob.yaml'].map(
    (file): Example => ({
      file: `controllers/${file}`,
      // corpus-apps: settled (controllers/jobPodFailurePolicy.ts).
      ends: { status: ['Error'] },
    }),
  ),
  // A tab before `status:`.
  {
    file: 'controllers/job-pod-failure-policy-ignore.yaml',
    ends: {
      refused:
        'error converting YAML to JSON: yaml: line 24: found character that cannot start any token',
    },
  },
  // This revision has no metadata.name: apply cannot look the object up.
  {
    file: 'controllers/job-success-policy-example.yaml',
    ends: {
      refused:
        'error: error when retrieving current configuration of:\nResource: "jobs", GroupVersionKind: "batch/v1, Kind=Job"\nName: "", Namespace: "default"\nfrom server for: "controllers/job-success-policy-example.yaml": resource name may not be empty',
    },
  },
  // jobs: index 2 succeeds, the nine others exit 1. Which the Job controller sees first is a
  // race on a real cluster too: syncJob checks the backoff limit (6) before the success policy.
  // Here the three nodes finish pulling python at the same instant, so eight failures come in the
  // same one-second sync batch as index 2's success and the Job fails (BackoffLimitExceeded); the
  // page's path (SuccessCriteriaMet, then Complete) is controllers/jobSuccessPolicy.test.ts's.
  {
    file: 'controllers/job-success-policy.yaml',
    ends: { status: ['Completed', 'Error'] },
    shows: [{ kubectl: 'get job job-success -o yaml', contains: ['completedIndexes: "2"'] }],
  },
  { file: 'controllers/nginx-deployment.yaml', ends: { running: 3 } },
  { file: 'controllers/replicaset.yaml', ends: { running: 3 } },
  { file: 'controllers/replication-nginx-1.14.2.yaml', ends: { running: 5 } },
  // `nginx -T` tests and prints the configuration and exits 0: restarted again and again.
  {
    file: 'controllers/replication-nginx-1.16.1.yaml',
    ends: { status: ['CrashLoopBackOff', 'Completed'], logs: 'syntax is ok' },
  },
  {
    file: 'controllers/replication-nginx-1.9.2.yaml',
    ends: { status: ['CrashLoopBackOff', 'Completed'] },
  },
  // The claims name the class my-storage-class, which does not exist: web-0 waits, Pending.
  { file: 'controllers/statefulset.yaml', ends: { status: ['Pending'] } },
];
